// Inline suppressions in documents a repository owns:
//   peeraudit-ignore: duty.reporting -- the clause is quoted to be struck out
// on the finding's line or the line above silences findings of the named
// criteria (comma-separated, or "all"). A suppression without a reason after
// "--" silences nothing and is itself a finding (suppression.no_reason).
#pragma once

#include "core/types.hpp"

namespace peeraudit::judge {

void apply_suppressions(const Document& doc, Audit& audit);

}  // namespace peeraudit::judge
