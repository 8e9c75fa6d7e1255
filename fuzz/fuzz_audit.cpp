// The whole audit of one document: the text reader, then the bundled
// ruleset (loaded once, from PEERAUDIT_SOURCE_DIR/rulesets or
// $PEERAUDIT_RULESETS) — sentences, scan, context judge, verdict.
#include <cstdlib>
#include <memory>

#include "app/engine.hpp"
#include "fuzz_common.hpp"

namespace {
const peeraudit::app::Engine& engine() {
  static std::unique_ptr<peeraudit::app::Engine> e = [] {
    peeraudit::app::EngineOptions eo;
    const char* env = std::getenv("PEERAUDIT_RULESETS");
    eo.rules_dir = env && *env ? env : std::string(PEERAUDIT_SOURCE_DIR) + "/rulesets";
    std::vector<std::string> errors;
    auto loaded = peeraudit::app::Engine::load(eo, errors);
    if (!loaded) std::abort();
    return loaded;
  }();
  return *e;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)engine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  peeraudit::ingest::Result res;
  try {
    res = peeraudit::ingest::reader_by_name("text")->read(bytes, "fuzz.txt", fuzz::options());
  } catch (const std::exception&) {
    return 0;
  }
  for (const auto& doc : res.documents) {
    auto a = engine().audit(doc);
    (void)a;
  }
  return 0;
}
