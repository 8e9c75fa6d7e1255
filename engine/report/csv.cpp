// CSV (RFC 4180: CRLF line ends, a header row, quoted fields where needed),
// for spreadsheets. One row per document: path, verdict, then for each rule
// of the run, in order, how many times it was found (findings and positive
// notes alike) and the first evidence. With RunInfo::by_clause, one row per
// clause instead, with the clause's number, heading and verdict
// contribution. A file that could not be read at all gets a row with the
// verdict "error" and the message in the "error" column, so no input goes
// missing from the sheet.
#include <string>
#include <vector>

#include "report/clauses.hpp"
#include "report/common.hpp"
#include "report/writer.hpp"

namespace peeraudit::report {
namespace {

constexpr const char* kEol = "\r\n";

class CsvWriter : public Writer {
 public:
  using Writer::Writer;

  void begin(const RunInfo& run) override {
    run_ = run;
    std::vector<std::string> head = {"path"};
    if (run.by_clause) {
      head.insert(head.end(), {"clause", "heading", "verdict"});
    } else {
      head.push_back("verdict");
    }
    for (const RuleInfo& r : run.rules) {
      head.push_back(r.id + " count");
      head.push_back(r.id + " evidence");
    }
    head.push_back("error");
    row(head, false);
  }

  void document(const Audit& a) override {
    if (run_.by_clause) {
      for (const ClauseRow& c : group_by_clause(a)) {
        std::vector<std::string> cells = {a.id};
        if (c.section) {
          cells.push_back(c.section->number);
          cells.push_back(section_heading(*c.section));
        } else {
          cells.push_back("");
          cells.push_back("(outside any clause)");
        }
        cells.push_back(std::string(to_string(c.contribution)));
        add_rule_cells(cells, c.findings);
        cells.push_back(errors(a));
        row(cells, true);
      }
      return;
    }
    std::vector<const Finding*> all;
    for (const Finding& f : a.findings) all.push_back(&f);
    for (const Finding& n : a.notes) all.push_back(&n);
    std::vector<std::string> cells = {a.id, std::string(to_string(a.verdict))};
    add_rule_cells(cells, all);
    cells.push_back(errors(a));
    row(cells, true);
  }

  void end(const Summary& summary) override {
    for (const IngestError& e : summary.input_errors) {
      std::vector<std::string> cells = {e.file};
      if (run_.by_clause) cells.insert(cells.end(), {"", "", "error"});
      else cells.push_back("error");
      for (std::size_t i = 0; i < run_.rules.size(); ++i) cells.insert(cells.end(), {"", ""});
      cells.push_back(e.display());
      row(cells, true);
    }
    out_.flush();
  }

 private:
  void add_rule_cells(std::vector<std::string>& cells, const std::vector<const Finding*>& findings) const {
    for (const RuleInfo& r : run_.rules) {
      std::size_t n = 0;
      const Finding* first = nullptr;
      for (const Finding* f : findings) {
        if (f->criterion != r.id) continue;
        if (!first) first = f;
        ++n;
      }
      cells.push_back(std::to_string(n));
      cells.push_back(first ? first->evidence : std::string());
    }
  }

  static std::string errors(const Audit& a) {
    std::string out;
    for (const IngestError& e : a.errors) out += (out.empty() ? "" : "; ") + e.display();
    return out;
  }

  void row(const std::vector<std::string>& cells, bool from_document) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) line += ',';
      line += csv_field(cells[i], from_document);
    }
    out_ << line << kEol;
  }

  RunInfo run_;
};

PEERAUDIT_REGISTER_WRITER(CsvWriter, "csv", "CSV (RFC 4180) for spreadsheets: one row per document, or per clause");

}  // namespace
}  // namespace peeraudit::report
