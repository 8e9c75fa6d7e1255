// Writes a file atomically: into a temporary file beside the target, then
// rename() over it, so a reader sees the old file or the whole new one.
#pragma once

#include <fstream>
#include <string>

namespace peeraudit {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // discards the temp file unless commit() succeeded
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool ok() const { return static_cast<bool>(out_); }
  std::ostream& stream() { return out_; }
  // Flushes, closes and renames; returns "" or an error message.
  std::string commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool done_ = false;
  bool direct_ = false;  // not a regular file: written in place
};

}  // namespace peeraudit
