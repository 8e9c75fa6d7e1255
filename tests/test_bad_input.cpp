// Bad input, end to end (issue #8): a folder of broken, hostile and odd
// files is audited as a user would; each bad file gets exactly one error
// line naming it, the good file is still audited, the report is replaced
// atomically and the inputs are left as they were. Also pathological
// documents, catastrophic-looking regexes (RE2 is linear) and the inputs
// the fuzz targets (fuzz/) found, kept here as regressions.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "fixtures.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using testing::run_cli;

namespace {

const char* kGood = "Peer Support Specialist\n\nDuties\nLeads a weekly wellness group at the drop-in center.\n";

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

// The lines of `text` that contain `needle`.
int lines_naming(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) ++n;
  return n;
}

std::string noise(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

struct Snapshot {
  std::string bytes;
  fs::file_time_type mtime;
};

// Every regular file under `dir` (symlinks not followed): bytes and mtime.
std::map<std::string, Snapshot> snapshot(const fs::path& dir) {
  std::map<std::string, Snapshot> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_symlink() || !it->is_regular_file()) continue;
    std::error_code ec;
    auto perms = fs::status(it->path(), ec).permissions();
    if ((perms & fs::perms::owner_read) == fs::perms::none && geteuid() != 0) {
      out[it->path().string()] = {"<unreadable>", fs::last_write_time(it->path())};
      continue;
    }
    out[it->path().string()] = {testing::slurp(it->path()), fs::last_write_time(it->path())};
  }
  return out;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("a folder of bad inputs: one error line each, the good file audited, exit 2", "[badinput][cli]") {
  testing::TempDir d;
  const fs::path in = d.path / "in";
  auto good = d.write("in/good.txt", kGood);
  // Bad files, each with the words its error line must contain.
  std::map<std::string, std::string> bad;
  auto add = [&](const std::string& name, const std::string& bytes, const std::string& message) {
    d.write("in/" + name, bytes);
    bad[name] = message;
  };
  add("empty.txt", "", "empty file");
  add("noise.txt", noise(4096, 1), "binary file");
  add("utf16.txt", std::string("\xFF\xFE", 2) + std::string("P\0e\0e\0r\0\n\0", 10), "UTF-16");
  add("nul.txt", std::string("Peer Support Specialist\n\0\0\0Duties\n", 35), "binary file");
  std::string docx = fixtures::make_docx(fixtures::docx_xml(fixtures::wp("Duties", "Heading1") + fixtures::wp(kGood)));
  add("truncated.docx", docx.substr(0, docx.size() / 2), "not a valid DOCX");
  // A zip bomb: 20 MB of spaces that compress to a few KB; the limit is 1 MB.
  add("bomb.docx", fixtures::make_docx(std::string(20u << 20, ' ')), "--max-member-bytes");
  add("malformed.docx", fixtures::make_docx("<w:document><w:body><w:p><w:r><w:t>unclosed"), "invalid XML");
  add("garbage.html", "<html><body></div></span>&nbsp;<p></td><!-- <script>", "no visible text");
  add("garbage.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nxref\ngarbage\n%%EOF\n", "not a valid PDF");
  add("broken.csv", "id,description\n1,\"Leads a wellness group.\"\n2,\"never closed\n", "unterminated quoted field");
  add("bad.jsonl", "{\"id\": \"1\", \"description\": \"Leads a wellness group.\"}\n{\"id\": 2, oops\n", "invalid JSON");
  // Invalid UTF-8 is read (bytes replaced) with one warning line.
  add("latin1.txt", "Title\n\nDuties\nCaf\xE9 hours at the drop-in center.\n", "invalid UTF-8");
  // A directory symlink loop: symlinks to folders are not followed.
  fs::create_directories(in / "sub");
  fs::create_directory_symlink("..", in / "sub" / "loop");
  fs::create_symlink("self.txt", in / "sub" / "self.txt");  // a symlink to itself (ELOOP)
  bad["self.txt"] = "cannot read";
  bool root = geteuid() == 0;
  if (root) {
    WARN("running as root: chmod 000 does not stop root reading, the unreadable-file case is skipped");
  } else {
    add("unreadable.txt", kGood, "cannot");
    fs::permissions(in / "unreadable.txt", fs::perms::none);
  }
  const fs::path outdir = d.path / "out";
  fs::create_directories(outdir);
  const fs::path report = outdir / "report.json";
  d.write("out/report.json", "OLD");
  auto before = snapshot(in);
  auto names_before = names_in(in);

  auto r = run_cli("audit -q --format json --max-member-bytes 1048576 --output " + quote(report) + " " + quote(in));
  INFO("stderr:\n" << r.err);
  CHECK(r.code == 2);
  for (const auto& [name, message] : bad) {
    INFO(name);
    CHECK(lines_naming(r.err, "/" + name) == 1);
    std::istringstream lines(r.err);
    std::string line;
    while (std::getline(lines, line))
      if (line.find("/" + name) != std::string::npos) CHECK(line.find(message) != std::string::npos);
  }
  CHECK(lines_naming(r.err, "good.txt") == 0);
  CHECK(lines_naming(r.err, "loop") == 0);

  // The report is the complete new one, written atomically: valid JSON, no temp file beside it.
  CHECK(names_in(outdir) == std::set<std::string>{"report.json"});
  nlohmann::json j;
  REQUIRE_NOTHROW(j = nlohmann::json::parse(testing::slurp(report)));
  std::set<std::string> sources;
  for (const auto& doc : j["documents"]) sources.insert(doc["source"].get<std::string>());
  CHECK(sources.count(good.string()) == 1);
  CHECK(sources.count((in / "latin1.txt").string()) == 1);
  for (const auto& s : sources) CHECK(s.find("/loop/") == std::string::npos);
  for (const auto& doc : j["documents"])
    if (doc["source"] == good.string()) CHECK(doc["verdict"] == "clear");
  // The good rows of the broken batches are audited too.
  CHECK(sources.count((in / "broken.csv").string()) + sources.count((in / "bad.jsonl").string()) <= 2);
  CHECK(j["summary"]["input_errors"].get<int>() == static_cast<int>(bad.size()) - 1);  // latin1 is a warning

  // Inputs untouched: same files, same bytes, same mtimes; nothing left behind.
  CHECK(names_in(in) == names_before);
  auto after = snapshot(in);
  REQUIRE(after.size() == before.size());
  for (const auto& [path, snap] : before) {
    INFO(path);
    CHECK(after[path].bytes == snap.bytes);
    CHECK(after[path].mtime == snap.mtime);
  }
  std::error_code ec;
  CHECK(fs::is_symlink(in / "sub" / "loop", ec));
}

