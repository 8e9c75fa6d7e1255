// JSON Lines reader: one JSON object per line, each its own Document with id
// "<source>#<id field, or the line number>". The text is the field named by
// Options::text_field, or else the first of "description", "text", "body";
// HTML in it is read as HTML. The title field becomes Document::title and
// the first (Title) line. Anchor.row is the 1-based line number of the
// object (line = 0); a bad line is an IngestError for that line only
// (IngestError::line = the row) and the other rows are still returned.
#include <nlohmann/json.hpp>

#include <cctype>
#include <set>
#include <string>

#include "core/strings.hpp"
#include "ingest/builder.hpp"
#include "ingest/html_text.hpp"
#include "ingest/jsonl.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

using text::trim;
std::string scalar(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return {};
}

}  // namespace

void read_jsonl_row(std::string_view line, int row, std::size_t line_start, const std::string& source,
                    const Options& opts, std::set<std::string>& ids, Result& res) {
  auto error = [&](std::string msg) { res.errors.push_back({source, row, std::move(msg)}); };
  if (line.size() > opts.max_line_bytes) {
    error("line is " + std::to_string(line.size()) + " bytes, over the limit of " +
          std::to_string(opts.max_line_bytes) + " (--max-line-bytes)");
    return;
  }
  try {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      std::string m = e.what();
      if (auto p = m.find("] "); m.rfind("[json.exception", 0) == 0 && p != std::string::npos) m = m.substr(p + 2);
      error("invalid JSON: " + m);
      return;
    }
    if (!j.is_object()) {
      error(std::string("not a JSON object (found ") + j.type_name() + ")");
      return;
    }
    std::string field;
    if (!opts.text_field.empty()) {
      if (j.contains(opts.text_field)) field = opts.text_field;
    } else {
      for (const char* f : {"description", "text", "body"})
        if (j.contains(f)) {
          field = f;
          break;
        }
    }
    if (field.empty()) {
      error(opts.text_field.empty() ? "no \"description\", \"text\" or \"body\" field"
                                    : "no \"" + opts.text_field + "\" field");
      return;
    }
    const nlohmann::json& tv = j[field];
    if (!tv.is_string()) {
      error("field \"" + field + "\" is not a string (found " + tv.type_name() + ")");
      return;
    }
    std::string text = tv.get<std::string>();
    if (trim(text).empty()) {
      error("field \"" + field + "\" is empty");
      return;
    }
    sanitize_utf8(text);
    std::string id;
    if (auto it = j.find(opts.id_field); !opts.id_field.empty() && it != j.end()) id = std::string(trim(scalar(*it)));
    if (id.empty()) id = std::to_string(row);
    if (!ids.insert(id).second) id += "~" + std::to_string(row);  // keep ids unique
    Document doc;
    doc.id = source + "#" + id;
    doc.source = source;
    doc.format = "jsonl";
    if (auto it = j.find(opts.title_field); !opts.title_field.empty() && it != j.end()) {
      doc.title = std::string(trim(scalar(*it)));
      sanitize_utf8(doc.title);
    }
    Anchor a;
    a.row = row;
    a.line = 0;
    a.column = 1;
    a.source_offset = line_start;
    DocumentBuilder b(doc);
    if (!doc.title.empty()) b.heading(doc.title, a, SectionKind::Title);
    field_to_document(text, doc, b, [&](std::size_t) { return a; });
    b.finish();
    res.documents.push_back(std::move(doc));
  } catch (const std::exception& e) {
    error(std::string("jsonl: ") + e.what());
  }
    
}

namespace {

class JsonlReader final : public Reader {
 public:
  std::string_view name() const override { return "jsonl"; }
  std::vector<std::string> extensions() const override { return {".jsonl", ".ndjson"}; }
  Result read(std::string_view bytes, const std::string& source, const Options& opts) const override {
    Result res;
    std::set<std::string> ids;
    std::size_t start = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    int row = 0;
    while (start < bytes.size()) {
      std::size_t nl = bytes.find('\n', start);
      std::size_t end = nl == std::string_view::npos ? bytes.size() : nl;
      std::string_view line = bytes.substr(start, end - start);
      std::size_t line_start = start;
      start = end + 1;
      ++row;
      if (trim(line).empty()) continue;
      read_jsonl_row(line, row, line_start, source, opts, ids, res);
    }
    if (res.documents.empty() && res.errors.empty()) res.errors.push_back({source, 0, "no JSON lines in the file"});
    return res;
  }
};

}  // namespace

PEERAUDIT_REGISTER_READER(JsonlReader);

}  // namespace peeraudit::ingest
