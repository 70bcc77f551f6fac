// Saving and loading a Model: a versioned binary file that keeps every node, link, attribute,
// metadata entry and deferred finding exactly (UTF-8 text as bytes, doubles bit for bit).
//
// Layout: magic "GRIDGOV\n", u32 format version, u32 flags (0), u64 payload length, u32 CRC-32
// of the payload, then the payload (little-endian). A file of a newer format version raises
// VersionError; a short, damaged or foreign file raises FormatError naming what is wrong and the
// byte offset. The loader never sizes memory by a field before checking it against the bytes
// that remain, and checks every string is UTF-8.
//
// Findings: a loaded model keeps the findings saved in the file and adds any that the loaded
// data itself breaks but the file does not list (see docs/model.md, "Findings").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gridgov/model/model.hpp"

namespace gridgov {

inline constexpr std::uint32_t model_format_version = 1;

/// The file contents of a model.
[[nodiscard]] std::vector<char> serialize(const Model& model);
/// A model from file contents; `source` names the file in error messages. Throws FormatError
/// (VersionError for a newer format); nothing else but std::bad_alloc when memory runs out.
[[nodiscard]] Model deserialize(std::span<const char> bytes, const std::string& source = "<memory>");
[[nodiscard]] Model deserialize(const std::vector<char>& bytes, const std::string& source = "<memory>");

void save(const Model& model, const std::string& path);
[[nodiscard]] Model load(const std::string& path);

/// CRC-32 (IEEE 802.3) of a buffer.
[[nodiscard]] std::uint32_t crc32(const char* data, std::size_t size) noexcept;

}  // namespace gridgov
