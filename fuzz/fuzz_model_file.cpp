// libFuzzer target: the model file reader (gridgov::deserialize).
//
// Every input is read twice: as it is (the header, signature and checksum checks), and with the
// header's length and checksum made right for the bytes that follow, so that mutations reach
// the payload parser instead of dying at the checksum. The reader must either load a model or
// throw a gridgov::Error; anything else (another exception, a crash, a sanitizer report, an
// allocation over -malloc_limit_mb) is a finding. A model it loads must save and load again to
// the same bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "gridgov/model/io.hpp"

namespace {

constexpr std::size_t header_size = 28;

void read_back(std::span<const char> bytes) {
  gridgov::Model model;
  try {
    model = gridgov::deserialize(bytes, "fuzz.ggm");
  } catch (const gridgov::Error&) {
    return;  // a typed refusal is the right answer to a bad file
  }
  // What loads must survive its own round trip: saving normalises (unused subkinds, empty
  // columns), after which a save and load changes nothing.
  const auto once = gridgov::serialize(model);
  const auto twice = gridgov::serialize(gridgov::deserialize(once, "fuzz-resaved.ggm"));
  if (once != twice) {
    std::fprintf(stderr, "a loaded model does not save and load to the same bytes\n");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const char> input(reinterpret_cast<const char*>(data), size);
  read_back(input);
  if (size >= header_size) {
    std::vector<char> sealed(input.begin(), input.end());
    const std::uint64_t length = size - header_size;
    const std::uint32_t checksum = gridgov::crc32(sealed.data() + header_size, length);
    std::memcpy(sealed.data() + 16, &length, sizeof length);
    std::memcpy(sealed.data() + 24, &checksum, sizeof checksum);
    read_back(sealed);
  }
  return 0;
}
