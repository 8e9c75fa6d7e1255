// The JSON shape of findings and audits, shared by the json writer, the
// streaming JSONL mode and the server, so all three say the same thing.
#pragma once

#include <nlohmann/json.hpp>

#include "core/types.hpp"

namespace peeraudit::report {

using ojson = nlohmann::ordered_json;

ojson to_json(const Location& l);
ojson to_json(const Finding& f);
ojson to_json(const IngestError& e);
ojson to_json(const Audit& a);
ojson to_json(const RuleInfo& r);
ojson summary_json(const Summary& s);

}  // namespace peeraudit::report
