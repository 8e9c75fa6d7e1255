// Plain text and Markdown readers (same bytes through both).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz::read_with("text", bytes, "fuzz.txt");
  fuzz::read_with("markdown", bytes, "fuzz.md");
  return 0;
}
