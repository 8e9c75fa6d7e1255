#include <algorithm>

#include "report/writer.hpp"

namespace peeraudit::report {

namespace {
std::vector<std::unique_ptr<WriterEntry>>& store() {
  static std::vector<std::unique_ptr<WriterEntry>> s;
  return s;
}
}  // namespace

void register_writer(WriterEntry entry) {
  auto& s = store();
  s.push_back(std::make_unique<WriterEntry>(std::move(entry)));
  std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a->name < b->name; });
}

std::vector<const WriterEntry*> writers() {
  std::vector<const WriterEntry*> out;
  for (const auto& e : store()) out.push_back(e.get());
  return out;
}

const WriterEntry* writer_by_name(std::string_view name) {
  for (const auto& e : store())
    if (e->name == name) return e.get();
  return nullptr;
}

}  // namespace peeraudit::report
