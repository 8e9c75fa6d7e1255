// --format json: one object for the run, documents streamed as they come.
// Keys keep a fixed order (nlohmann::ordered_json); see README "JSON report".
#include "report/json_model.hpp"
#include "report/writer.hpp"

namespace peeraudit::report {

namespace {

class JsonWriter final : public Writer {
 public:
  using Writer::Writer;
  void begin(const RunInfo& run) override {
    ojson head;
    head["tool"] = {{"name", "peeraudit"}, {"version", run.tool_version}};
    head["ruleset"] = {{"name", run.ruleset_name}, {"version", run.ruleset_version}};
    if (!run.timestamp.empty()) head["timestamp"] = run.timestamp;
    head["fail_on"] = run.fail_on;
    std::string s = head.dump(2);
    s.pop_back();  // reopen the object
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    out_ << s << ",\n  \"documents\": [";
  }
  std::string render(const Audit& a) const override {
    // Indented by two levels to sit inside "documents".
    std::string s = "    ";
    s.reserve(8192);
    append_json(s, a, JsonLayout{true, 4});
    return s;
  }
  void document(const Audit& a) override { document_rendered(a, render(a)); }
  void document_rendered(const Audit&, const std::string& rendered) override {
    out_ << (first_ ? "\n" : ",\n");
    first_ = false;
    out_ << rendered;
  }
  void end(const Summary& summary) override {
    out_ << (first_ ? "],\n" : "\n  ],\n");
    ojson errors = ojson::array();
    for (const auto& e : summary.input_errors) errors.push_back(to_json(e));
    std::string s = "  \"errors\": " + errors.dump(2) + ",\n  \"summary\": " + summary_json(summary).dump(2);
    std::string indented;
    for (char c : s) {
      indented += c;
      if (c == '\n') indented += "  ";
    }
    out_ << indented << "\n}\n";
  }

 private:
  bool first_ = true;
};

}  // namespace

PEERAUDIT_REGISTER_WRITER(JsonWriter, "json", "one JSON object for the run (stable key order)");

}  // namespace peeraudit::report