// chmod 000 does not stop root, so the folder test above cannot make a file
// unreadable in CI. /proc/self/mem can be opened by anyone but reading its
// first page fails (EIO), whoever runs: the read-error path, as root too.
TEST_CASE("a file that opens but fails to read gives one error line and the batch goes on", "[badinput][cli]") {
  if (!fs::exists("/proc/self/mem")) {
    WARN("no /proc/self/mem on this system: skipped");
    return;
  }
  testing::TempDir d;
  d.write("good.txt", kGood);
  auto r = run_cli("audit -q --format json --input-format text /proc/self/mem " + quote(d.path / "good.txt"));
  INFO("stderr:\n" << r.err);
  CHECK(r.code == 2);
  CHECK(lines_naming(r.err, "/proc/self/mem") == 1);
  CHECK(r.err.find("/proc/self/mem: read error") != std::string::npos);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["documents"].size() == 1);
  CHECK(j["documents"][0]["verdict"] == "clear");
  CHECK(j["summary"]["input_errors"] == 1);
}

TEST_CASE("a symlink loop given on the command line does not hang", "[badinput][cli]") {
  testing::TempDir d;
  d.write("a/good.txt", kGood);
  fs::create_directory_symlink("..", d.path / "a" / "up");
  fs::create_directory_symlink(".", d.path / "a" / "here");
  auto r = run_cli("audit -q --format json " + quote(d.path / "a"));
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["documents"].size() == 1);
  // Through the loop itself, as the argument: still one document.
  auto r2 = run_cli("audit -q --format json " + quote(d.path / "a" / "here" / "here"));
  CHECK(r2.code == 0);
  CHECK(nlohmann::json::parse(r2.out)["documents"].size() == 1);
}

TEST_CASE("catastrophic-looking regexes run in linear time (RE2)", "[badinput][cli]") {
  testing::TempDir d;
  fs::copy(testing::source_dir() / "rulesets", d.path / "rules", fs::copy_options::recursive);
  d.write("rules/moratorium/struct.zz_backtrack.xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<rule id=\"struct.zz_backtrack\" category=\"review\" version=\"1\" context=\"mention\">\n"
          "  <title>Backtracking bait</title>\n  <summary>Nested quantifiers.</summary>\n"
          "  <doc>Patterns that take exponential time in a backtracking engine.</doc>\n"
          "  <why>Robustness test.</why>\n  <fix>None.</fix>\n"
          "  <patterns>\n    <pattern id=\"nested-plus\">(a+)+$</pattern>\n"
          "    <pattern id=\"nested-star\">(x*)*y</pattern>\n"
          "    <pattern id=\"alternation\">(a|aa)+b</pattern>\n  </patterns>\n</rule>\n");
  std::string line = "Duties\n" + std::string(200000, 'a') + "!\n" + std::string(200000, 'x') + "\n" +
                     std::string(100000, 'a') + "\n";
  auto doc = d.write("long.txt", line);
  auto r = run_cli("--rules " + quote(d.path / "rules") + " audit -q --fail-on never --format json " + quote(doc));
  INFO(r.err);
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["documents"].size() == 1);
  CHECK(j["errors"].empty());
}

TEST_CASE("pathological documents: a 20 MB line, 200,000 headings", "[badinput]") {
  const auto& engine = testing::bundled_engine();
  // The line is filler words with one duty at its end: a line dense with
  // trigger phrases is judged linearly too, but at ~3 ms per KB (every
  // phrase a finding), too slow for a unit test at 20 MB; the CLI bounds it
  // with --doc-time-budget.
  SECTION("one 20 MB line") {
    std::string text = "Duties\n";
    const std::string words = "lorem ipsum dolor sit amet, consectetur adipiscing elit, peer support on the unit; ";
    while (text.size() < (20u << 20)) text += words;
    text += "ensures members take their medications\n";
    auto res = peeraudit::ingest::reader_by_name("text")->read(text, "line.txt", {});
    REQUIRE(res.documents.size() == 1);
    auto a = engine.audit(res.documents[0]);
    CHECK(a.source == "line.txt");
    CHECK(a.verdict == peeraudit::Verdict::Conflict);
  }
  SECTION("200,000 headings") {
    std::string md;
    md.reserve(200000 * 40);
    for (int i = 0; i < 200000; ++i) md += "# Heading " + std::to_string(i) + "\nLeads a group.\n";
    auto res = peeraudit::ingest::reader_by_name("markdown")->read(md, "headings.md", {});
    REQUIRE(res.documents.size() == 1);
    auto a = engine.audit(res.documents[0]);
    CHECK(a.source == "headings.md");
  }
}
