// SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, VS Code's SARIF
// viewer) and CI. One run; one rule per criterion; one result per finding.
//
// Decisions:
// - Positive structure notes (Audit::notes: struct.voluntary, ...) are NOT
//   results. A SARIF result is a problem to look at; GitHub code scanning
//   does not document result.kind and would show kind "pass" results as
//   alerts. They are kept, per document, in runs[0].properties.documents[]
//   together with each document's verdict, so nothing is lost.
// - Negative struct.* findings (review) are ordinary results, level from
//   Finding::level.
// - Columns: Location::column counts UTF-8 characters, so the run says
//   columnKind "unicodeCodePoints". endColumn is exclusive (SARIF §3.30.5).
// - Offsets: byteOffset/byteLength always (the engine knows the byte offset
//   in the source file); charOffset/charLength (Unicode characters) too when
//   the text is the source one for one (plain text, Markdown), where they can
//   be counted exactly.
// - A text region (startLine...) is written only when the location has a
//   line and no page or paragraph: a PDF's "line 4" is a line of page 3 and
//   a DOCX paragraph has no line, so such results carry the file and, in
//   the location's message, the human location ("p. 3, line 4", "¶ 12").
// - Input errors and per-document read problems become
//   invocations[0].toolExecutionNotifications; the run still succeeded.
// - Output is written once, at end(), so the document is always complete.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/common.hpp"
#include "report/writer.hpp"

namespace peeraudit::report {
namespace {

using ojson = nlohmann::ordered_json;

class SarifWriter : public Writer {
 public:
  using Writer::Writer;

  void begin(const RunInfo& run) override {
    run_ = run;
    for (const RuleInfo& r : run.rules) add_rule(r);
  }

  void document(const Audit& a) override {
    std::string uri = path_to_uri(a.source.empty() ? a.id : a.source);
    ++counts_[static_cast<int>(a.verdict)];
    for (const Finding& f : a.findings) results_.push_back(result(a, f, uri));

    ojson doc = ojson::object();
    doc["id"] = a.id;
    doc["uri"] = uri;
    if (!a.title.empty()) doc["title"] = a.title;
    doc["verdict"] = std::string(to_string(a.verdict));
    doc["fails"] = fails(a.verdict, run_.fail_on);
    doc["findings"] = a.findings.size();
    ojson notes = ojson::array();
    for (const Finding& n : a.notes) {
      ojson o = ojson::object();
      o["ruleId"] = n.criterion;
      o["sign"] = std::string(to_string(n.sign));
      o["evidence"] = n.evidence;
      o["location"] = where(n);
      notes.push_back(std::move(o));
    }
    doc["notes"] = std::move(notes);
    documents_.push_back(std::move(doc));

    for (const IngestError& e : a.errors) notifications_.push_back(notification(e, e.warning ? "warning" : "error"));
  }

  void end(const Summary& summary) override {
    for (const IngestError& e : summary.input_errors) notifications_.push_back(notification(e, "error"));

    ojson driver = ojson::object();
    driver["name"] = "peeraudit";
    driver["version"] = run_.tool_version.empty() ? std::string("0") : run_.tool_version;
    driver["rules"] = rules_;

    ojson invocation = ojson::object();
    invocation["executionSuccessful"] = true;
    if (!run_.timestamp.empty()) invocation["endTimeUtc"] = run_.timestamp;
    invocation["toolExecutionNotifications"] = notifications_;

    ojson props = ojson::object();
    props["ruleset"] = run_.ruleset_name;
    props["rulesetVersion"] = run_.ruleset_version;
    props["failOn"] = run_.fail_on;
    ojson by_verdict = ojson::object();
    for (Verdict v : kVerdictsBySeverity) by_verdict[std::string(to_string(v))] = counts_[static_cast<int>(v)];
    props["documentsByVerdict"] = std::move(by_verdict);
    props["documents"] = documents_;

    ojson run = ojson::object();
    run["tool"] = {{"driver", std::move(driver)}};
    run["invocations"] = ojson::array({std::move(invocation)});
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = results_;
    run["properties"] = std::move(props);

    ojson log = ojson::object();
    log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = ojson::array({std::move(run)});
    out_ << log.dump(2, ' ', false, ojson::error_handler_t::replace) << '\n';
  }

 private:
  std::size_t add_rule(const RuleInfo& r) {
    auto it = index_.find(r.id);
    if (it != index_.end()) return it->second;
    ojson rule = ojson::object();
    rule["id"] = r.id;
    rule["name"] = pascal_name(r.id);
    rule["shortDescription"] = {{"text", r.title.empty() ? r.id : r.title}};
    std::string full = !r.doc.empty() ? one_line(r.doc) : !r.summary.empty() ? one_line(r.summary) : r.title;
    rule["fullDescription"] = {{"text", full.empty() ? r.id : full}};
    std::string help;
    if (!r.why.empty()) help += "Why it matters: " + one_line(r.why);
    if (!r.fix.empty()) help += std::string(help.empty() ? "" : "\n") + "How to fix it: " + one_line(r.fix);
    rule["help"] = {{"text", help.empty() ? full : help}};
    rule["defaultConfiguration"] = {{"level", std::string(default_level(r.category, r.sign))}};
    ojson props = ojson::object();
    props["category"] = std::string(to_string(r.category));
    props["sign"] = std::string(to_string(r.sign));
    props["tags"] = ojson::array({"peer-support", std::string(to_string(r.category))});
    rule["properties"] = std::move(props);
    rules_.push_back(std::move(rule));
    std::size_t i = rules_.size() - 1;
    index_.emplace(r.id, i);
    return i;
  }

