#include "core/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace peeraudit {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  constexpr std::size_t kBuffer = 1 << 18;
  buf_ = std::make_unique<char[]>(kBuffer);
  out_.rdbuf()->pubsetbuf(buf_.get(), kBuffer);  // before open(), or it has no effect
  // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written in place:
  // renaming over it would replace the device with a regular file.
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    direct_ = true;
    out_.open(path_, std::ios::binary);
    return;
  }
  tmp_ = path_ + ".tmp." + std::to_string(::getpid());
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
}

AtomicFile::~AtomicFile() {
  if (!done_ && !direct_) {
    out_.close();
    std::remove(tmp_.c_str());
  }
}

std::string AtomicFile::commit() {
  if (!out_) return "cannot write " + tmp_ + ": " + std::strerror(errno);
  out_.flush();
  out_.close();
  if (out_.fail()) return "cannot write " + (direct_ ? path_ : tmp_) + ": " + std::strerror(errno);
  if (direct_) {
    done_ = true;
    return "";
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::string err = "cannot rename to " + path_ + ": " + std::strerror(errno);
    std::remove(tmp_.c_str());
    return err;
  }
  done_ = true;
  return "";
}

}  // namespace peeraudit
