// Batch features for repositories and CI: inline suppressions, baselines,
// --files-from.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "support.hpp"

using testing::run_cli;

namespace {
// One JSON value per line of `text` (the --jsonl output).
std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}
}  // namespace

TEST_CASE("peeraudit-ignore with a reason silences the finding and is counted", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.md",
                   "Peer Support Specialist\n\n## Duties\n"
                   "<!-- peeraudit-ignore: duty.medication -- quoted from the old contract we are striking out -->\n"
                   "Ensures members take their medications as prescribed.\n");
  auto r = run_cli("audit -q --format json '" + p.string() + "'");
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"][0]["verdict"] == "clear");
  CHECK(j["documents"][0]["findings"].empty());
  CHECK(j["documents"][0]["suppressed"].size() == 1);
  CHECK(j["summary"]["suppressed"] == 1);
}

TEST_CASE("a suppression without a reason silences nothing and is a finding", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.txt",
                   "Peer Support Specialist\n\nDuties\nEnsures members take their medications. peeraudit-ignore: duty.medication\n");
  auto r = run_cli("audit -q --format json '" + p.string() + "'");
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"][0]["verdict"] == "conflict");
  bool no_reason = false;
  for (auto& f : j["documents"][0]["findings"]) no_reason |= f["criterion"] == "suppression.no_reason";
  CHECK(no_reason);
}

TEST_CASE("a baseline reports and fails only on new findings", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.txt", "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n");
  auto base = d.path / "base.json";
  auto first = run_cli("audit -q --format json --write-baseline '" + base.string() + "' '" + p.string() + "'");
  CHECK(first.code == 1);
  auto again = run_cli("audit -q --format json --baseline '" + base.string() + "' '" + p.string() + "'");
  CHECK(again.code == 0);
  auto j = nlohmann::json::parse(again.out);
  CHECK(j["documents"][0]["findings"].empty());
  CHECK(j["documents"][0]["baselined"] == 1);
  // A new finding still fails.
  d.write("p.txt", "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n"
                   "Takes part in physical restraint of residents.\n");
  auto changed = run_cli("audit -q --format json --baseline '" + base.string() + "' '" + p.string() + "'");
  CHECK(changed.code == 1);
  auto k = nlohmann::json::parse(changed.out);
  REQUIRE(k["documents"][0]["findings"].size() == 1);
  CHECK(k["documents"][0]["findings"][0]["criterion"] == "duty.restraint_seclusion");
  CHECK(run_cli("audit -q --baseline /nonexistent.json '" + p.string() + "'").code == 2);
}

TEST_CASE("files-from reads the paths to audit", "[batch][cli]") {
  testing::TempDir d;
  auto a = d.write("a.txt", "Peer Support Specialist\n\nDuties\nLeads groups at the drop-in center.\n");
  auto b = d.write("b.txt", "Peer Support Specialist\n\nDuties\nEnsures members take their medications.\n");
  auto r = run_cli("audit -q --format json --files-from -", a.string() + "\n" + b.string() + "\n");
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"].size() == 2);
}

TEST_CASE("jsonl streaming: one result per line, a malformed line in the middle", "[batch][cli]") {
  std::string in =
      "{\"id\":\"a\",\"description\":\"Provides peer support on the acute inpatient psychiatric unit.\"}\n"
      "{not json\n"
      "\n"
      "{\"id\":\"b\",\"text\":\"Leads a weekly wellness group at the drop-in center.\"}\n"
      "{\"id\":\"c\"}\n";
  auto r = run_cli("audit --jsonl", in);
  CHECK(r.code == 2);
  std::vector<nlohmann::json> lines = json_lines(r.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["row"] == 1);
  CHECK(lines[0]["verdict"] == "moratorium");
  CHECK(lines[1]["row"] == 2);
  CHECK(lines[1].contains("error"));
  CHECK(lines[2]["row"] == 4);
  CHECK(lines[2]["verdict"] == "clear");
  CHECK(lines[3]["row"] == 5);
  CHECK(lines[3].contains("error"));
}

