// CSV reader (RFC 4180: quoted fields, "" escapes, line breaks inside quoted
// fields, CRLF or LF), with a header row naming the columns. Each record is
// its own Document, with the same field options as JSONL: the text column
// is Options::text_field or else "description", "text", "body" (names
// matched case-insensitively); id and title columns as for JSONL.
// Anchor.row is the record number (1-based, header excluded); Anchor.line /
// column are the physical line and column in the file where that line of
// the text starts (for a one-line record: the line where the record starts).
// A quote left open at the end of the file is an error naming the line where
// that record started; the records before it are still returned.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "ingest/builder.hpp"
#include "ingest/html_text.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

using text::trim;
using text::lower;
struct Field {
  std::string value;
  // (offset in value, offset in source) where the value stops following the
  // source byte for byte (its start, after each "" escape).
  std::vector<std::pair<std::size_t, std::size_t>> jumps;
  std::size_t source_of(std::size_t off) const {
    std::pair<std::size_t, std::size_t> j{0, 0};
    for (const auto& x : jumps)
      if (x.first <= off) j = x;
    return j.second + (off - j.first);
  }
};

struct Record {
  std::vector<Field> fields;
  int line = 0;           // physical line where it starts
  std::size_t offset = 0;
  bool too_long = false;
  bool blank() const { return fields.size() == 1 && fields[0].value.empty(); }
};

// Byte offset -> line:column (columns in UTF-8 characters).
class Positions {
 public:
  explicit Positions(std::string_view s) : s_(s) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n') starts_.push_back(i + 1);
  }
  std::pair<int, int> at(std::size_t off) const {
    off = std::min(off, s_.size());
    auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    std::size_t line = static_cast<std::size_t>(it - starts_.begin());
    int col = 1;
    for (std::size_t i = starts_[line - 1]; i < off; ++i) col += (static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80;
    return {static_cast<int>(line), col};
  }

 private:
  std::string_view s_;
  std::vector<std::size_t> starts_;
};

class Parser {
 public:
  Parser(std::string_view s, std::size_t pos, std::size_t max) : s_(s), i_(pos), max_(max) {}
  bool done() const { return i_ >= s_.size(); }
  int line() const { return line_; }
  // Reads one record; false with `unterminated` set when a quote is left open.
  bool next(Record& r, bool& unterminated) {
    r = Record{};
    r.line = line_;
    r.offset = i_;
    unterminated = false;
    std::size_t n = s_.size();
    while (true) {
      Field f;
      f.jumps.push_back({0, i_});
      bool keep = true;
      auto add = [&](char c) {
        if (i_ - r.offset > max_) r.too_long = true;
        if (!r.too_long && keep) f.value += c;
      };
      if (i_ < n && s_[i_] == '"') {
        ++i_;
        f.jumps[0].second = i_;
        while (true) {
          if (i_ >= n) {
            unterminated = true;
            return false;
          }
          char c = s_[i_];
          if (c == '"') {
            if (i_ + 1 < n && s_[i_ + 1] == '"') {
              add('"');
              i_ += 2;
              f.jumps.push_back({f.value.size(), i_});
              continue;
            }
            ++i_;
            break;
          }
          if (c == '\n') ++line_;
          add(c);
          ++i_;
        }
        // Lenient: text after the closing quote, up to the delimiter, is kept.
        while (i_ < n && s_[i_] != ',' && s_[i_] != '\n' && s_[i_] != '\r') add(s_[i_++]);
      } else {
        while (i_ < n && s_[i_] != ',' && s_[i_] != '\n' && s_[i_] != '\r') add(s_[i_++]);
      }
      r.fields.push_back(std::move(f));
      if (i_ >= n) return true;
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == '\r') ++i_;
      if (i_ < n && s_[i_] == '\n') ++i_;
      ++line_;
      return true;
    }
  }

 private:
  std::string_view s_;
  std::size_t i_;
  std::size_t max_;
  int line_ = 1;
};

class CsvReader final : public Reader {
 public:
  std::string_view name() const override { return "csv"; }
  std::vector<std::string> extensions() const override { return {".csv"}; }
  Result read(std::string_view bytes, const std::string& source, const Options& opts) const override {
    Result res;
    try {
      read_records(bytes, source, opts, res);
    } catch (const std::exception& e) {
      res.errors.push_back({source, 0, std::string("csv: ") + e.what()});
    }
    return res;
  }

