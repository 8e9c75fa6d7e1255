// Helps a reader turn blocks of source text into a Document: it appends text
// with anchors back to the source, marks headings as sections, and
// classifies headings (duties, qualifications, about, ...). Readers of
// structured formats (HTML, DOCX, PDF, rows) use it; plain text and Markdown
// keep the source bytes as they are and only call detect_sections().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.hpp"

namespace peeraudit::ingest {

// The kind a heading names ("Essential Duties" -> duties), or nullopt when the
// words are not a known heading. The first heading key found decides; when
// there is none, "About" and a capitalised name ("About Keystone", not
// "About This Role") is the agency's About section.
std::optional<SectionKind> classify_heading(std::string_view heading);
// The lower-case keys classify_heading looks for in " " + heading + " " (in
// any case), in the order it tries them: the first one found decides.
const std::vector<std::pair<std::string_view, SectionKind>>& heading_keys();

// Replaces invalid UTF-8 bytes with '?' in place (one byte for one byte, so
// offsets keep their meaning) and NUL / other C0 controls except \t \n \r
// with ' '. Returns the number of bytes replaced.
std::size_t sanitize_utf8(std::string& text);

// Finds headings in line-oriented text (Markdown '#', a short line ending in
// ':', an all-capitals line, a short line that names a known section, a
// bold-only line) and fills doc.sections; the first short line becomes the
// title when it is not a heading itself, or when it names a post ("Peer
// Worker - Harbor Agency", '#' or not) and only a boilerplate key (about,
// benefits, EEO) made it look like one; a line ending in ':' stays a heading.
void detect_sections(Document& doc);

class DocumentBuilder {
 public:
  explicit DocumentBuilder(Document& doc) : doc_(doc) {}
  // Appends a block (paragraph, list item, table cell) as its own line.
  void paragraph(std::string_view text, const Anchor& where);
  // Appends a heading line and opens a section of the kind it names (or the
  // given kind, or Other); a first heading naming the post is the Title.
  void heading(std::string_view text, const Anchor& where, std::optional<SectionKind> kind = std::nullopt,
               std::string number = {});
  // Closes the last section; call once when done.
  void finish();

 private:
  void append_line(std::string_view text, const Anchor& where);
  Document& doc_;
  bool open_ = false;
};

}  // namespace peeraudit::ingest
