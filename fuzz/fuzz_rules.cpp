// The rule-file loader: the bytes are one rule file (written to a memfd and
// read back through /proc/self/fd, so nothing touches the disk); a rule that
// loads is compiled into a ruleset and scanned over a short posting.
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "match/ruleset.hpp"
#include "match/scanner.hpp"
#include "match/sentences.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int fd = memfd_create("fuzz-rule.xml", 0);
  if (fd < 0) std::abort();
  std::size_t off = 0;
  while (off < size) {
    ssize_t n = write(fd, data + off, size - off);
    if (n <= 0) std::abort();
    off += static_cast<std::size_t>(n);
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  peeraudit::match::Rule rule;
  std::vector<std::string> errors;
  bool ok = false;
  try {
    ok = peeraudit::match::load_rule_file(path, rule, errors);
  } catch (const std::exception&) {
  }
  close(fd);
  if (!ok) return 0;
  peeraudit::match::Ruleset rs;
  rs.name = "fuzz";
  rs.version = "1";
  rs.rules.push_back(std::move(rule));
  auto compiled = peeraudit::match::CompiledRuleset::compile(std::move(rs), errors);
  if (!compiled) return 0;
  static const std::string kText =
      "Peer Support Specialist\n\nDuties\nEnsures members take their medications as prescribed.\n"
      "Provides peer support on the acute inpatient psychiatric unit. aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n";
  auto res = peeraudit::ingest::reader_by_name("text")->read(kText, "fuzz.txt", fuzz::options());
  if (res.documents.empty()) std::abort();
  (void)compiled->scan(res.documents.front());
  return 0;
}
