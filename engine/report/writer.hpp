// Report stage: one Writer per format, each in its own file, registering
// itself with PEERAUDIT_REGISTER_WRITER. A writer sees only RunInfo, Audit and
// Summary: it never knows how matching or judging works.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace peeraudit::report {

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  virtual ~Writer() = default;
  virtual void begin(const RunInfo& run) = 0;
  virtual void document(const Audit& audit) = 0;
  // Optional, for speed: a writer whose per-document output does not depend
  // on the documents before it renders it here, on any thread (const, no
  // state), and document_rendered() then writes it in order. "" = not
  // supported: document() is called instead.
  virtual std::string render(const Audit& /*audit*/) const { return {}; }
  virtual void document_rendered(const Audit& audit, const std::string& /*rendered*/) { document(audit); }
  virtual void end(const Summary& summary) = 0;

 protected:
  std::ostream& out_;
};

struct WriterEntry {
  std::string name;         // "text", "json", "sarif", ...
  std::string description;  // one line for --help
  std::function<std::unique_ptr<Writer>(std::ostream&)> make;
};

void register_writer(WriterEntry entry);
std::vector<const WriterEntry*> writers();  // sorted by name
const WriterEntry* writer_by_name(std::string_view name);

template <typename T>
struct WriterRegistrar {
  WriterRegistrar(const char* name, const char* description) {
    register_writer({name, description, [](std::ostream& os) { return std::make_unique<T>(os); }});
  }
};

}  // namespace peeraudit::report

#define PEERAUDIT_REGISTER_WRITER(T, NAME, DESCRIPTION) \
  static const ::peeraudit::report::WriterRegistrar<T> peeraudit_writer_registrar_##T{NAME, DESCRIPTION}
