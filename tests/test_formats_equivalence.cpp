// One posting, every format: the same words must give the same verdict and
// the same findings whether they come as text, Markdown, HTML, DOCX, ODT,
// PDF or a JSONL/CSV row, each finding located in the format's own scheme.
// Then the same through the command line, mixed with malformed inputs.
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fixtures.hpp"
#include "support.hpp"

using namespace peeraudit;
using testing::run_cli;

namespace {

const std::string kInpatient = "Provides peer support on the acute inpatient psychiatric unit.";
const std::string kMedication = "Ensures members take their medications as prescribed.";
const std::string kRestraint = "Peer staff never take part in restraint.";
const std::string kAboutAct = "Our agency also runs an ACT team and outpatient clinics.";
const std::string kSupervision = "Supervision is provided by a certified peer specialist supervisor.";

fixtures::Posting posting() {
  return {"Peer Support Specialist",
          {{"Duties", {kInpatient, kMedication, kRestraint}},
           {"About Us", {kAboutAct}},
           {"Supervision", {kSupervision}}}};
}

using FindingKey = std::pair<std::string, std::string>;  // criterion, evidence

std::multiset<FindingKey> keys(const std::vector<Finding>& fs) {
  std::multiset<FindingKey> out;
  for (const auto& f : fs) out.insert({f.criterion, f.evidence});
  return out;
}

std::string describe(const std::string& label, const Audit& a) {
  std::ostringstream os;
  os << label << ": " << to_string(a.verdict) << "\n";
  for (const auto& f : a.findings)
    os << "  " << f.criterion << " \"" << f.evidence << "\" at " << f.location.display() << " ["
       << f.location.section_kind << "]\n";
  for (const auto& f : a.notes)
    os << "  note " << f.criterion << " \"" << f.evidence << "\" at " << f.location.display() << " ["
       << f.location.section_kind << "]\n";
  return os.str();
}

// Which location field each format must fill.
enum class Scheme { Line, Paragraph, Page, Row };

struct Case {
  std::string label;     // also the file name
  std::string bytes;
  Scheme scheme;
  std::string format;    // Document::format expected
};

std::vector<Case> all_formats() {
  const auto p = posting();
  return {
      {"posting.txt", fixtures::to_text(p), Scheme::Line, "text"},
      {"posting.md", fixtures::to_markdown(p), Scheme::Line, "markdown"},
      {"posting.html", fixtures::to_html(p), Scheme::Line, "html"},
      {"posting.docx", fixtures::to_docx(p), Scheme::Paragraph, "docx"},
      {"posting.odt", fixtures::to_odt(p), Scheme::Paragraph, "odt"},
      {"posting.pdf", fixtures::to_pdf(p), Scheme::Page, "pdf"},
      {"posting-split.pdf", fixtures::to_pdf(p, 3), Scheme::Page, "pdf"},  // headings and duties across pages
      {"posting.jsonl", fixtures::to_jsonl_row(p, "p1"), Scheme::Row, "jsonl"},
      {"posting.csv", fixtures::kCsvHeader + fixtures::to_csv_row(p, "p1"), Scheme::Row, "csv"},
  };
}

}  // namespace