TEST_CASE("a suppression in an HTML comment without a reason is still a suppression without a reason",
          "[batch][cli]") {
  // "-->" closing the comment is not the "--" that starts a reason.
  testing::TempDir d;
  auto p = d.write("p.md",
                   "Peer Support Specialist\n\n## Duties\n"
                   "<!-- peeraudit-ignore: duty.medication -->\n"
                   "Ensures members take their medications as prescribed.\n");
  auto r = run_cli("audit -q --format json '" + p.string() + "'");
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  auto& doc = j["documents"][0];
  CHECK(doc["verdict"] == "conflict");
  CHECK_FALSE(doc.contains("suppressed"));
  std::vector<std::string> criteria;
  for (auto& f : doc["findings"]) criteria.push_back(f["criterion"]);
  CHECK(std::count(criteria.begin(), criteria.end(), "duty.medication") == 1);
  CHECK(std::count(criteria.begin(), criteria.end(), "suppression.no_reason") == 1);
  // With a reason, the closer is not part of it and the finding is silenced.
  d.write("p.md",
          "Peer Support Specialist\n\n## Duties\n"
          "<!-- peeraudit-ignore: duty.medication -- quoted to be struck out -->\n"
          "Ensures members take their medications as prescribed.\n");
  auto ok = run_cli("audit -q --format json '" + p.string() + "'");
  CHECK(ok.code == 0);
  CHECK(nlohmann::json::parse(ok.out)["summary"]["suppressed"] == 1);
  // An empty reason before the closer is no reason either; so is a C comment's.
  d.write("p.md",
          "Peer Support Specialist\n\n## Duties\n"
          "/* peeraudit-ignore: duty.medication -- */\n"
          "Ensures members take their medications as prescribed.\n");
  auto empty = run_cli("audit -q --format json '" + p.string() + "'");
  CHECK(empty.code == 1);
  CHECK(nlohmann::json::parse(empty.out)["summary"]["suppressed"] == 0);
}

TEST_CASE("a baseline written with --baseline holds every finding of the run, old ones too", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.txt", "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n");
  auto base = d.path / "base.json", next = d.path / "next.json";
  CHECK(run_cli("audit -q --write-baseline '" + base.string() + "' '" + p.string() + "'").code == 1);
  d.write("p.txt", "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n"
                   "Takes part in physical restraint of residents.\n");
  auto r = run_cli("audit -q --format json --baseline '" + base.string() + "' --write-baseline '" + next.string() +
                   "' '" + p.string() + "'");
  CHECK(r.code == 1);
  // The report shows only the new finding; the new baseline has both.
  CHECK(nlohmann::json::parse(r.out)["documents"][0]["findings"].size() == 1);
  auto j = nlohmann::json::parse(testing::slurp(next));
  CHECK(j["documents"][0]["findings"].size() == 2);
  CHECK(j["summary"]["findings"] == 2);
  // So the next run against it has nothing new.
  auto again = run_cli("audit -q --format json --baseline '" + next.string() + "' '" + p.string() + "'");
  CHECK(again.code == 0);
  CHECK(nlohmann::json::parse(again.out)["documents"][0]["baselined"] == 2);
  // Updating a baseline in place works the same way.
  CHECK(run_cli("audit -q --baseline '" + base.string() + "' --write-baseline '" + base.string() + "' '" + p.string() + "'")
            .code == 1);
  CHECK(run_cli("audit -q --baseline '" + base.string() + "' '" + p.string() + "'").code == 0);
}

TEST_CASE("a baseline matches documents however their path was spelled", "[batch][cli]") {
  testing::TempDir d;
  d.write("docs/p.txt", "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n");
  auto base = d.path / "base.json";
  CHECK(run_cli("audit -q --write-baseline '" + base.string() + "' '" + (d.path / "docs").string() + "'").code == 1);
  for (std::string spelled : {(d.path / "." / "docs" / "").string(), d.path.string() + "//docs/./p.txt"}) {
    auto r = run_cli("audit -q --format json --baseline '" + base.string() + "' '" + spelled + "'");
    CHECK(r.code == 0);
    CHECK(nlohmann::json::parse(r.out)["documents"][0]["baselined"] == 1);
  }
}

