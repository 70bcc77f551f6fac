// Opening and writing files with typed errors that name the file (private to src/): the model
// file and the escalation policy file share these rules.
#pragma once

#include <fstream>
#include <string>
#include <string_view>

namespace gridgov::detail {

/// Opens `path` for binary reading. FormatError naming it when there is no such file, when it
/// is a folder ("'x' is a folder, not <what>"), or when it cannot be opened.
[[nodiscard]] std::ifstream open_for_reading(const std::string& path, std::string_view what);

/// Writes `bytes` to `path`, replacing it. FormatError naming it when it cannot be opened or
/// the write fails.
void write_file(const std::string& path, std::string_view bytes);

}  // namespace gridgov::detail