TEST_CASE("one posting gives the same verdict and findings in every format", "[ingest][equivalence]") {
  testing::TempDir dir;
  std::map<std::string, Audit> audits;
  std::string all;  // every format's findings, printed on failure
  for (const auto& c : all_formats()) {
    auto path = dir.write(c.label, c.bytes);
    ingest::Result res = ingest::read_path(path.string(), "", ingest::Options{});
    std::string errors;
    for (const auto& e : res.errors) errors += e.display() + "\n";
    INFO(c.label << "\n" << errors);
    REQUIRE(res.errors.empty());
    REQUIRE(res.documents.size() == 1);
    const Document& doc = res.documents[0];
    CHECK(doc.format == c.format);
    Audit a = testing::bundled_engine().audit(doc);
    all += describe(c.label, a);
    audits.emplace(c.label, a);
  }
  INFO(all);

  const Audit& ref = audits.at("posting.txt");
  std::set<std::string> criteria;
  for (const auto& [c, e] : keys(ref.findings)) criteria.insert(c);
  // The placement and the coercive duty are found; nothing else is.
  CHECK(criteria == std::set<std::string>{"setting.inpatient", "duty.medication"});
  REQUIRE(ref.notes.size() == 1);
  CHECK(ref.notes[0].criterion == "struct.peer_supervision");
  CHECK(kSupervision.find(ref.notes[0].evidence) != std::string::npos);

  for (const auto& c : all_formats()) {
    const Audit& a = audits.at(c.label);
    INFO(c.label);
    CHECK(a.verdict == Verdict::Moratorium);
    CHECK(keys(a.findings) == keys(ref.findings));
    // Positive signs too: peer supervision, found under its own heading.
    CHECK(keys(a.notes) == keys(ref.notes));
    for (const auto& n : a.notes) CHECK(n.location.section_kind == "supervision");
    for (const auto& f : a.findings) {
      INFO(f.criterion << " \"" << f.evidence << "\"");
      // The negated restraint and the agency's own ACT team are mentions, not placements.
      CHECK(f.criterion != "duty.restraint_seclusion");
      CHECK(f.criterion != "setting.act");
      CHECK(kRestraint.find(f.evidence) == std::string::npos);
      CHECK(kAboutAct.find(f.evidence) == std::string::npos);
      // Both findings are in the Duties section, whatever the format.
      CHECK(f.location.section_kind == "duties");
      const Location& l = f.location;
      switch (c.scheme) {
        case Scheme::Line:
          CHECK(l.line > 0);
          CHECK(l.column > 0);
          CHECK(l.page == 0);
          CHECK(l.paragraph == 0);
          CHECK(l.row == 0);
          break;
        case Scheme::Paragraph:
          CHECK(l.paragraph > 0);
          CHECK(l.page == 0);
          CHECK(l.row == 0);
          break;
        case Scheme::Page:
          CHECK(l.page > 0);
          CHECK(l.line > 0);
          CHECK(l.paragraph == 0);
          CHECK(l.row == 0);
          break;
        case Scheme::Row:
          CHECK(l.row == 1);
          CHECK(l.page == 0);
          CHECK(l.paragraph == 0);
          break;
      }
    }
  }

  // Spot checks of where the inpatient placement is, format by format
  // (title, blank, heading, sentence: line 4 of the text file; the title is
  // paragraph 1 and the heading paragraph 2 in DOCX/ODT; the PDF split three
  // lines a page puts it first on page 2).
  auto where = [&](const std::string& label) {
    for (const auto& f : audits.at(label).findings)
      if (f.criterion == "setting.inpatient") return f.location;
    return Location{};
  };
  CHECK(where("posting.txt").line == 4);
  CHECK(where("posting.md").line == 5);
  CHECK(where("posting.docx").paragraph == 3);
  CHECK(where("posting.odt").paragraph == 3);
  CHECK(where("posting.pdf").page == 1);
  CHECK(where("posting.pdf").line == 3);
  CHECK(where("posting-split.pdf").page == 1);
  CHECK(where("posting-split.pdf").line == 3);
  CHECK(where("posting-split.pdf").display() == "p. 1, line 3");
  Location med;
  for (const auto& f : audits.at("posting-split.pdf").findings)
    if (f.criterion == "duty.medication") med = f.location;
  CHECK(med.page == 2);
  CHECK(med.line == 1);
}

// ------------------------------------------------------------------- CLI ---

namespace {

// Lines of `s`, without empty ones.
std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

int count_containing(const std::vector<std::string>& lines, const std::string& needle) {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(),
                                        [&](const std::string& l) { return l.find(needle) != std::string::npos; }));
}

}  // namespace

