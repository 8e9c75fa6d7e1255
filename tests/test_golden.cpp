// Golden files: every report format on the bundled corpus, compared byte for
// byte with tests/golden/<name>. The CLI runs from the source directory with
// relative paths (`cd <source> && peeraudit audit corpora ...`), so the output
// is the same on every machine and whatever the test's working directory.
//
// The rules are still being tuned, so these files are expected to change:
// whoever changes a rule, a writer or the corpus regenerates them with
//
//   PEERAUDIT_UPDATE_GOLDEN=1 ctest --test-dir build -R golden
//
// (the test then writes the files instead of comparing) and reviews the diff
// (`git diff tests/golden`) before committing it.
//
// Also: json/sarif parse back with nlohmann, junit with pugixml, the html has
// one article per document; two runs give the same bytes, and -j 1 equals -j 2.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using testing::RunResult;
using testing::source_dir;

struct Golden {
  const char* name;  // file in tests/golden
  const char* args;  // after `peeraudit audit corpora -q --fail-on never`
};

// Keep this set small: one file per format, plus the clause tables.
const Golden kGoldens[] = {
    {"text.txt", "--format text --color=never"},
    {"json.json", "--format json"},
    {"html.html", "--format html"},
    {"sarif.sarif", "--format sarif"},
    {"junit.xml", "--format junit"},
    {"csv.csv", "--format csv"},
    {"markdown.md", "--format markdown"},
    {"csv-by-clause.csv", "--format csv --by-clause"},
    {"markdown-by-clause.md", "--format markdown --by-clause"},
    {"html-by-clause.html", "--format html --by-clause"},
};

fs::path golden_dir() { return source_dir() / "tests" / "golden"; }

bool update_mode() {
  const char* v = std::getenv("PEERAUDIT_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `peeraudit <args>` with the source directory as working directory.
RunResult run_in_source(const std::string& args) {
  testing::TempDir tmp;
  fs::path out = tmp.path / "out", err = tmp.path / "err";
  std::string cmd = "cd " + shell_quote(source_dir().string()) + " && " + shell_quote(PEERAUDIT_BINARY) + " " +
                    args + " </dev/null >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = testing::slurp(out);
  r.err = testing::slurp(err);
  return r;
}

// The bundled documents at the top of corpora/ (not the labelled held-out
// set in corpora/heldout/, which eval measures), sorted as a folder walk
// sorts them, and given by --files-from.
RunResult audit_corpus(const std::string& args) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(source_dir() / "corpora")) {
    std::string name = e.path().filename().string();
    std::string ext = e.path().extension().string();
    if (e.is_regular_file() && name.rfind("README", 0) != 0 && (ext == ".txt" || ext == ".md"))
      files.push_back("corpora/" + name);
  }
  std::sort(files.begin(), files.end());
  std::string list;
  for (const auto& f : files) list += f + "\n";
  testing::TempDir tmp;
  fs::path listing = tmp.path / "files";
  std::ofstream(listing) << list;
  return run_in_source("audit --files-from " + shell_quote(listing.string()) + " -q --fail-on never " + args);
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// Empty when equal; otherwise the first differing line of each.
std::string first_difference(const std::string& expected, const std::string& actual) {
  if (expected == actual) return "";
  auto e = split_lines(expected), a = split_lines(actual);
  std::size_t n = std::max(e.size(), a.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string* el = i < e.size() ? &e[i] : nullptr;
    const std::string* al = i < a.size() ? &a[i] : nullptr;
    if (el && al && *el == *al) continue;
    return "first difference at line " + std::to_string(i + 1) + "\n  golden: " +
           (el ? *el : std::string("<end of file>")) + "\n  actual: " + (al ? *al : std::string("<end of file>"));
  }
  return "same lines, different bytes (final newline or line endings)";
}

}  // namespace