  // "duty.medication" -> "DutyMedication" (SARIF rule names are opaque
  // identifiers, conventionally PascalCase).
  static std::string pascal_name(const std::string& id) {
    std::string out;
    bool up = true;
    for (char c : id) {
      if (c == '.' || c == '_' || c == '-' || c == ' ') {
        up = true;
        continue;
      }
      out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      up = false;
    }
    return out;
  }

  ojson result(const Audit& a, const Finding& f, const std::string& doc_uri) {
    std::size_t idx = index_.count(f.criterion) ? index_[f.criterion] : add_rule(rule_from(f));
    ojson r = ojson::object();
    r["ruleId"] = f.criterion;
    r["ruleIndex"] = idx;
    r["level"] = std::string(to_string(f.level));
    std::string msg = (f.title.empty() ? f.criterion : f.title) + ": \"" + one_line(f.evidence) + "\".";
    if (!f.why.empty()) msg += " " + one_line(f.why);
    r["message"] = {{"text", msg}};

    ojson phys = ojson::object();
    std::string uri = f.location.file.empty() ? doc_uri : path_to_uri(f.location.file);
    phys["artifactLocation"] = {{"uri", uri}};
    const Location& L = f.location;
    bool text_region = L.line > 0 && L.page == 0 && L.paragraph == 0;
    if (text_region) {
      ojson region = ojson::object();
      region["startLine"] = L.line;
      int col = L.column > 0 ? L.column : 1;
      region["startColumn"] = col;
      auto nl = f.evidence.rfind('\n');
      if (nl == std::string::npos) {
        region["endColumn"] = col + static_cast<int>(utf8_length(f.evidence));
      } else {
        int lines = 0;
        for (char c : f.evidence) lines += c == '\n';
        region["endLine"] = L.line + lines;
        region["endColumn"] = 1 + static_cast<int>(utf8_length(std::string_view(f.evidence).substr(nl + 1)));
      }
      if (L.char_offset >= 0) {
        region["charOffset"] = L.char_offset;
        region["charLength"] = utf8_length(f.evidence);
      }
      region["byteOffset"] = L.byte_offset;
      region["byteLength"] = f.evidence.size();
      region["snippet"] = {{"text", f.evidence}};
      phys["region"] = std::move(region);
      // The whole line as context; only when it contains the region.
      if (!f.source_line.empty() && nl == std::string::npos) {
        ojson ctx = ojson::object();
        ctx["startLine"] = L.line;
        ctx["snippet"] = {{"text", f.source_line}};
        phys["contextRegion"] = std::move(ctx);
      }
    }
    ojson loc = ojson::object();
    loc["physicalLocation"] = std::move(phys);
    std::string human = where(f);
    if (!human.empty()) loc["message"] = {{"text", human}};
    r["locations"] = ojson::array({std::move(loc)});

    ojson props = ojson::object();
    props["document"] = a.id;
    props["category"] = std::string(to_string(f.category));
    if (f.sign != Sign::None) props["sign"] = std::string(to_string(f.sign));
    if (!L.section.empty()) props["section"] = L.section;
    if (L.page > 0) props["page"] = L.page;
    if (L.paragraph > 0) props["paragraph"] = L.paragraph;
    if (L.row > 0) props["row"] = L.row;
    if (!f.fix.empty()) props["fix"] = one_line(f.fix);
    if (!f.pattern_id.empty()) props["pattern"] = f.pattern_id;
    ojson checks = ojson::array();
    for (const ContextCheck& c : f.checks) {
      ojson o = ojson::object();
      o["kind"] = std::string(to_string(c.kind));
      o["outcome"] = std::string(to_string(c.outcome));
      if (!c.cue.empty()) o["cue"] = c.cue;
      checks.push_back(std::move(o));
    }
    props["checks"] = std::move(checks);
    r["properties"] = std::move(props);
    return r;
  }

  static RuleInfo rule_from(const Finding& f) {
    RuleInfo r;
    r.id = f.criterion;
    r.title = f.title;
    r.why = f.why;
    r.fix = f.fix;
    r.category = f.category;
    r.sign = f.sign;
    return r;
  }

  static ojson notification(const IngestError& e, const char* level) {
    ojson n = ojson::object();
    n["level"] = level;
    n["message"] = {{"text", e.display()}};
    if (!e.file.empty()) {
      ojson phys = ojson::object();
      phys["artifactLocation"] = {{"uri", path_to_uri(e.file)}};
      if (e.line > 0) phys["region"] = {{"startLine", e.line}};
      n["locations"] = ojson::array({{{"physicalLocation", std::move(phys)}}});
    }
    return n;
  }

  RunInfo run_;
  ojson rules_ = ojson::array();
  std::map<std::string, std::size_t> index_;
  ojson results_ = ojson::array();
  ojson documents_ = ojson::array();
  ojson notifications_ = ojson::array();
  // Counted here so the summary matches the documents this report lists.
  std::size_t counts_[4] = {0, 0, 0, 0};
};

PEERAUDIT_REGISTER_WRITER(SarifWriter, "sarif", "SARIF 2.1.0 for code-scanning dashboards and CI");

}  // namespace
}  // namespace peeraudit::report
