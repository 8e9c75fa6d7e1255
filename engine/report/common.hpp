// Helpers shared by the report writers: escaping for each output language,
// plain-language labels and colours for verdicts, and the --fail-on test.
// Writers use these instead of keeping their own copies, so a verdict looks
// and fails the same way in every format.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace peeraudit::report {

// ------------------------------------------------------------ fail-on ----

// True when `s` is a value --fail-on accepts: a verdict name or "never".
bool is_valid_fail_on(std::string_view s);

// The lowest verdict that fails, or nullopt for "never". An unknown value
// (the CLI should have refused it) behaves like the default, "conflict".
std::optional<Verdict> fail_threshold(std::string_view fail_on);

// Is `v` at or above --fail-on? ("never" fails nothing; "clear" fails all.)
bool fails(Verdict v, std::string_view fail_on);

// ------------------------------------------------------------ verdicts ----

struct VerdictStyle {
  std::string_view background;  // CSS colour
  std::string_view foreground;  // text colour readable on the background
};
VerdictStyle verdict_style(Verdict v);

// "Moratorium applies", "Conflict with peer values", "Needs review", "No concerns found".
std::string_view verdict_label(Verdict v);
// One sentence for a reader who does not know the criteria.
std::string_view verdict_explanation(Verdict v);
// SARIF-style level for a rule of this category ("error", "warning", "note").
std::string_view default_level(Verdict category, Sign sign);

// All verdicts, most severe first.
inline constexpr Verdict kVerdictsBySeverity[4] = {Verdict::Moratorium, Verdict::Conflict, Verdict::Review,
                                                   Verdict::Clear};

// The most severe category among the findings (Clear when there are none).
Verdict most_severe(const std::vector<const Finding*>& findings);

// Plain-language names for the context checks a finding passed.
std::string_view context_kind_label(ContextKind k);
std::string_view outcome_label(Outcome o);

// A section's heading as written, else its kind ("duties"), or "(before the
// first heading)" for untitled text.
std::string section_heading(const Section& s);

// ------------------------------------------------------------ escaping ----

// HTML text and attribute values: & < > " ' are all replaced.
std::string html_escape(std::string_view s);

// Markdown inline text (also safe inside a GFM table cell and after "> "):
// line breaks become spaces, characters Markdown/GFM would act on anywhere
// (\ ` * _ [ ] < > | ~ & !) are backslash-escaped, and so is what would open
// a block at the start of a line (# + - = and the "." or ")" of "1.").
std::string markdown_escape(std::string_view s);

// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes
// doubled). A field from a document that starts with = + - @ TAB or CR is
// prefixed with ' so a spreadsheet shows it as text instead of running it
// as a formula (CSV injection).
std::string csv_field(std::string_view s, bool from_document = true);

// Removes what XML 1.0 cannot carry (C0 controls except TAB, LF, CR).
std::string xml_clean(std::string_view s);

// A file name as a relative URI reference: relative to the current working
// directory when the name is absolute and lies below it, '\' -> '/', and
// every byte outside RFC 3986 unreserved characters and '/' percent-encoded.
// An absolute name elsewhere becomes a file:// URI.
std::string path_to_uri(std::string_view path);

// ------------------------------------------------------------ text ----

// Number of UTF-8 characters (code points) in s.
std::size_t utf8_length(std::string_view s);

// `s` with every run of whitespace (including line breaks) made one space,
// and trimmed.
std::string one_line(std::string_view s);

// Splits a finding's source_line around its evidence: {before, evidence,
// after}. When source_line_column does not point at the evidence (or the
// line is empty), before/after are empty and the middle is the evidence.
struct EvidenceInLine {
  std::string_view before, evidence, after;
};
EvidenceInLine evidence_in_line(const Finding& f);

// Where a person finds the finding: "12:5 in Duties", "p. 3, line 4", or the
// section alone.
std::string where(const Finding& f);

}  // namespace peeraudit::report
