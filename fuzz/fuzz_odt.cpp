// The ODT reader. An input starting with "PK" is read as the whole zip;
// anything else is wrapped as content.xml of an ODT (mimetype stored first)
// so mutations reach the XML handling instead of dying on the zip CRC.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (fuzz::is_zip(in)) {
    fuzz::read_with("odt", in, "fuzz.odt");
    return 0;
  }
  std::string zip = fuzz::make_zip(
      {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", std::string(in)}}, true);
  fuzz::read_with("odt", zip, "fuzz.odt");
  return 0;
}
