// The pdf reader on arbitrary bytes.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::read_with("pdf", std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.pdf");
  return 0;
}
