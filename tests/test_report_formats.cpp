// The html, sarif, junit, csv and markdown writers on hand-made audits:
// structure (parsed back where the format allows), escaping of hostile
// document text, --fail-on, clause tables, and byte-for-byte determinism.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "report/clauses.hpp"
#include "report/common.hpp"
#include "report/writer.hpp"

using namespace peeraudit;

namespace {

RunInfo make_run(std::string fail_on = "conflict", bool by_clause = false) {
  RunInfo run;
  run.tool_version = "0.1.0";
  run.ruleset_name = "moratorium";
  run.ruleset_version = "1";
  run.fail_on = std::move(fail_on);
  run.by_clause = by_clause;
  RuleInfo inpatient{"setting.inpatient", "Position works on an inpatient unit", "",
                     "Yes when the position is placed on a psychiatric inpatient unit.",
                     "The moratorium covers inpatient settings.", "Place the role in the community.",
                     Verdict::Moratorium, Sign::None};
  RuleInfo medication{"duty.medication", "Position enforces or monitors medication", "",
                      "Yes when the position must monitor medication adherence.",
                      "Medication compliance conflicts with peer values.", "Give it to licensed staff.",
                      Verdict::Conflict, Sign::None};
  RuleInfo hierarchy{"struct.hierarchy", "Peer works under clinical direction", "", "", "", "",
                     Verdict::Review, Sign::Negative};
  RuleInfo voluntary{"struct.voluntary", "Services are voluntary", "", "", "", "", Verdict::Clear,
                     Sign::Positive};
  run.rules = {inpatient, medication, hierarchy, voluntary};
  return run;
}

Finding make_finding(std::string criterion, std::string title, Verdict cat, Level level, std::string evidence,
                     std::string line, std::size_t col_in_line, std::size_t begin, int lineno, int col,
                     std::string section) {
  Finding f;
  f.criterion = std::move(criterion);
  f.title = std::move(title);
  f.category = cat;
  f.level = level;
  f.evidence = std::move(evidence);
  f.span = {begin, begin + f.evidence.size()};
  f.source_line = std::move(line);
  f.source_line_column = col_in_line;
  f.location.file = "postings/my job.txt";
  f.location.line = lineno;
  f.location.column = col;
  f.location.byte_offset = begin;
  f.location.section = section;
  f.location.section_kind = "duties";
  f.why = "Why: it conflicts, with \"quotes\" and a | pipe.";
  f.fix = "Fix: change it.";
  f.checks = {{ContextKind::Negation, Outcome::Passed, "", {}, ""},
              {ContextKind::Hypothetical, Outcome::Weakened, "may", {0, 3}, "discuss"}};
  return f;
}

std::vector<Audit> make_audits() {
  std::vector<Audit> audits;

  Audit a;  // moratorium, two findings, a positive note, three clauses
  a.id = "postings/my job.txt";
  a.source = "postings/my job.txt";
  a.format = "text";
  a.title = "Peer Specialist, Inpatient Unit";
  a.verdict = Verdict::Moratorium;
  a.sections = {{SectionKind::Title, "Peer Specialist", 0, 20, ""},
                {SectionKind::Duties, "Duties", 20, 200, "2"},
                {SectionKind::Supervision, "Supervision", 200, 300, "3"}};
  a.findings.push_back(make_finding("setting.inpatient", "Position works on an inpatient unit", Verdict::Moratorium,
                                    Level::Error, "inpatient unit", "Provide support on the inpatient unit, daily.",
                                    23, 30, 4, 24, "Duties"));
  a.findings.push_back(make_finding("duty.medication", "Position enforces or monitors medication", Verdict::Conflict,
                                    Level::Error, "ensure members take their medication",
                                    "Staff must ensure members take their medication, always.", 11, 60, 5, 12,
                                    "Duties"));
  a.findings.push_back(make_finding("struct.hierarchy", "Peer works under clinical direction", Verdict::Review,
                                    Level::Warning, "under the direction of",
                                    "Works under the direction of the LCSW.", 6, 210, 9, 7, "Supervision"));
  Finding note = make_finding("struct.voluntary", "Services are voluntary", Verdict::Clear, Level::Note,
                              "services are voluntary", "All services are voluntary.", 4, 250, 11, 5, "Supervision");
  note.sign = Sign::Positive;
  a.notes.push_back(note);
  audits.push_back(a);

  Audit b;  // clear
  b.id = "postings/clear.md";
  b.source = "postings/clear.md";
  b.format = "markdown";
  b.verdict = Verdict::Clear;
  b.sections = {{SectionKind::Other, "", 0, 50, ""}};
  audits.push_back(b);

  Audit c;  // hostile text in evidence and title, a comma/quote/newline field
  c.id = "postings/evil,\"name\"\n.txt";
  c.source = "postings/evil.txt";
  c.format = "text";
  c.title = "<b>Peer</b> & 'friends'";
  c.verdict = Verdict::Review;
  Finding f = make_finding("struct.hierarchy", "Peer works under clinical direction", Verdict::Review,
                           Level::Warning, "<script>alert(1)</script> | under the direction of",
                           "x <script>alert(1)</script> | under the direction of y", 2, 5, 3, 3, "Duties");
  f.location.file = "postings/evil.txt";
  c.findings.push_back(f);
  c.errors.push_back({"postings/evil.txt", 0, "3 invalid bytes replaced", true});
  audits.push_back(c);
  return audits;
}

Summary make_summary(const std::vector<Audit>& audits) {
  Summary s;
  for (const Audit& a : audits) {
    ++s.documents;
    ++s.by_verdict[static_cast<int>(a.verdict)];
    s.findings += a.findings.size();
  }
  s.input_errors.push_back({"postings/missing.pdf", 0, "cannot open file"});
  return s;
}

std::string render(const std::string& format, const RunInfo& run, const std::vector<Audit>& audits) {
  const report::WriterEntry* e = report::writer_by_name(format);
  REQUIRE(e != nullptr);
  std::ostringstream out;
  auto w = e->make(out);
  w->begin(run);
  for (const Audit& a : audits) w->document(a);
  w->end(make_summary(audits));
  return out.str();
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("report writers are registered", "[report]") {
  for (const char* name : {"html", "sarif", "junit", "csv", "markdown"}) {
    INFO(name);
    const report::WriterEntry* e = report::writer_by_name(name);
    REQUIRE(e != nullptr);
    CHECK_FALSE(e->description.empty());
  }
}

TEST_CASE("every writer is deterministic", "[report]") {
  auto audits = make_audits();
  for (bool by_clause : {false, true}) {
    RunInfo run = make_run("conflict", by_clause);
    for (const char* name : {"html", "sarif", "junit", "csv", "markdown"}) {
      INFO(name << " by_clause=" << by_clause);
      std::string one = render(name, run, audits);
      CHECK_FALSE(one.empty());
      CHECK(one == render(name, run, audits));
    }
  }
}

TEST_CASE("fail_on helper", "[report]") {
  using report::fails;
  CHECK(fails(Verdict::Moratorium, "conflict"));
  CHECK(fails(Verdict::Conflict, "conflict"));
  CHECK_FALSE(fails(Verdict::Review, "conflict"));
  CHECK(fails(Verdict::Review, "review"));
  CHECK_FALSE(fails(Verdict::Clear, "review"));
  CHECK_FALSE(fails(Verdict::Moratorium, "never"));
  CHECK(fails(Verdict::Moratorium, "moratorium"));
  CHECK_FALSE(fails(Verdict::Conflict, "moratorium"));
  CHECK(report::is_valid_fail_on("never"));
  CHECK_FALSE(report::is_valid_fail_on("sometimes"));
}

TEST_CASE("escaping helpers", "[report]") {
  CHECK(report::html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(report::csv_field("plain") == "plain");
  CHECK(report::csv_field("a,\"b\"\nc") == "\"a,\"\"b\"\"\nc\"");
  CHECK(report::csv_field("=HYPERLINK(1)") == "'=HYPERLINK(1)");
  CHECK(report::markdown_escape("a | b\nc") == "a \\| b c");
  CHECK(report::markdown_escape("1. [x](y) *z* <b>") == "1\\. \\[x\\](y) \\*z\\* \\<b\\>");
  CHECK(report::markdown_escape("- item # 2") == "\\- item # 2");
  CHECK(report::path_to_uri("postings/my job.txt") == "postings/my%20job.txt");
  CHECK(report::path_to_uri("a\\b#c?.txt") == "a/b%23c%3F.txt");
}

TEST_CASE("clause grouping", "[report]") {
  auto audits = make_audits();
  auto rows = report::group_by_clause(audits[0]);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].findings.empty());
  CHECK(rows[0].contribution == Verdict::Clear);
  REQUIRE(rows[1].findings.size() == 2);
  CHECK(rows[1].contribution == Verdict::Moratorium);
  CHECK(rows[1].section->number == "2");
  REQUIRE(rows[2].findings.size() == 1);
  CHECK(rows[2].contribution == Verdict::Review);

  // A finding outside every section gets its own row.
  Audit a = audits[0];
  a.findings[0].span = {1000, 1010};
  rows = report::group_by_clause(a);
  REQUIRE(rows.size() == 4);
  CHECK(rows[3].section == nullptr);
  CHECK(rows[3].contribution == Verdict::Moratorium);
  CHECK(rows[1].contribution == Verdict::Conflict);
}

TEST_CASE("sarif: required structure", "[report]") {
  auto audits = make_audits();
  std::string out = render("sarif", make_run(), audits);
  auto j = nlohmann::json::parse(out);
  CHECK(j["version"] == "2.1.0");
  CHECK(j["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(j["runs"].size() == 1);
  const auto& run = j["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "peeraudit");
  CHECK(run["tool"]["driver"]["version"] == "0.1.0");
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 4);
  CHECK(rules[0]["id"] == "setting.inpatient");
  CHECK(rules[1]["id"] == "duty.medication");
  CHECK(rules[0]["defaultConfiguration"]["level"] == "error");
  CHECK(rules[2]["defaultConfiguration"]["level"] == "warning");
  for (const auto& r : rules) {
    CHECK(r["shortDescription"]["text"].is_string());
    CHECK(r["fullDescription"]["text"].is_string());
    CHECK(r["help"]["text"].is_string());
  }

  const auto& results = run["results"];
  REQUIRE(results.size() == 4);  // findings only; the positive note stays out
  for (const auto& r : results) {
    std::string id = r["ruleId"];
    CHECK(id != "struct.voluntary");
    CHECK(rules[r["ruleIndex"].get<std::size_t>()]["id"] == id);
    CHECK(r["message"]["text"].is_string());
    CHECK((r["level"] == "error" || r["level"] == "warning" || r["level"] == "note"));
    const auto& pl = r["locations"][0]["physicalLocation"];
    CHECK(pl["artifactLocation"]["uri"].is_string());
    CHECK(pl["region"]["startLine"].get<int>() >= 1);
  }
  const auto& first = results[0];
  CHECK(first["ruleId"] == "setting.inpatient");
  CHECK(first["level"] == "error");
  CHECK(first["message"]["text"].get<std::string>().find("inpatient unit") != std::string::npos);
  const auto& pl = first["locations"][0]["physicalLocation"];
  CHECK(pl["artifactLocation"]["uri"] == "postings/my%20job.txt");
  CHECK(pl["region"]["startLine"] == 4);
  CHECK(pl["region"]["startColumn"] == 24);
  CHECK(pl["region"]["endColumn"] == 24 + 14);
  CHECK(pl["region"]["snippet"]["text"] == "inpatient unit");
  CHECK(results[2]["level"] == "warning");

  // The positive note is kept with its document's verdict in run properties.
  const auto& docs = run["properties"]["documents"];
  REQUIRE(docs.size() == 3);
  CHECK(docs[0]["verdict"] == "moratorium");
  CHECK(docs[0]["notes"][0]["ruleId"] == "struct.voluntary");
  // The unreadable input is a notification.
  const auto& notes = run["invocations"][0]["toolExecutionNotifications"];
  CHECK(notes.back()["level"] == "error");
}

TEST_CASE("sarif: no line fields without a line", "[report]") {
  auto audits = make_audits();
  audits[0].findings[0].location.line = 0;
  audits[0].findings[0].location.paragraph = 12;
  auto j = nlohmann::json::parse(render("sarif", make_run(), audits));
  const auto& loc = j["runs"][0]["results"][0]["locations"][0];
  CHECK_FALSE(loc["physicalLocation"].contains("region"));
  CHECK(loc["message"]["text"].get<std::string>().find("12") != std::string::npos);
}

TEST_CASE("junit: test cases and failures per fail_on", "[report]") {
  auto audits = make_audits();
  struct Case {
    const char* fail_on;
    int failures;
  };
  for (Case c : {Case{"moratorium", 1}, Case{"conflict", 1}, Case{"review", 2}, Case{"never", 0}}) {
    INFO(c.fail_on);
    std::string out = render("junit", make_run(c.fail_on), audits);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(out.c_str()));
    pugi::xml_node suite = doc.child("testsuite");
    REQUIRE(suite);
    CHECK(std::string(suite.attribute("name").value()) == "peeraudit");
    CHECK(suite.attribute("tests").as_int() == 4);  // 3 documents + 1 unreadable file
    CHECK(suite.attribute("errors").as_int() == 1);
    CHECK(suite.attribute("failures").as_int() == c.failures);
    int cases = 0, failures = 0, errors = 0;
    for (pugi::xml_node tc : suite.children("testcase")) {
      ++cases;
      CHECK(std::string(tc.attribute("classname").value()) == "peeraudit");
      if (pugi::xml_node f = tc.child("failure")) {
        ++failures;
        std::string type = f.attribute("type").value();
        CHECK(std::string(f.attribute("message").value()) == "verdict: " + type);
      }
      if (tc.child("error")) ++errors;
    }
    CHECK(cases == 4);
    CHECK(failures == c.failures);
    CHECK(errors == 1);
    // Names round-trip through XML escaping.
    CHECK(std::string(suite.find_child_by_attribute("testcase", "name", audits[2].id.c_str())
                          .attribute("name")
                          .value()) == audits[2].id);
  }
  // The hostile evidence is text, not markup.
  std::string out = render("junit", make_run("review"), audits);
  CHECK(out.find("<script>") == std::string::npos);
}

namespace {
// Splits RFC 4180 text into records of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}
}  // namespace

TEST_CASE("csv: one row per document, RFC 4180", "[report]") {
  auto audits = make_audits();
  std::string out = render("csv", make_run(), audits);
  REQUIRE(out.size() >= 2);
  CHECK(out.substr(out.size() - 2) == "\r\n");
  CHECK(count(out, "\r\n") == 5);  // header + 3 documents + 1 unreadable file (one record holds a raw LF)
  auto rows = parse_csv(out);
  REQUIRE(rows.size() == 5);
  const std::size_t width = 2 + 2 * 4 + 1;
  for (const auto& r : rows) CHECK(r.size() == width);
  CHECK(rows[0][0] == "path");
  CHECK(rows[0][1] == "verdict");
  CHECK(rows[0][2] == "setting.inpatient count");
  CHECK(rows[0][3] == "setting.inpatient evidence");
  CHECK(rows[1][0] == "postings/my job.txt");
  CHECK(rows[1][1] == "moratorium");
  CHECK(rows[1][2] == "1");
  CHECK(rows[1][3] == "inpatient unit");
  CHECK(rows[1][8] == "1");  // struct.voluntary note counted
  CHECK(rows[2][1] == "clear");
  CHECK(rows[3][0] == audits[2].id);  // comma, quote and newline survive quoting
  CHECK(out.find("\"postings/evil,\"\"name\"\"\n.txt\"") != std::string::npos);
  CHECK(rows[4][1] == "error");
}

TEST_CASE("csv: one row per clause", "[report]") {
  auto audits = make_audits();
  auto rows = parse_csv(render("csv", make_run("conflict", true), audits));
  // header + 3 clauses + 1 clause + 1 "outside" row for the third audit (no sections) + 1 error
  REQUIRE(rows.size() == 7);
  CHECK(rows[0][1] == "clause");
  CHECK(rows[0][3] == "verdict");
  CHECK(rows[2][1] == "2");
  CHECK(rows[2][2] == "Duties");
  CHECK(rows[2][3] == "moratorium");
  CHECK(rows[2][4] == "1");
  CHECK(rows[3][3] == "review");
  CHECK(rows[5][2] == "(outside any clause)");
}

TEST_CASE("html: self-contained, escaped, every verdict shown", "[report]") {
  auto audits = make_audits();
  std::string out = render("html", make_run(), audits);
  CHECK(out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(out.find("<script>alert") == std::string::npos);
  CHECK(out.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(out.find("<b>Peer</b>") == std::string::npos);
  CHECK(out.find("&lt;b&gt;Peer&lt;/b&gt; &amp; &#39;friends&#39;") != std::string::npos);
  CHECK(out.find("http://") == std::string::npos);
  CHECK(out.find("https://") == std::string::npos);
  CHECK(out.find("<svg") != std::string::npos);
  for (const Audit& a : audits) {
    INFO(a.id);
    CHECK(out.find("data-verdict=\"" + std::string(to_string(a.verdict)) + "\"") != std::string::npos);
    CHECK(out.find(std::string(report::verdict_label(a.verdict))) != std::string::npos);
  }
  // Evidence highlighted inside its line.
  CHECK(out.find("Provide support on the <mark title=\"setting.inpatient\">inpatient unit</mark>, daily.") !=
        std::string::npos);
  CHECK(out.find("What we found") != std::string::npos);
  CHECK(out.find("Why it matters") != std::string::npos);
  CHECK(out.find("How to fix it") != std::string::npos);
  CHECK(out.find("Files we could not read") != std::string::npos);
  CHECK(out.find("Clause by clause") == std::string::npos);
  // One script element only: ours.
  CHECK(count(out, "<script") == 1);
}

TEST_CASE("html: clause table", "[report]") {
  auto audits = make_audits();
  std::string out = render("html", make_run("conflict", true), audits);
  CHECK(count(out, "Clause by clause") == 3);
  CHECK(count(out, "<table class=\"clauses\">") == 3);
  // 3 + 1 + 1 (outside) rows
  auto start = out.find("<table class=\"clauses\">");
  auto stop = out.find("</table>", start);
  CHECK(count(out.substr(start, stop - start), "<tr>") == 4);  // head + 3 clauses
}

TEST_CASE("markdown: summary table and escaping", "[report]") {
  auto audits = make_audits();
  std::string out = render("markdown", make_run(), audits);
  CHECK(out.find("| Document | Verdict | Findings |") != std::string::npos);
  CHECK(out.find("<script>") == std::string::npos);
  CHECK(out.find("\\<script\\>alert(1)\\</script\\> \\| under") != std::string::npos);
  // Every table row has exactly the separators of its columns.
  std::istringstream in(out);
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.rfind("| ", 0) != 0) continue;
    ++rows;
    std::size_t bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++bars;
    CHECK(bars == 4);
  }
  CHECK(rows == 4);  // header + 3 documents
  CHECK(out.find("Why it matters") != std::string::npos);
  CHECK(out.find("How to fix it") != std::string::npos);
  CHECK(out.find("postings/missing.pdf: cannot open file") != std::string::npos);
}

TEST_CASE("markdown: clause table", "[report]") {
  auto audits = make_audits();
  std::string out = render("markdown", make_run("conflict", true), audits);
  CHECK(count(out, "#### Clause by clause") == 3);
  CHECK(count(out, "| Clause | Heading | Findings | Contributes |") == 3);
  CHECK(out.find("| 2 | Duties | `setting.inpatient`") != std::string::npos);
  CHECK(out.find("(outside any clause)") != std::string::npos);
}

TEST_CASE("text: evidence that runs on to the next line is underlined to the line's end", "[report]") {
  // Hard-wrapped text (PDF, wrapped .txt): the evidence holds a newline.
  Audit a;
  a.id = a.source = "wrapped.txt";
  a.format = "text";
  a.verdict = Verdict::Conflict;
  std::string line = "The peer will be responsible for reporting";
  a.findings.push_back(make_finding("duty.reporting", "Position reports on people", Verdict::Conflict,
                                    Level::Error, "reporting\nnon-compliance to the team", line, 33, 33, 4, 34,
                                    "Duties"));
  std::string out = render("text", make_run(), {a});
  // The underline stops at the end of the shown line ("reporting" is 9
  // characters) and says the evidence goes on.
  std::string underline = std::string(33, ' ') + "^" + std::string(8, '~') + "...";
  CHECK(out.find("| " + underline + "\n") != std::string::npos);
  CHECK(out.find("(continues: non-compliance to the team)") != std::string::npos);
  // No line of the report is longer than the source line plus its gutter.
  std::istringstream lines(out);
  std::string l;
  while (std::getline(lines, l))
    if (l.find("^~") != std::string::npos) CHECK(l.size() <= line.size() + 10);
}

TEST_CASE("html: a criterion found twice in a document explains itself once", "[report]") {
  Audit a;
  a.id = a.source = "twice.txt";
  a.format = "text";
  a.verdict = Verdict::Conflict;
  for (int k = 0; k < 2; ++k)
    a.findings.push_back(make_finding("duty.medication", "Position enforces or monitors medication",
                                      Verdict::Conflict, Level::Error, "monitor medication",
                                      "Staff monitor medication daily.", 6, 6 + 40 * k, 3 + k, 7, "Duties"));
  std::string out = render("html", make_run(), {a});
  CHECK(count(out, "Why it matters:</strong>") == 1);
  CHECK(count(out, "How to fix it:</strong>") == 1);
  CHECK(out.find("id=\"doc-1-f-1\"") != std::string::npos);
  CHECK(out.find("as for <a href=\"#doc-1-f-1\">finding 1</a> above") != std::string::npos);
  // Both findings still quote their own evidence and say where they are.
  CHECK(count(out, "<mark title=\"duty.medication\">monitor medication</mark>") == 2);
}
