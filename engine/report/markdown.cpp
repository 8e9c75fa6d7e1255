// Markdown (GitHub-flavoured), suited to a pull-request or issue comment: a
// summary table (document, verdict, findings), then each document with
// findings: criterion, location, quoted evidence, why it matters, how to fix
// it. Every piece of document text is escaped (markdown_escape), so a
// posting cannot break the tables or inject links or HTML. With
// RunInfo::by_clause, each document also gets a clause-by-clause table.
// Written once, at end(), because the summary table comes first.
#include <sstream>
#include <string>

#include "report/clauses.hpp"
#include "report/common.hpp"
#include "report/writer.hpp"

namespace peeraudit::report {
namespace {

std::string_view verdict_mark(Verdict v) {
  switch (v) {
    case Verdict::Moratorium: return "🟥";
    case Verdict::Conflict: return "🟧";
    case Verdict::Review: return "🟨";
    case Verdict::Clear: return "🟩";
  }
  return "";
}

std::string verdict_cell(Verdict v) {
  return std::string(verdict_mark(v)) + " **" + std::string(to_string(v)) + "**";
}

class MarkdownWriter : public Writer {
 public:
  using Writer::Writer;

  void begin(const RunInfo& run) override { run_ = run; }

  void document(const Audit& a) override {
    std::string name = markdown_escape(a.id);
    table_ << "| " << name << " | " << verdict_cell(a.verdict) << " | " << a.findings.size() << " |\n";
    ++counts_[static_cast<int>(a.verdict)];
    ++documents_;
    failed_ += fails(a.verdict, run_.fail_on);

    // Clear documents with nothing to say stay out of the details.
    if (a.findings.empty() && a.notes.empty() && a.errors.empty() && !run_.by_clause) return;
    std::ostringstream& d = details_;
    d << "\n### " << verdict_mark(a.verdict) << " " << name << " — " << to_string(a.verdict) << "\n\n";
    if (!a.title.empty()) d << "*" << markdown_escape(a.title) << "*\n\n";
    d << verdict_label(a.verdict) << ". " << verdict_explanation(a.verdict) << "\n";
    if (!a.findings.empty()) {
      d << "\n#### What we found\n";
      for (const Finding& f : a.findings) finding(d, f);
    }
    if (!a.notes.empty()) {
      d << "\n#### Good signs\n\n";
      for (const Finding& n : a.notes) {
        d << "- **" << markdown_escape(n.title.empty() ? n.criterion : n.title) << "** (`" << n.criterion
          << "`): “" << markdown_escape(n.evidence) << "”";
        std::string w = where(n);
        if (!w.empty()) d << " — " << markdown_escape(w);
        d << "\n";
      }
    }
    if (!a.errors.empty()) {
      d << "\n#### Problems reading this document\n\n";
      for (const IngestError& e : a.errors) d << "- " << markdown_escape(e.display()) << "\n";
    }
    if (run_.by_clause) clause_table(d, a);
  }

  void end(const Summary& summary) override {
    out_ << "## Peer specialist role audit\n\n";
    out_ << documents_ << (documents_ == 1 ? " document" : " documents") << " checked";
    if (!run_.ruleset_name.empty()) {
      out_ << " against the " << markdown_escape(run_.ruleset_name) << " criteria";
      if (!run_.ruleset_version.empty()) out_ << " (version " << markdown_escape(run_.ruleset_version) << ")";
    }
    out_ << ": ";
    bool first = true;
    for (Verdict v : kVerdictsBySeverity) {
      out_ << (first ? "" : ", ") << counts_[static_cast<int>(v)] << " " << to_string(v);
      first = false;
    }
    out_ << ".";
    if (run_.fail_on != "never")
      out_ << " " << failed_ << " at or above `" << (is_valid_fail_on(run_.fail_on) ? run_.fail_on : "conflict")
           << "`.";
    out_ << "\n";
    if (!run_.timestamp.empty()) out_ << "\n_" << markdown_escape(run_.timestamp) << "_\n";
    if (documents_ > 0) {
      out_ << "\n| Document | Verdict | Findings |\n|---|---|---:|\n" << table_.str();
    }
    out_ << details_.str();
    if (!summary.input_errors.empty()) {
      out_ << "\n### Files we could not read\n\n";
      for (const IngestError& e : summary.input_errors) out_ << "- " << markdown_escape(e.display()) << "\n";
    }
  }

 private:
  void finding(std::ostringstream& d, const Finding& f) const {
    d << "\n**" << markdown_escape(f.title.empty() ? f.criterion : f.title) << "** (`" << f.criterion << "`)";
    std::string w = where(f);
    if (!w.empty()) d << " — " << markdown_escape(w);
    d << "\n\n> " << markdown_escape(f.evidence) << "\n\n";
    if (!f.why.empty()) d << "- **Why it matters:** " << markdown_escape(f.why) << "\n";
    if (!f.fix.empty()) d << "- **How to fix it:** " << markdown_escape(f.fix) << "\n";
  }

  void clause_table(std::ostringstream& d, const Audit& a) const {
    d << "\n#### Clause by clause\n\n";
    auto rows = group_by_clause(a);
    if (rows.empty()) {
      d << "No clauses were found in this document.\n";
      return;
    }
    d << "| Clause | Heading | Findings | Contributes |\n|---|---|---|---|\n";
    for (const ClauseRow& r : rows) {
      std::string number = r.section ? markdown_escape(r.section->number) : "";
      std::string heading = r.section ? markdown_escape(section_heading(*r.section))
                                      : "(outside any clause)";
      std::string found;
      for (const Finding* f : r.findings) {
        if (!found.empty()) found += "<br>";
        found += "`" + f->criterion + "`: “" + markdown_escape(f->evidence) + "”";
      }
      d << "| " << number << " | " << heading << " | " << (found.empty() ? "—" : found) << " | "
        << (r.findings.empty() ? std::string("—") : verdict_cell(r.contribution)) << " |\n";
    }
  }

  RunInfo run_;
  std::ostringstream table_, details_;
  std::size_t counts_[4] = {0, 0, 0, 0};
  std::size_t documents_ = 0, failed_ = 0;
};

PEERAUDIT_REGISTER_WRITER(MarkdownWriter, "markdown", "Markdown for a pull-request comment: summary table and findings");

}  // namespace
}  // namespace peeraudit::report
