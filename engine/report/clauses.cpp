#include "report/clauses.hpp"

#include "report/common.hpp"

namespace peeraudit::report {

std::vector<ClauseRow> group_by_clause(const Audit& audit) {
  std::vector<ClauseRow> rows;
  rows.reserve(audit.sections.size() + 1);
  for (const Section& s : audit.sections) rows.push_back({&s, {}, Verdict::Clear});
  ClauseRow outside;
  for (const Finding& f : audit.findings) {
    // Sections are ordered and do not overlap, but do not rely on it: the
    // first section that holds the offset wins.
    bool placed = false;
    for (ClauseRow& r : rows) {
      if (r.section && f.span.begin >= r.section->begin && f.span.begin < r.section->end) {
        r.findings.push_back(&f);
        placed = true;
        break;
      }
    }
    if (!placed) outside.findings.push_back(&f);
  }
  if (!outside.findings.empty()) rows.push_back(std::move(outside));
  for (ClauseRow& r : rows) r.contribution = most_severe(r.findings);
  return rows;
}

}  // namespace peeraudit::report
