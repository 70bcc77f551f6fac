#include "core/files.hpp"

#include <filesystem>
#include <system_error>

#include "gridgov/core/errors.hpp"

namespace gridgov::detail {

std::ifstream open_for_reading(const std::string& path, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw FormatError("cannot open '" + path + "' for reading: no such file");
  if (fs::is_directory(status)) throw FormatError("'" + path + "' is a folder, not " + std::string(what));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError("cannot open '" + path + "' for reading: no permission");
  return in;
}

void write_file(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw FormatError("cannot write '" + path + "': it is a folder");
  const fs::path target(path);
  const fs::path partial = target.parent_path() / ("." + target.filename().string() + ".partial");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw FormatError("cannot open '" + path + "' for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(partial, ec);
      throw FormatError("writing '" + path + "' failed (disk full?); the file is left as it was");
    }
  }
  fs::rename(partial, target, ec);  // atomic on one file system (POSIX rename, MoveFileEx on Windows)
  if (ec) {
    const std::string why = ec.message();
    fs::remove(partial, ec);
    throw FormatError("cannot replace '" + path + "': " + why);
  }
}

}  // namespace gridgov::detail