TEST_CASE("files-from naming a folder is an error, not an empty list", "[batch][cli]") {
  testing::TempDir d;
  d.write("docs/a.txt", "Peer Support Specialist\n\nDuties\nLeads groups at the drop-in center.\n");
  auto r = run_cli("audit -q --files-from '" + (d.path / "docs").string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find((d.path / "docs").string() + ": cannot read --files-from list") != std::string::npos);
}

TEST_CASE("a FIFO in a folder is skipped, not opened (which would wait forever)", "[batch][cli]") {
  testing::TempDir d;
  d.write("docs/a.txt", "Peer Support Specialist\n\nDuties\nLeads groups at the drop-in center.\n");
  REQUIRE(::mkfifo((d.path / "docs" / "b.txt").c_str(), 0600) == 0);
  // `timeout` only turns a hang into a failure; it measures nothing.
  std::string cmd = "timeout 300 '" + std::string(PEERAUDIT_BINARY) + "' audit -q --format json '" +
                    (d.path / "docs").string() + "' >'" + (d.path / "out.json").string() + "' 2>/dev/null";
  int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  auto j = nlohmann::json::parse(testing::slurp(d.path / "out.json"));
  CHECK(j["documents"].size() == 1);
}

TEST_CASE("two reports to one place are refused before anything is written", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.txt", "Peer Support Specialist\n\nDuties\nLeads groups at the drop-in center.\n");
  auto same = d.path / "report";
  auto r = run_cli("audit -q -f sarif -o '" + same.string() + "' --report json='" + same.string() + "' '" + p.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err.find("given to both --output and --report json") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(same));
  auto b = run_cli("audit -q -f json -o '" + same.string() + "' --write-baseline '" + (d.path / "." / "report").string() +
                   "' '" + p.string() + "'");
  CHECK(b.code == 2);
  auto out = run_cli("audit -q -f text --report json=- '" + p.string() + "'");
  CHECK(out.code == 2);
  CHECK(out.err.find("standard output") != std::string::npos);
  CHECK(out.out.empty());
  // Different places are fine, and so is a device more than once.
  CHECK(run_cli("audit -q -o /dev/null --report json=/dev/null '" + p.string() + "'").code == 0);
}

TEST_CASE("jsonl streaming: the time budget and exceptions are per row", "[batch][cli]") {
  std::string in =
      "{\"id\":\"a\",\"description\":\"Provides peer support on the acute inpatient psychiatric unit.\"}\n"
      "{\"id\":\"b\",\"text\":\"Leads a weekly wellness group at the drop-in center.\"}\n";
  auto r = run_cli("audit --jsonl --doc-time-budget 0.000000001", in);
  CHECK(r.code == 2);
  std::vector<nlohmann::json> lines = json_lines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["row"] == 1);
  CHECK(lines[0]["error"].get<std::string>().find("time budget spent") != std::string::npos);
  CHECK(lines[1]["row"] == 2);
  CHECK(lines[1]["error"].get<std::string>().find("--doc-time-budget") != std::string::npos);
}

#if defined(__SANITIZE_ADDRESS__)
#define PEERAUDIT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PEERAUDIT_TEST_ASAN 1
#endif
#endif

TEST_CASE("jsonl streaming: a line over --max-line-bytes is not held in memory", "[batch][cli]") {
#ifdef PEERAUDIT_TEST_ASAN
  SUCCEED("skipped: AddressSanitizer reserves more address space than the limit below");
#else
  // 160 MB in one line, under an address-space limit that leaves well under
  // 160 MB free: reading the line whole fails, streaming past it does not.
  testing::TempDir d;
  std::string cmd = "(ulimit -v 300000; (echo '{\"id\":\"a\",\"text\":\"Leads groups.\"}'; head -c 160000000 /dev/zero | "
                    "tr '\\0' x; echo; echo '{\"id\":\"b\",\"text\":\"Leads groups.\"}') | '" +
                    std::string(PEERAUDIT_BINARY) + "' audit --jsonl --max-line-bytes 1000 >'" +
                    (d.path / "out").string() + "' 2>/dev/null)";
  int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  std::vector<nlohmann::json> lines = json_lines(testing::slurp(d.path / "out"));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["verdict"] == "clear");
  CHECK(lines[1]["row"] == 2);
  CHECK(lines[1]["error"] == "line is 160000000 bytes, over the limit of 1000 (--max-line-bytes)");
  CHECK(lines[2]["row"] == 3);
  CHECK(lines[2]["verdict"] == "clear");