TEST_CASE("a mixed folder with malformed files: good documents and rows audited, one error line each", "[ingest][cli]") {
  testing::TempDir dir;
  const auto p = posting();
  auto folder = dir.path / "batch";
  auto put = [&](const std::string& name, const std::string& bytes) { return dir.write("batch/" + name, bytes); };

  put("a-good.txt", fixtures::to_text(p));
  put("b-good.html", fixtures::to_html(p));
  std::string docx = fixtures::to_docx(p);
  put("c-good.docx", docx);
  put("d-good.pdf", fixtures::to_pdf(p));
  auto cut_docx = put("e-cut.docx", docx.substr(0, docx.size() / 2));
  std::mt19937 rng(20240605);
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>(rng() & 0xFF);
  noise[0] = 'x';  // never a magic number by chance
  auto noise_pdf = put("f-noise.pdf", noise);
  // Row 1 is good (its quoted text spans lines); row 2 opens a quote it
  // never closes, on the line after row 1 ends.
  std::string row1 = fixtures::to_csv_row(p, "r1");
  int broken_line = 2 + static_cast<int>(std::count(row1.begin(), row1.end(), '\n'));
  auto csv = put("g-rows.csv", fixtures::kCsvHeader + row1 + "r2,Broken,\"Duties\nnever closed\n");
  // Lines 1 and 3 are good; line 2 is not JSON.
  auto jsonl = put("h-rows.jsonl", fixtures::to_jsonl_row(p, "j1") + "{\"id\": \"j2\", \"description\": oops}\n" +
                                       fixtures::to_jsonl_row(p, "j3"));

  auto r = run_cli("audit -q --format json '" + folder.string() + "'");
  INFO(r.err);
  INFO(r.out);
  CHECK(r.code == 2);

  // One line per bad input on stderr, naming the file (and line for rows).
  auto err = lines_of(r.err);
  CHECK(err.size() == 4);
  CHECK(count_containing(err, cut_docx.string()) == 1);
  CHECK(count_containing(err, noise_pdf.string()) == 1);
  CHECK(count_containing(err, csv.string() + ":" + std::to_string(broken_line) + ":") == 1);
  CHECK(count_containing(err, "unterminated quoted field") == 1);
  CHECK(count_containing(err, jsonl.string() + ":2:") == 1);
  CHECK(count_containing(err, "a-good") == 0);
  CHECK(count_containing(err, "b-good") == 0);
  CHECK(count_containing(err, "c-good") == 0);
  CHECK(count_containing(err, "d-good") == 0);

  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> verdicts;  // id -> verdict
  for (const auto& d : j["documents"]) verdicts[d["id"].get<std::string>()] = d["verdict"].get<std::string>();
  std::map<std::string, std::string> expected{
      {(folder / "a-good.txt").string(), "moratorium"},
      {(folder / "b-good.html").string(), "moratorium"},
      {(folder / "c-good.docx").string(), "moratorium"},
      {(folder / "d-good.pdf").string(), "moratorium"},
      {csv.string() + "#r1", "moratorium"},
      {jsonl.string() + "#j1", "moratorium"},
      {jsonl.string() + "#j3", "moratorium"},
  };
  CHECK(verdicts == expected);
  for (const auto& d : j["documents"]) {
    std::set<std::string> criteria;
    for (const auto& f : d["findings"]) criteria.insert(f["criterion"].get<std::string>());
    INFO(d["id"]);
    CHECK(criteria == std::set<std::string>{"setting.inpatient", "duty.medication"});
  }
  // The report lists the same errors, one per bad input.
  REQUIRE(j["errors"].is_array());
  CHECK(j["errors"].size() == 4);
  CHECK(j["summary"]["input_errors"] == 4);
  CHECK(j["summary"]["documents"] == 7);
}

TEST_CASE("a DOCX on standard input with --input-format docx", "[ingest][cli]") {
  const auto p = posting();
  std::string docx = fixtures::to_docx(p);
  auto r = run_cli("audit -q --format json --input-format docx -", docx);
  INFO(r.err);
  CHECK(r.code == 1);  // moratorium reaches the default --fail-on conflict
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["documents"].size() == 1);
  const auto& d = j["documents"][0];
  CHECK(d["source"] == "-");
  CHECK(d["format"] == "docx");
  CHECK(d["verdict"] == "moratorium");
  std::multiset<FindingKey> got;
  for (const auto& f : d["findings"]) {
    got.insert({f["criterion"].get<std::string>(), f["evidence"].get<std::string>()});
    CHECK(f["location"]["paragraph"].get<int>() > 0);
  }
  // The same findings as the same DOCX read from a file.
  testing::TempDir dir;
  auto path = dir.write("p.docx", docx);
  auto file = run_cli("audit -q --format json '" + path.string() + "'");
  auto jf = nlohmann::json::parse(file.out);
  std::multiset<FindingKey> from_file;
  for (const auto& f : jf["documents"][0]["findings"])
    from_file.insert({f["criterion"].get<std::string>(), f["evidence"].get<std::string>()});
  CHECK(got == from_file);
  CHECK(got.size() == 2);

  // Without --input-format the bytes are still recognised by content.
  auto sniffed = run_cli("audit -q --format json -", docx);
  CHECK(nlohmann::json::parse(sniffed.out)["documents"][0]["verdict"] == "moratorium");
}
