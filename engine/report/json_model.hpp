// The JSON shape of findings and audits, shared by the json writer, the
// streaming JSONL mode and the server, so all three say the same thing.
//
// Audits are written straight to text with RapidJSON's streaming writer (no
// intermediate tree): in a batch the JSON of the findings is several times
// the size of the input, and building an nlohmann tree per document, then
// printing it, was the largest single cost of a run. The run header, summary
// and the server's envelopes are small and still use nlohmann's ordered_json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/types.hpp"

namespace peeraudit::report {

using ojson = nlohmann::ordered_json;

// How to lay out streamed JSON: compact (one line), or pretty with two
// spaces per level, the whole value shifted right by `base_indent` spaces
// (to sit inside an enclosing array).
struct JsonLayout {
  bool pretty = true;
  int base_indent = 0;
};

// Appends one audit as a JSON object. `prefix_row` > 0 puts "row": N first
// (the JSONL stream's shape).
void append_json(std::string& out, const Audit& a, JsonLayout layout, std::size_t prefix_row = 0);

ojson to_json(const IngestError& e);
ojson to_json(const Audit& a);  // the same object as append_json, as a tree
ojson to_json(const RuleInfo& r);
ojson summary_json(const Summary& s);

}  // namespace peeraudit::report
