// The command line as a user meets it: exit codes, formats, bad input,
// standard input, atomic reports, inputs left untouched.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "support.hpp"

using testing::run_cli;

namespace {
const char* kMoratorium = "Peer Support Specialist\n\nDuties\nProvides peer support on the acute inpatient psychiatric unit.\n";
const char* kConflict = "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n";
const char* kClear = "Peer Support Specialist\n\nDuties\nLeads a weekly wellness group at the drop-in center.\n";
}  // namespace

TEST_CASE("help, version and rules", "[cli]") {
  auto help = run_cli("--help");
  CHECK(help.code == 0);
  CHECK(help.out.find("audit") != std::string::npos);
  CHECK(help.out.find("eval") != std::string::npos);
  auto ver = run_cli("--version");
  CHECK(ver.code == 0);
  CHECK(ver.out.find("peeraudit ") == 0);
  auto rules = run_cli("rules");
  CHECK(rules.code == 0);
  for (const char* id : {"setting.inpatient", "setting.psych_emergency", "setting.mobile_crisis", "setting.act",
                         "setting.other_coercive", "duty.medication", "duty.reporting", "duty.outpatient_commitment",
                         "duty.restraint_seclusion", "duty.involuntary", "duty.non_peer", "struct.voluntary",
                         "struct.peer_supervision", "struct.advocacy", "struct.hierarchy", "struct.conditions"})
    CHECK(rules.out.find(id) != std::string::npos);
  auto doc = run_cli("rules --doc duty.medication");
  CHECK(doc.code == 0);
  CHECK(doc.out.find("How to fix it") != std::string::npos);
  CHECK(run_cli("rules --doc no.such.rule").code == 2);
  CHECK(run_cli("test-rules").code == 0);
}

TEST_CASE("exit codes follow --fail-on", "[cli]") {
  testing::TempDir d;
  auto m = d.write("m.txt", kMoratorium), c = d.write("c.txt", kConflict), k = d.write("k.txt", kClear);
  CHECK(run_cli("audit -q '" + k.string() + "'").code == 0);
  CHECK(run_cli("audit -q '" + c.string() + "'").code == 1);
  CHECK(run_cli("audit -q --fail-on moratorium '" + c.string() + "'").code == 0);
  CHECK(run_cli("audit -q --fail-on moratorium '" + m.string() + "'").code == 1);
  CHECK(run_cli("audit -q --fail-on never '" + m.string() + "'").code == 0);
  CHECK(run_cli("audit -q --fail-on bogus '" + m.string() + "'").code == 2);
}

TEST_CASE("text report: file:line:col, the line, an underline, why and fix", "[cli][report]") {
  testing::TempDir d;
  auto m = d.write("m.txt", kMoratorium);
  auto r = run_cli("audit --color=never '" + m.string() + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find(m.string() + ":4:") != std::string::npos);
  CHECK(r.out.find("setting.inpatient") != std::string::npos);
  CHECK(r.out.find("^~~") != std::string::npos);
  CHECK(r.out.find("why: ") != std::string::npos);
  CHECK(r.out.find("fix: ") != std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);
  auto colored = run_cli("audit --color=always '" + m.string() + "'");
  CHECK(colored.out.find("\033[") != std::string::npos);
}

TEST_CASE("json report parses and carries verdict, evidence and location", "[cli][report]") {
  testing::TempDir d;
  auto m = d.write("a/m.txt", kMoratorium);
  auto k = d.write("a/k.txt", kClear);
  auto r = run_cli("audit -q --format json '" + (d.path / "a").string() + "'");
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["tool"]["name"] == "peeraudit");
  REQUIRE(j["documents"].size() == 2);
  // Folders are walked in sorted order.
  CHECK(j["documents"][0]["source"] == k.string());
  CHECK(j["documents"][0]["verdict"] == "clear");
  auto& f = j["documents"][1]["findings"][0];
  CHECK(j["documents"][1]["verdict"] == "moratorium");
  CHECK(f["criterion"] == "setting.inpatient");
  CHECK(f["location"]["line"] == 4);
  CHECK(f["location"]["section_kind"] == "duties");
  std::string ev = f["evidence"];
  CHECK(std::string(kMoratorium).find(ev) != std::string::npos);
  CHECK(j["summary"]["documents"] == 2);
}

TEST_CASE("standard input with '-'", "[cli]") {
  auto r = run_cli("audit -q --format json -", kConflict);
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"][0]["verdict"] == "conflict");
}