TEST_CASE("golden files: every format on the bundled corpus", "[golden][report]") {
  const bool update = update_mode();
  if (update) fs::create_directories(golden_dir());
  for (const Golden& g : kGoldens) {
    DYNAMIC_SECTION(g.name) {
      RunResult r = audit_corpus(g.args);
      INFO("peeraudit audit corpora -q --fail-on never " << g.args << "\nstderr: " << r.err);
      REQUIRE(r.code == 0);
      REQUIRE(!r.out.empty());
      fs::path file = golden_dir() / g.name;
      if (update) {
        std::ofstream(file, std::ios::binary) << r.out;
        WARN("wrote " << file.string());
        continue;
      }
      INFO("regenerate with: PEERAUDIT_UPDATE_GOLDEN=1 ctest --test-dir <build> -R golden");
      REQUIRE(fs::exists(file));
      std::string diff = first_difference(testing::slurp(file), r.out);
      INFO(file.string() << ": " << diff);
      CHECK(diff == "");
    }
  }
}

TEST_CASE("golden files: no stale file in tests/golden", "[golden]") {
  std::set<std::string> known;
  for (const Golden& g : kGoldens) known.insert(g.name);
  for (const auto& e : fs::directory_iterator(golden_dir())) {
    std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    INFO(name << " is in tests/golden but no test produces it");
    CHECK(known.count(name) == 1);
  }
}

TEST_CASE("golden corpus reports parse back", "[golden][report]") {
  auto json = audit_corpus("--format json");
  REQUIRE(json.code == 0);
  auto j = nlohmann::json::parse(json.out);
  REQUIRE(j["documents"].is_array());
  const std::size_t docs = j["documents"].size();
  CHECK(docs >= 15);
  CHECK(j["summary"]["documents"] == docs);
  CHECK(j["errors"].empty());
  std::size_t findings = 0;
  for (auto& d : j["documents"]) {
    CHECK(d["source"].get<std::string>().rfind("corpora/", 0) == 0);  // relative: same on every machine
    findings += d["findings"].size();
  }

  auto sarif = audit_corpus("--format sarif");
  REQUIRE(sarif.code == 0);
  auto s = nlohmann::json::parse(sarif.out);
  CHECK(s["version"] == "2.1.0");
  REQUIRE(s["runs"].size() == 1);
  CHECK(s["runs"][0]["results"].size() >= findings);
  CHECK(sarif.out.find(source_dir().string()) == std::string::npos);

  auto junit = audit_corpus("--format junit");
  REQUIRE(junit.code == 0);
  pugi::xml_document x;
  auto parsed = x.load_string(junit.out.c_str());
  INFO(parsed.description());
  REQUIRE(parsed);
  std::size_t cases = 0;
  for (auto& tc : x.select_nodes("//testcase")) {
    (void)tc;
    ++cases;
  }
  CHECK(cases >= docs);

  // HTML5 (void elements, boolean attributes) is not XML: check its shape instead.
  auto html = audit_corpus("--format html");
  REQUIRE(html.code == 0);
  CHECK(html.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.out.find("</html>") != std::string::npos);
  std::size_t articles = 0;
  for (std::size_t p = html.out.find("<article class=\"doc\""); p != std::string::npos;
       p = html.out.find("<article class=\"doc\"", p + 1))
    ++articles;
  CHECK(articles == docs);
  for (auto& d : j["documents"]) CHECK(html.out.find(d["source"].get<std::string>()) != std::string::npos);
}

TEST_CASE("golden corpus reports are deterministic: twice, and -j 1 against -j 2", "[golden][report]") {
  for (const char* format : {"text --color=never", "json", "html", "sarif", "junit", "csv", "markdown"}) {
    std::string args = std::string("--format ") + format;
    INFO(args);
    auto a = audit_corpus(args), b = audit_corpus(args);
    auto j1 = audit_corpus(args + " -j 1"), j2 = audit_corpus(args + " -j 2");
    REQUIRE(a.code == 0);
    CHECK(first_difference(a.out, b.out) == "");
    CHECK(first_difference(j1.out, j2.out) == "");
    CHECK(first_difference(a.out, j1.out) == "");
  }
}