#endif
}

TEST_CASE("progress bar: on a terminal only, never on the report's lines", "[batch][cli]") {
  if (!std::filesystem::exists("/usr/bin/script")) {
    SUCCEED("skipped: no /usr/bin/script to give peeraudit a terminal");
    return;
  }
  testing::TempDir d;
  for (int i = 0; i < 6; ++i)
    d.write("docs/d" + std::to_string(i) + ".txt",
            "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n");
  auto on_tty = [&](const std::string& args) {
    // script gives the command a terminal for standard output and error.
    std::string inner = "'" + std::string(PEERAUDIT_BINARY) + "' audit -j 1 --color=never " + args + " '" +
                        (d.path / "docs").string() + "'";
    std::string cmd = "script -qec \"" + inner + "\" /dev/null </dev/null >'" + (d.path / "tty").string() + "' 2>&1";
    (void)std::system(cmd.c_str());
    return testing::slurp(d.path / "tty");
  };
  std::string tty = on_tty("");
  CHECK(tty.find("6/6 files") != std::string::npos);
  // The bar is erased ("\r\033[K") before a report line is written, so no
  // report text follows the bar on its line.
  std::istringstream lines(tty);
  std::string line;
  while (std::getline(lines, line)) {
    std::size_t cr = 0;
    while ((cr = line.find('\r', cr)) != std::string::npos) {
      std::string seg = line.substr(cr + 1, line.find('\r', cr + 1) - cr - 1);
      ++cr;
      auto eta = seg.find(" files ");
      if (eta == std::string::npos) continue;
      auto after = seg.find("s ", seg.find("ETA ", eta));
      INFO(seg);
      CHECK(seg.find_first_not_of(" ", after + 2) == std::string::npos);
    }
  }
  CHECK(on_tty("-q").find(" files ") == std::string::npos);
  // Standard error not a terminal: no bar.
  auto piped = run_cli("audit -j 1 '" + (d.path / "docs").string() + "'");
  CHECK(piped.err.find(" files ") == std::string::npos);
}

TEST_CASE("a suppression.no_reason finding takes its place in document order", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.txt",
                   "Peer Support Specialist\n\nDuties\npeeraudit-ignore: duty.medication\n"
                   "Ensures members take their medications as prescribed.\n");
  auto r = run_cli("audit -q --format json '" + p.string() + "'");
  auto j = nlohmann::json::parse(r.out);
  auto& findings = j["documents"][0]["findings"];
  REQUIRE(findings.size() == 2);
  CHECK(findings[0]["criterion"] == "suppression.no_reason");
  CHECK(findings[0]["location"]["line"] == 4);
  CHECK(findings[1]["criterion"] == "duty.medication");
  CHECK(findings[1]["location"]["line"] == 5);
}

TEST_CASE("jsonl streaming refuses paths and output options it would ignore", "[batch][cli]") {
  testing::TempDir d;
  auto p = d.write("p.jsonl", "{\"id\":\"a\",\"text\":\"Leads a weekly wellness group at the drop-in center.\"}\n");
  auto out = d.path / "out.jsonl";
  auto with_o = run_cli("audit --jsonl -o '" + out.string() + "'", testing::slurp(p));
  CHECK(with_o.code == 2);
  CHECK(with_o.err.find("--output") != std::string::npos);
  CHECK(with_o.out.empty());
  auto with_path = run_cli("audit --jsonl '" + p.string() + "'", testing::slurp(p));
  CHECK(with_path.code == 2);
  CHECK(with_path.err.find("paths") != std::string::npos);
  CHECK(run_cli("audit --jsonl --report json=x.json", testing::slurp(p)).code == 2);
  CHECK(run_cli("audit --jsonl", testing::slurp(p)).code == 0);
}