TEST_CASE("bad input: one line naming the file, the batch goes on, exit 2", "[cli][badinput]") {
  testing::TempDir d;
  auto good = d.write("good.txt", kClear);
  auto empty = d.write("empty.txt", "");
  auto binary = d.write("noise.txt", std::string("\x7f" "ELF\0\0\x01\x02\x03", 9));
  auto invalid = d.write("latin1.txt", "Title\n\nDuties\nCaf\xE9 hours on the inpatient psychiatric unit.\n");
  std::string missing = (d.path / "missing.txt").string();
  auto r = run_cli("audit -q --format json '" + good.string() + "' '" + empty.string() + "' '" + binary.string() +
                   "' '" + missing + "' '" + invalid.string() + "'");
  CHECK(r.code == 2);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"].size() == 2);  // good + the invalid UTF-8 one (bytes replaced)
  CHECK(j["errors"].size() == 3);
  CHECK(r.err.find("empty.txt: empty file") != std::string::npos);
  CHECK(r.err.find("noise.txt: binary file") != std::string::npos);
  CHECK(r.err.find("missing.txt: cannot read") != std::string::npos);
  CHECK(r.err.find("latin1.txt:4: invalid UTF-8") != std::string::npos);
}

TEST_CASE("an unreadable ruleset is exit 2 with the file named", "[cli][badinput]") {
  testing::TempDir d;
  d.write("rules/moratorium/x.xml", "<rule id='x'");
  d.write("rules/lexicons/context.xml", "<lexicon/>");
  auto doc = d.write("k.txt", kClear);
  auto r = run_cli("--rules '" + (d.path / "rules").string() + "' audit '" + doc.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("x.xml:1:") != std::string::npos);
}

TEST_CASE("output and report files are written atomically and inputs are untouched", "[cli]") {
  testing::TempDir d;
  auto m = d.write("m.txt", kMoratorium);
  struct stat before {};
  ::stat(m.c_str(), &before);
  std::string bytes = testing::slurp(m);
  auto out = d.path / "report.json";
  auto r = run_cli("audit -q --format json -o '" + out.string() + "' --report text='" + (d.path / "r.txt").string() +
                   "' '" + m.string() + "'");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(nlohmann::json::parse(testing::slurp(out))["documents"].size() == 1);
  CHECK(testing::slurp(d.path / "r.txt").find("setting.inpatient") != std::string::npos);
  // No temp files left behind.
  int files = 0;
  for (auto& e : std::filesystem::directory_iterator(d.path)) (void)e, ++files;
  CHECK(files == 3);
  struct stat after {};
  ::stat(m.c_str(), &after);
  CHECK(testing::slurp(m) == bytes);
  CHECK(after.st_mtim.tv_sec == before.st_mtim.tv_sec);
  CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
  // A report path that cannot be written fails clearly and leaves nothing.
  auto bad = run_cli("audit -q -o /nonexistent/dir/r.json '" + m.string() + "'");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("/nonexistent/dir/r.json") != std::string::npos);
}

TEST_CASE("output is the same whatever -j", "[cli]") {
  testing::TempDir d;
  for (int i = 0; i < 12; ++i) d.write("docs/d" + std::to_string(i) + ".txt", i % 3 == 0 ? kMoratorium : i % 3 == 1 ? kConflict : kClear);
  auto one = run_cli("audit -q --format json -j 1 '" + (d.path / "docs").string() + "'");
  auto four = run_cli("audit -q --format json -j 4 '" + (d.path / "docs").string() + "'");
  CHECK(one.code == 1);
  CHECK(one.out == four.out);
}

TEST_CASE("an output path that is a device is written through it instead of replacing it", "[cli]") {
  testing::TempDir d;
  auto m = d.write("m.txt", kClear);
  auto r = run_cli("audit -q -o /dev/null '" + m.string() + "'");
  CHECK(r.code == 0);
  struct stat st {};
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("a document over the time budget is an error for that document only", "[cli][badinput]") {
  testing::TempDir d;
  auto m = d.write("m.txt", kMoratorium);
  auto r = run_cli("audit -q --doc-time-budget 0.000000001 --format json '" + m.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("m.txt: time budget spent") != std::string::npos);
  auto ok = run_cli("audit -q --doc-time-budget 30 --format json '" + m.string() + "'");
  CHECK(ok.code == 1);
}

TEST_CASE("sarif regions count characters for charOffset and bytes for byteOffset", "[cli][report]") {
  testing::TempDir d;
  auto m = d.write("c.txt", "\xEF\xBB\xBFT\n\nDuties\nCaf\xC3\xA9: provides peer support on the acute inpatient psychiatric unit.\n");
  auto r = run_cli("audit -q --format sarif '" + m.string() + "'");
  auto j = nlohmann::json::parse(r.out);
  auto& region = j["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["byteOffset"] == 55);
  CHECK(region["charOffset"] == 52);  // the BOM is one character, é one
  CHECK(region["charLength"] == region["snippet"]["text"].get<std::string>().size());
}