 private:
  static void read_records(std::string_view bytes, const std::string& source, const Options& opts, Result& res) {
    std::string src(bytes);
    std::size_t bad = sanitize_utf8(src);  // byte for byte: offsets keep their meaning
    if (bad > 0) res.errors.push_back({source, 0, "invalid UTF-8: " + std::to_string(bad) + " byte(s) replaced by '?'"});
    std::size_t start = src.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    Positions pos(src);
    Parser p(src, start, opts.max_line_bytes);
    Record header;
    bool open = false;
    while (!p.done()) {
      if (!p.next(header, open)) break;
      if (!header.blank()) break;
    }
    if (open) {
      res.errors.push_back({source, header.line, "unterminated quoted field in the header (record starting at line " +
                                                     std::to_string(header.line) + ")"});
      return;
    }
    if (header.fields.empty() || header.blank()) {
      res.errors.push_back({source, 0, "no header row"});
      return;
    }
    std::vector<std::string> names;
    for (const Field& f : header.fields) names.push_back(lower(trim(f.value)));
    auto column = [&](const std::string& name) -> int {
      std::string l = lower(trim(name));
      for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == l) return static_cast<int>(i);
      return -1;
    };
    int text_col = -1;
    std::string text_name;
    if (!opts.text_field.empty()) {
      text_col = column(opts.text_field);
      text_name = opts.text_field;
    } else {
      for (const char* f : {"description", "text", "body"})
        if ((text_col = column(f)) >= 0) {
          text_name = f;
          break;
        }
    }
    if (text_col < 0) {
      res.errors.push_back({source, header.line,
                            opts.text_field.empty() ? "no \"description\", \"text\" or \"body\" column in the header"
                                                    : "no \"" + opts.text_field + "\" column in the header"});
      return;
    }
    int id_col = opts.id_field.empty() ? -1 : column(opts.id_field);
    int title_col = opts.title_field.empty() ? -1 : column(opts.title_field);
    std::set<std::string> ids;
    int recno = 0;
    Record r;
    while (!p.done()) {
      if (!p.next(r, open)) {
        ++recno;
        res.errors.push_back({source, r.line, "record " + std::to_string(recno) +
                                                  ": unterminated quoted field (the record starts at line " +
                                                  std::to_string(r.line) + "; a quote is never closed)"});
        return;
      }
      if (r.blank()) continue;
      ++recno;
      auto error = [&](std::string msg) {
        res.errors.push_back({source, r.line, "record " + std::to_string(recno) + ": " + std::move(msg)});
      };
      if (r.too_long) {
        error("over the limit of " + std::to_string(opts.max_line_bytes) + " bytes (--max-line-bytes)");
        continue;
      }
      if (static_cast<int>(r.fields.size()) <= text_col || trim(r.fields[text_col].value).empty()) {
        error("the \"" + text_name + "\" field is empty");
        continue;
      }
      const Field& tf = r.fields[text_col];
      auto value = [&](int col) -> std::string {
        if (col < 0 || col >= static_cast<int>(r.fields.size())) return {};
        return std::string(trim(r.fields[col].value));
      };
      std::string id = value(id_col);
      if (id.empty()) id = std::to_string(recno);
      if (!ids.insert(id).second) id += "~" + std::to_string(recno);  // keep ids unique
      Document doc;
      doc.id = source + "#" + id;
      doc.source = source;
      doc.format = "csv";
      doc.title = value(title_col);
      Anchor rec;
      rec.row = recno;
      rec.line = r.line;
      rec.column = 1;
      rec.source_offset = r.offset;
      auto anchor_for = [&](std::size_t off) {
        Anchor a = rec;
        a.source_offset = tf.source_of(off);
        auto [line, col] = pos.at(a.source_offset);
        a.line = line;
        a.column = col;
        return a;
      };
      DocumentBuilder b(doc);
      if (!doc.title.empty()) b.heading(doc.title, title_col >= 0 ? anchor_for_field(r.fields[title_col], rec, pos) : rec,
                                        SectionKind::Title);
      field_to_document(tf.value, doc, b, anchor_for);
      b.finish();
      res.documents.push_back(std::move(doc));
    }
    if (recno == 0 && res.documents.empty()) res.errors.push_back({source, header.line, "no records after the header"});
  }

  static Anchor anchor_for_field(const Field& f, const Anchor& rec, const Positions& pos) {
    Anchor a = rec;
    a.source_offset = f.source_of(0);
    auto [line, col] = pos.at(a.source_offset);
    a.line = line;
    a.column = col;
    return a;
  }
};

}  // namespace

PEERAUDIT_REGISTER_READER(CsvReader);

}  // namespace peeraudit::ingest
