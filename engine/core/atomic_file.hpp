// Writes a file atomically: into a temporary file beside the target, then
// rename() over it, so a reader sees the old file or the whole new one.
#pragma once

#include <fstream>
#include <memory>
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
  // A large buffer: a report is written a document at a time, and a
  // document's JSON is bigger than the stream's default buffer, which would
  // make every document a system call of its own.
  std::unique_ptr<char[]> buf_;
  std::ofstream out_;
  bool done_ = false;
  bool direct_ = false;  // not a regular file: written in place
};

}  // namespace peeraudit
