// The bundled corpus: every document gets the verdict and the criteria that
// corpora/expected.tsv says, and no others of the setting/duty kind.
#include <catch2/catch.hpp>

#include <set>

#include "support.hpp"

using namespace peeraudit;

TEST_CASE("corpora/expected.tsv verdicts and criteria", "[corpus]") {
  auto lines = testing::slurp(testing::source_dir() / "corpora/expected.tsv");
  std::istringstream in(lines);
  std::string line;
  std::getline(in, line);  // header
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::string cur;
    for (char c : line) {
      if (c == '\t') {
        cols.push_back(cur);
        cur.clear();
      } else cur += c;
    }
    cols.push_back(cur);
    REQUIRE(cols.size() >= 2);
    ++n;
    auto res = ingest::read_path((testing::source_dir() / "corpora" / cols[0]).string(), "", {});
    INFO(cols[0]);
    REQUIRE(res.documents.size() == 1);
    Audit a = testing::bundled_engine().audit(res.documents[0]);
    CHECK(std::string(to_string(a.verdict)) == cols[1]);
    std::set<std::string> expected, got;
    if (cols.size() > 2) {
      std::istringstream cs(cols[2]);
      std::string c;
      while (std::getline(cs, c, ','))
        if (!c.empty()) expected.insert(c.substr(c.find_first_not_of(' ')));
    }
    for (const auto& f : a.findings) got.insert(f.criterion);
    for (const auto& c : expected) {
      INFO("expected criterion " << c);
      CHECK(got.count(c) == 1);
    }
    for (const auto& c : got) {
      INFO("unexpected finding " << c);
      if (c.rfind("setting.", 0) == 0 || c.rfind("duty.", 0) == 0) CHECK(expected.count(c) == 1);
    }
  }
  CHECK(n >= 12);
}
