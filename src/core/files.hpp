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

/// Writes `bytes` to `path`, replacing it whole or not at all: the bytes go to a hidden
/// temporary file beside it (".<name>.partial") that is renamed over `path` once complete, so
/// a full disk or a crash never leaves a truncated model or policy file in place of a good one.
/// FormatError naming `path` when it cannot be written (the temporary file is removed).
void write_file(const std::string& path, std::string_view bytes);

}  // namespace gridgov::detail
