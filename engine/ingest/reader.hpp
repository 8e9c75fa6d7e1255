// Ingest stage: bytes of one file -> normalized Documents (one, or many for
// batch formats) plus errors. One Reader per format, each in its own file,
// registering itself with PEERAUDIT_REGISTER_READER; nothing else changes
// when a format is added.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace peeraudit::ingest {

struct Options {
  std::size_t max_input_bytes = 64u << 20;    // whole file
  std::size_t max_member_bytes = 64u << 20;   // one uncompressed DOCX/ODT member
  int max_pdf_pages = 2000;
  std::size_t max_line_bytes = 16u << 20;     // one JSONL line / CSV record
  std::string text_field;                     // batches: "" = description, then text
  std::string id_field = "id";
  std::string title_field = "title";
};

struct Result {
  std::vector<Document> documents;
  std::vector<IngestError> errors;  // a batch may yield documents and errors
};

class Reader {
 public:
  virtual ~Reader() = default;
  virtual std::string_view name() const = 0;              // "text", "markdown", "html", ...
  virtual std::vector<std::string> extensions() const = 0;  // lower case, with the dot
  // True when the bytes are recognisably this format (magic bytes, markup).
  virtual bool sniff(std::string_view /*bytes*/) const { return false; }
  // `source` is the name to report ("-" for stdin).
  virtual Result read(std::string_view bytes, const std::string& source, const Options& opts) const = 0;
};

void register_reader(std::unique_ptr<Reader> reader);
// All readers, sorted by name.
std::vector<const Reader*> readers();
const Reader* reader_by_name(std::string_view name);
// By content first (magic bytes), then by extension, then plain text.
const Reader* detect(const std::string& path, std::string_view bytes);

// Reads a whole file (or stdin for "-") within the size limit and hands it to
// the reader named by `format` ("" or "auto" to detect). Never throws.
Result read_path(const std::string& path, const std::string& format, const Options& opts);

template <typename T>
struct Registrar {
  Registrar() { register_reader(std::make_unique<T>()); }
};

}  // namespace peeraudit::ingest

#define PEERAUDIT_REGISTER_READER(T) \
  static const ::peeraudit::ingest::Registrar<T> peeraudit_reader_registrar_##T {}
