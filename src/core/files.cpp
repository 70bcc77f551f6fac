#include "core/files.hpp"

#include <filesystem>
#include <system_error>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::detail {

std::ifstream open_for_reading(const std::string& path, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw FormatError(messages::format("files.no_such_file", {{"path", path}}));
  if (fs::is_directory(status)) throw FormatError(messages::format("files.is_folder",
                                                                   {{"path", path}, {"what", std::string(what)}}));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError(messages::format("files.no_permission", {{"path", path}}));
  return in;
}

void write_file(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw FormatError(messages::format("files.write_folder", {{"path", path}}));
  const fs::path target(path);
  const fs::path partial = target.parent_path() / ("." + target.filename().string() + ".partial");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw FormatError(messages::format("files.cannot_write", {{"path", path}}));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(partial, ec);
      throw FormatError(messages::format("files.write_failed", {{"path", path}}));
    }
  }
  fs::rename(partial, target, ec);  // atomic on one file system (POSIX rename, MoveFileEx on Windows)
  if (ec) {
    const std::string why = ec.message();
    fs::remove(partial, ec);
    throw FormatError(messages::format("files.cannot_replace", {{"path", path}, {"why", why}}));
  }
}

}  // namespace gridgov::detail
