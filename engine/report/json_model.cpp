#include "report/json_model.hpp"

namespace peeraudit::report {

ojson to_json(const Location& l) {
  ojson j;
  j["file"] = l.file;
  if (l.line > 0) {
    j["line"] = l.line;
    j["column"] = l.column;
  }
  j["byte_offset"] = l.byte_offset;
  if (l.page > 0) j["page"] = l.page;
  if (l.paragraph > 0) j["paragraph"] = l.paragraph;
  if (l.row > 0) j["row"] = l.row;
  j["section"] = l.section;
  j["section_kind"] = l.section_kind;
  j["display"] = l.display();
  return j;
}

ojson to_json(const Finding& f) {
  ojson j;
  j["criterion"] = f.criterion;
  j["title"] = f.title;
  j["category"] = std::string(f.sign == Sign::Positive ? "positive" : to_string(f.category));
  j["level"] = std::string(to_string(f.level));
  if (f.sign != Sign::None) j["sign"] = std::string(to_string(f.sign));
  if (f.weak) j["weak"] = true;
  j["evidence"] = f.evidence;
  j["location"] = to_json(f.location);
  j["span"] = {{"begin", f.span.begin}, {"end", f.span.end}};
  j["why"] = f.why;
  j["fix"] = f.fix;
  ojson checks = ojson::array();
  for (const auto& c : f.checks) {
    ojson cj;
    cj["kind"] = std::string(to_string(c.kind));
    cj["outcome"] = std::string(to_string(c.outcome));
    if (!c.cue.empty()) cj["cue"] = c.cue;
    checks.push_back(cj);
  }
  j["checks"] = checks;
  j["pattern"] = f.pattern_id;
  return j;
}

ojson to_json(const IngestError& e) {
  ojson j;
  j["file"] = e.file;
  if (e.line > 0) j["line"] = e.line;
  j["message"] = e.message;
  return j;
}

ojson to_json(const Audit& a) {
  ojson j;
  j["id"] = a.id;
  j["source"] = a.source;
  j["format"] = a.format;
  if (!a.title.empty()) j["title"] = a.title;
  j["verdict"] = std::string(to_string(a.verdict));
  ojson findings = ojson::array();
  for (const auto& f : a.findings) findings.push_back(to_json(f));
  j["findings"] = findings;
  ojson notes = ojson::array();
  for (const auto& f : a.notes) notes.push_back(to_json(f));
  j["notes"] = notes;
  if (!a.suppressed.empty()) {
    ojson sup = ojson::array();
    for (const auto& f : a.suppressed) sup.push_back(to_json(f));
    j["suppressed"] = sup;
  }
  if (a.baselined > 0) j["baselined"] = a.baselined;
  ojson errors = ojson::array();
  for (const auto& e : a.errors) errors.push_back(to_json(e));
  j["warnings"] = errors;
  return j;
}

ojson to_json(const RuleInfo& r) {
  ojson j;
  j["id"] = r.id;
  j["title"] = r.title;
  j["category"] = std::string(r.sign == Sign::Positive ? "positive" : to_string(r.category));
  j["summary"] = r.summary;
  return j;
}

ojson summary_json(const Summary& s) {
  ojson j;
  j["documents"] = s.documents;
  ojson v;
  for (int i = 3; i >= 0; --i) v[std::string(to_string(static_cast<Verdict>(i)))] = s.by_verdict[i];
  j["by_verdict"] = v;
  j["findings"] = s.findings;
  j["suppressed"] = s.suppressed;
  j["baselined"] = s.baselined;
  j["failed"] = s.failed;
  j["input_errors"] = s.input_errors.size();
  return j;
}

}  // namespace peeraudit::report
