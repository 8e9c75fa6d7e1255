// Value types shared by the four stages: ingest -> match -> judge -> report.
// Plain structs: a stage reads the types of the stage before it and nothing
// else, so each stage can be read, tested and replaced alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace peeraudit {

// ---------------------------------------------------------------- ingest ----

enum class SectionKind { Title, Summary, Duties, Qualifications, Supervision, About, Benefits, Eeo, Other };

std::string_view to_string(SectionKind k);
std::optional<SectionKind> section_kind_from_string(std::string_view s);

struct Section {
  SectionKind kind = SectionKind::Other;
  std::string heading;       // the heading as written ("" for text before any heading)
  std::size_t begin = 0;     // byte range in Document::text
  std::size_t end = 0;
  std::string number;        // clause number where the source has one ("12", "12.3")
};

// One anchor per run of text whose origin is known: the normalized text from
// `text_offset` on came from `source_offset` in the source, at line/column
// (1-based) or paragraph / page / row, whichever the format has.
struct Anchor {
  std::size_t text_offset = 0;
  std::size_t source_offset = 0;
  int line = 0;       // 1-based; 0 when the format has no lines
  int column = 1;     // 1-based, in characters, of the anchor itself
  int page = 0;       // PDF
  int paragraph = 0;  // DOCX / ODT
  int row = 0;        // JSONL / CSV
};

// Where a person finds a byte of the normalized text in the original file.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::size_t byte_offset = 0;  // in the source file
  long long char_offset = -1;   // in the source file, in Unicode characters; -1 when unknown
  int page = 0;
  int paragraph = 0;
  int row = 0;
  std::string section;          // heading text, or the section kind when there is none
  std::string section_kind;
  // Human form in the format's own scheme: "12:5", "p. 3, line 4", "¶ 12", "row 7, 2:14".
  std::string display() const;
  // The same in words, for people who are not programmers: "line 12, column 5".
  std::string plain() const;
};

struct SourceMap {
  std::vector<Anchor> anchors;  // sorted by text_offset
  // Column advance is counted in UTF-8 characters from the anchor; a newline
  // in the normalized text starts a new line when `lines_follow_text` holds
  // (true for plain text, Markdown and anything whose text keeps its lines).
  bool lines_follow_text = true;
  // The text is the source's bytes one for one after `identity_skip` bytes
  // (a BOM): character offsets in the source can then be counted from it.
  bool identity = false;
  std::size_t identity_skip = 0;
};

struct Document {
  std::string id;          // stable id: path, or path#row for batches
  std::string source;      // file name as given on the command line ("-" for stdin)
  std::string format;      // "text", "markdown", "html", ...
  std::string title;       // where the format says (JSON-LD, CSV title field); may be empty
  std::string text;        // normalized UTF-8: what is matched
  std::vector<Section> sections;  // ordered, non-overlapping, covering text
  SourceMap map;

  Location locate(std::size_t text_offset) const;
  const Section* section_at(std::size_t text_offset) const;
};

struct IngestError {
  std::string file;
  int line = 0;     // or row, for batches
  std::string message;
  bool warning = false;  // the document was still read (e.g. bytes replaced)
  std::string display() const;  // "file:line: message"
};

// ----------------------------------------------------------------- match ----

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - begin; }
};

struct Match {
  std::string rule_id;
  std::string pattern_id;
  Span span;          // the trigger, bytes in Document::text
  Span sentence;      // the sentence around it
  bool weak = false;  // the pattern is marked weak evidence
};

// ----------------------------------------------------------------- judge ----

enum class ContextKind { Negation, Goal, Hypothetical, OtherSubject, Mention, Boilerplate, Section, Exception };
enum class Outcome { Passed, Dropped, Weakened };

std::string_view to_string(ContextKind k);
std::string_view to_string(Outcome o);

struct ContextCheck {
  ContextKind kind = ContextKind::Negation;
  Outcome outcome = Outcome::Passed;
  std::string cue;    // the words that decided it ("" when passed)
  Span cue_span{};
  std::string scope;  // the words the cue governs, for explanations
};

// What a criterion contributes to the verdict.
enum class Verdict { Clear = 0, Review = 1, Conflict = 2, Moratorium = 3 };
std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view s);

// How loud a finding is in a report (SARIF-style levels).
enum class Level { Note, Warning, Error };
std::string_view to_string(Level l);

enum class Sign { None, Positive, Negative };
std::string_view to_string(Sign s);

struct Finding {
  std::string criterion;    // "duty.medication"
  std::string title;        // the rule's title
  Verdict category = Verdict::Clear;  // what it adds to the verdict
  Level level = Level::Note;
  Sign sign = Sign::None;   // struct.* notes: positive or negative
  bool weak = false;        // weak evidence alone (e.g. "other duties as assigned"): shown, but adds nothing to the verdict
  std::string evidence;     // quoted exactly from Document::text
  Span span;
  Location location;
  std::string source_line;  // the line of normalized text that holds the evidence
  std::size_t source_line_column = 0;  // evidence start within source_line, bytes
  std::string why;
  std::string fix;
  std::vector<ContextCheck> checks;  // the checks it passed (or was weakened by)
  std::string pattern_id;
};

// A candidate match and what the judge made of it (for `explain`).
struct Decision {
  Match match;
  bool kept = false;
  std::vector<ContextCheck> checks;
  std::string reason;   // "kept", "dropped: negated by 'never' (scope: ...)"
};

struct Audit {
  std::string id;
  std::string source;
  std::string format;
  std::string title;
  Verdict verdict = Verdict::Clear;
  std::vector<Finding> findings;     // setting.* / duty.* / review struct.* findings
  std::vector<Finding> notes;        // positive structure signs
  std::vector<IngestError> errors;   // non-fatal problems reading this document
  std::vector<Finding> suppressed;   // findings silenced by a peeraudit-ignore line
  std::size_t baselined = 0;         // findings left out because a baseline had them
  std::vector<Decision> decisions;   // every candidate, when asked for
  std::vector<Section> sections;     // copied from the document, for clause tables
  std::size_t bytes = 0;
};

// A per-document time budget: stages check it between sentences and
// candidates and throw when it is spent, so one pathological document cannot
// stall a batch.
struct Deadline {
  std::int64_t at_ns = 0;  // steady-clock nanoseconds; 0 = none
  bool passed() const;
};
struct TimeBudgetExceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------- report ----

struct RuleInfo {
  std::string id, title, summary, doc, why, fix;
  Verdict category = Verdict::Clear;
  Sign sign = Sign::None;
};

struct RunInfo {
  std::string tool_version;
  std::string ruleset_name;
  std::string ruleset_version;
  std::vector<RuleInfo> rules;
  std::string fail_on = "conflict";
  bool color = false;
  bool by_clause = false;
  std::string timestamp;   // empty unless asked for: reports stay deterministic
};

struct Summary {
  std::size_t documents = 0;
  std::size_t by_verdict[4] = {0, 0, 0, 0};
  std::size_t findings = 0;
  std::size_t suppressed = 0;
  std::size_t baselined = 0;
  std::size_t errors = 0;
  std::size_t failed = 0;  // documents at or above --fail-on
  std::vector<IngestError> input_errors;  // files that could not be read at all
};

}  // namespace peeraudit
