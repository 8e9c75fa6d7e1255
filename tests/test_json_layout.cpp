// The streamed JSON emitter takes shortcuts (plain strings copied whole,
// checks arrays written once and copied, the base indentation written in
// place): whatever it takes, its text must be exactly what a plain JSON
// library writes for the same tree, at every indentation, on the first
// document and on later ones that hit its memos.
#include <catch2/catch.hpp>
#include <string>

#include "report/json_model.hpp"

using namespace peeraudit;

namespace {

Finding finding(std::string criterion, std::vector<ContextCheck> checks, std::string evidence) {
  Finding f;
  f.criterion = std::move(criterion);
  f.title = "A title with \"quotes\" and a \\ backslash";
  f.category = Verdict::Moratorium;
  f.level = Level::Error;
  f.evidence = std::move(evidence);
  f.span = {10, 20};
  f.location.file = "dir/a \"quoted\" file.txt";
  f.location.line = 3;
  f.location.column = 7;
  f.location.byte_offset = 10;
  f.location.section = "Duties";
  f.location.section_kind = "duties";
  f.why = "Why it matters: a long text, with UTF-8 (caf\xc3\xa9, \xe2\x80\x94) and a tab\there.";
  f.fix = "Fix it.\nSecond line.";
  f.checks = std::move(checks);
  f.pattern_id = "p-1";
  return f;
}

ContextCheck check(ContextKind k, Outcome o, std::string cue = "") {
  ContextCheck c;
  c.kind = k;
  c.outcome = o;
  c.cue = std::move(cue);
  return c;
}

Audit audit(const std::string& id) {
  Audit a;
  a.id = id;
  a.source = id;
  a.format = "text";
  a.verdict = Verdict::Moratorium;
  std::vector<ContextCheck> passed = {check(ContextKind::Boilerplate, Outcome::Passed),
                                      check(ContextKind::Negation, Outcome::Passed)};
  a.findings.push_back(finding("setting.act", passed, "ACT team"));
  a.findings.push_back(finding("setting.act", passed, "plain evidence that is longer than sixteen bytes"));
  a.findings.push_back(finding("duty.reporting",
                               {check(ContextKind::Section, Outcome::Weakened, "a \"cue\"\nwith escapes"),
                                check(ContextKind::Hypothetical, Outcome::Passed)},
                               "evidence with a \"quote\", a \\ and a control \x01 byte"));
  a.findings.push_back(finding("duty.restraint", {}, "no checks at all"));
  a.notes.push_back(finding("struct.peer_supervision", passed, "a note"));
  return a;
}

// Shifts every line after the first right by n spaces.
std::string shifted(const std::string& s, int n) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '\n') out.append(static_cast<std::size_t>(n), ' ');
  }
  return out;
}

// What nlohmann writes for the same tree, with RapidJSON's uppercase \u
// escapes (both are valid JSON; only the case of the hex digits differs).
std::string reference(const Audit& a, bool pretty) {
  std::string s = report::to_json(a).dump(pretty ? 2 : -1);
  for (std::size_t i = 0; (i = s.find("\\u00", i)) != std::string::npos; i += 6)
    for (std::size_t k = i + 4; k < i + 6; ++k) s[k] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[k])));
  return s;
}

}  // namespace

TEST_CASE("streamed JSON is what a JSON library writes, at every indentation and on memo hits", "[json]") {
  for (int round = 0; round < 2; ++round) {  // the second round hits the memos
    CAPTURE(round);
    Audit a = audit("doc-" + std::to_string(round));
    const std::string pretty = reference(a, true);
    for (int base : {0, 1, 2, 3, 4, 6}) {
      CAPTURE(base);
      std::string out;
      report::append_json(out, a, report::JsonLayout{true, base});
      CHECK(out == shifted(pretty, base));
    }
    std::string compact;
    report::append_json(compact, a, report::JsonLayout{false, 0});
    CHECK(compact == reference(a, false));
    std::string with_row;
    report::append_json(with_row, a, report::JsonLayout{false, 0}, 7);
    CHECK(with_row.rfind("{\"row\":7,\"id\":\"doc-", 0) == 0);
  }
}

TEST_CASE("streamed JSON escapes a special byte at any position of a string of any length", "[json]") {
  // Strings are checked in blocks of 16 and 8 bytes with a tail; put each
  // byte that must be escaped at every position of strings of 1 to 40 bytes.
  for (char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
    for (std::size_t len = 1; len <= 40; ++len) {
      for (std::size_t at = 0; at <= len; ++at) {  // at == len: none
        std::string s(len, 'x');
        if (at < len) s[at] = special;
        if (len >= 4 && at >= 2) s.replace(0, 2, "\xc3\xa9");  // UTF-8 is copied as it is
        Audit a = audit("doc");
        a.findings[0].evidence = s;
        a.findings[0].location.section = s;
        std::string out;
        report::append_json(out, a, report::JsonLayout{false, 0});
        INFO("special " << static_cast<int>(special) << " len " << len << " at " << at);
        REQUIRE(out == reference(a, false));
      }
    }
  }
}
