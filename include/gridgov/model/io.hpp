// Saving and loading a Model: a versioned binary file that keeps every node, link, attribute,
// metadata entry and deferred finding exactly (UTF-8 text as bytes, doubles bit for bit).
//
// Layout: magic "GRIDGOV\n", u32 format version, u32 flags (0), u64 payload length, u32 CRC-32
// of the payload, then the payload (little-endian). A file of a newer format version raises
// VersionError; a short, damaged or foreign file raises FormatError.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridgov/model/model.hpp"

namespace gridgov {

inline constexpr std::uint32_t model_format_version = 1;

/// The file contents of a model.
[[nodiscard]] std::vector<char> serialize(const Model& model);
/// A model from file contents; `source` names the file in error messages.
[[nodiscard]] Model deserialize(const std::vector<char>& bytes, const std::string& source = "<memory>");

void save(const Model& model, const std::string& path);
[[nodiscard]] Model load(const std::string& path);

/// CRC-32 (IEEE 802.3) of a buffer.
[[nodiscard]] std::uint32_t crc32(const char* data, std::size_t size) noexcept;

}  // namespace gridgov
