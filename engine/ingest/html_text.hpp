// Text-block helpers shared by the structured readers (implemented in
// html.cpp): HTML -> lines, plain text -> lines with heading guesses, and
// numbered contract clauses ("Article 12 — Duties", "12.3 ...") -> sections.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "ingest/builder.hpp"

namespace peeraudit::ingest {

// True when a field's text is HTML rather than plain text ("<p", "<li",
// "<br" or "</" in it).
bool looks_like_html(std::string_view text);

// Appends the visible text of `html` to `doc` through `builder`: h1-h6 and
// bold-only blocks become headings, p/li/td/div/br blocks separate lines,
// script/style/nav/header/footer/noscript/template are skipped, entities are
// decoded. When `fixed` is given every line gets that anchor (HTML taken
// from a JSON or CSV field, whose positions are not the file's); otherwise
// anchors are line:column and byte offsets in `html` itself. Never throws
// for bad markup (gumbo recovers like a browser). Does not call finish().
void html_to_document(std::string_view html, Document& doc, DocumentBuilder& builder,
                      const std::optional<Anchor>& fixed = std::nullopt);

// Appends plain text line by line: a short line that ends in ':', is all
// capitals, is a Markdown heading / bold-only line, or names a known section
// becomes a heading; a numbered clause opens a numbered section; other lines
// are paragraphs. `anchor_for(offset)` gives the anchor of the line starting
// at byte `offset` of `text`.
void text_to_document(std::string_view text, Document& doc, DocumentBuilder& builder,
                      const std::function<Anchor(std::size_t)>& anchor_for);

// A text field of a batch row or JSON-LD: HTML (looks_like_html, or
// entity-escaped HTML) goes through html_to_document with the anchor of
// offset 0 for every line; plain text through text_to_document.
void field_to_document(std::string_view value, Document& doc, DocumentBuilder& builder,
                       const std::function<Anchor(std::size_t)>& anchor_for);

// The heading test text_to_document uses, for one line.
bool looks_like_heading_line(std::string_view line);

// A numbered clause at the start of a line: "Article 12 — Duties" (label
// "Article 12", number "12", rest "Duties"), "Section 4." , "12.3 The
// Contractor shall ..." (number "12.3"), "4. Hours of Work".
struct Clause {
  std::string label;   // "Article 12", "12.3"
  std::string number;  // "12", "12.3", "IV"
  std::string rest;    // the words after the number
  bool named = false;  // starts with Article / Section / Clause / ...
};
std::optional<Clause> parse_clause(std::string_view line);

// Emits `line` as a numbered section when it is a clause and returns true;
// returns false (and emits nothing) otherwise. A short clause ("12.3 Hours
// of Work") is a heading whose kind its words name; a clause whose words are a
// whole sentence opens a section labelled by its number, of the kind of its
// parent clause ("12" for "12.3") or else of the section it is in, so a
// numbered list under "Duties" stays in duties.
bool emit_clause(std::string_view line, const Anchor& where, Document& doc, DocumentBuilder& builder);

}  // namespace peeraudit::ingest
