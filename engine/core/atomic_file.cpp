#include "core/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace peeraudit {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  tmp_ = path_ + ".tmp." + std::to_string(::getpid());
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
}

AtomicFile::~AtomicFile() {
  if (!done_) {
    out_.close();
    std::remove(tmp_.c_str());
  }
}

std::string AtomicFile::commit() {
  if (!out_) return "cannot write " + tmp_ + ": " + std::strerror(errno);
  out_.flush();
  out_.close();
  if (out_.fail()) return "cannot write " + tmp_ + ": " + std::strerror(errno);
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::string err = "cannot rename to " + path_ + ": " + std::strerror(errno);
    std::remove(tmp_.c_str());
    return err;
  }
  done_ = true;
  return "";
}

}  // namespace peeraudit
