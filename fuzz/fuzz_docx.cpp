// The DOCX reader. An input starting with "PK" is read as the whole zip;
// anything else is wrapped as word/document.xml (and, after a
// "<!--styles-->" marker, word/styles.xml) so mutations reach the XML
// handling instead of dying on the zip CRC.
#include "fuzz_common.hpp"

namespace {
const std::string kTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (fuzz::is_zip(in)) {
    fuzz::read_with("docx", in, "fuzz.docx");
    return 0;
  }
  std::string doc(in), styles;
  if (auto at = doc.find("<!--styles-->"); at != std::string::npos) {
    styles = doc.substr(at + 13);
    doc.resize(at);
  }
  std::vector<std::pair<std::string, std::string>> members{{"[Content_Types].xml", kTypes},
                                                           {"word/document.xml", doc}};
  if (!styles.empty()) members.emplace_back("word/styles.xml", styles);
  fuzz::read_with("docx", fuzz::make_zip(members), "fuzz.docx");
  return 0;
}
