// Groups a document's findings by clause (Audit::sections) for the
// clause-by-clause tables of the html, markdown and csv writers
// (RunInfo::by_clause, --by-clause): a union rep reads a contract clause by
// clause, and wants to know which clause to renegotiate.
#pragma once

#include <vector>

#include "core/types.hpp"

namespace peeraudit::report {

struct ClauseRow {
  // The clause, or nullptr for the row that collects findings lying in no
  // section (only present when there are such findings).
  const Section* section = nullptr;
  std::vector<const Finding*> findings;  // span.begin in [begin, end), in the audit's order
  Verdict contribution = Verdict::Clear;  // most severe Finding::category among them
};

// One row per Audit::sections entry, in order, then the "outside any clause"
// row if needed. Only Audit::findings are grouped (not the positive notes).
std::vector<ClauseRow> group_by_clause(const Audit& audit);

}  // namespace peeraudit::report
