// JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure,
// GitHub actions that read JUnit). One <testsuite name="peeraudit">; one
// <testcase> per document, failing when its verdict is at or above
// RunInfo::fail_on; files that could not be read are <error> test cases.
// Findings below the threshold are listed in <system-out> so they are still
// visible. Written once, at end(), because the suite's counts come first.
#include <string>

#include <pugixml.hpp>

#include "report/common.hpp"
#include "report/writer.hpp"

namespace peeraudit::report {
namespace {

std::string findings_text(const Audit& a) {
  std::string out;
  for (const Finding& f : a.findings) {
    out += f.criterion;
    if (!f.title.empty()) out += " (" + f.title + ")";
    std::string w = where(f);
    if (!w.empty()) out += " at " + w;
    out += ": \"" + one_line(f.evidence) + "\"\n";
    if (!f.why.empty()) out += "  Why it matters: " + one_line(f.why) + "\n";
    if (!f.fix.empty()) out += "  How to fix it: " + one_line(f.fix) + "\n";
  }
  for (const Finding& n : a.notes) {
    out += "good sign: " + n.criterion;
    if (!n.title.empty()) out += " (" + n.title + ")";
    out += ": \"" + one_line(n.evidence) + "\"\n";
  }
  return out;
}

class JunitWriter : public Writer {
 public:
  using Writer::Writer;

  void begin(const RunInfo& run) override {
    run_ = run;
    suite_ = doc_.append_child("testsuite");
    suite_.append_attribute("name") = "peeraudit";
    tests_ = suite_.append_attribute("tests");
    failures_ = suite_.append_attribute("failures");
    errors_ = suite_.append_attribute("errors");
    suite_.append_attribute("skipped") = 0;
    if (!run.timestamp.empty()) suite_.append_attribute("timestamp") = xml_clean(run.timestamp).c_str();
    pugi::xml_node props = suite_.append_child("properties");
    auto prop = [&](const char* name, const std::string& value) {
      pugi::xml_node p = props.append_child("property");
      p.append_attribute("name") = name;
      p.append_attribute("value") = xml_clean(value).c_str();
    };
    prop("tool_version", run.tool_version);
    prop("ruleset", run.ruleset_name);
    prop("ruleset_version", run.ruleset_version);
    prop("fail_on", run.fail_on);
  }

  void document(const Audit& a) override {
    ++tests_n_;
    pugi::xml_node tc = suite_.append_child("testcase");
    tc.append_attribute("classname") = "peeraudit";
    tc.append_attribute("name") = xml_clean(a.id).c_str();
    if (!a.source.empty() && a.source != a.id) tc.append_attribute("file") = xml_clean(a.source).c_str();
    std::string verdict(to_string(a.verdict));
    std::string text = findings_text(a);
    if (fails(a.verdict, run_.fail_on)) {
      ++failures_n_;
      pugi::xml_node f = tc.append_child("failure");
      f.append_attribute("message") = ("verdict: " + verdict).c_str();
      f.append_attribute("type") = verdict.c_str();
      std::string body = "Verdict: " + verdict + " (" + std::string(verdict_label(a.verdict)) + ")\n" + text;
      f.text().set(xml_clean(body).c_str());
    } else {
      std::string body = "Verdict: " + verdict + " (" + std::string(verdict_label(a.verdict)) + ")\n" + text;
      tc.append_child("system-out").text().set(xml_clean(body).c_str());
    }
    if (!a.errors.empty()) {
      std::string err;
      for (const IngestError& e : a.errors) err += e.display() + "\n";
      tc.append_child("system-err").text().set(xml_clean(err).c_str());
    }
  }

  void end(const Summary& summary) override {
    for (const IngestError& e : summary.input_errors) {
      ++tests_n_;
      ++errors_n_;
      pugi::xml_node tc = suite_.append_child("testcase");
      tc.append_attribute("classname") = "peeraudit";
      tc.append_attribute("name") = xml_clean(e.file).c_str();
      pugi::xml_node err = tc.append_child("error");
      err.append_attribute("message") = xml_clean(e.message).c_str();
      err.append_attribute("type") = "input";
      err.text().set(xml_clean(e.display()).c_str());
    }
    tests_ = static_cast<unsigned long long>(tests_n_);
    failures_ = static_cast<unsigned long long>(failures_n_);
    errors_ = static_cast<unsigned long long>(errors_n_);
    doc_.save(out_, "  ", pugi::format_default, pugi::encoding_utf8);
  }

 private:
  RunInfo run_;
  pugi::xml_document doc_;
  pugi::xml_node suite_;
  pugi::xml_attribute tests_, failures_, errors_;
  std::size_t tests_n_ = 0, failures_n_ = 0, errors_n_ = 0;
};

PEERAUDIT_REGISTER_WRITER(JunitWriter, "junit", "JUnit XML: one test case per document, failing at --fail-on");

}  // namespace
}  // namespace peeraudit::report
