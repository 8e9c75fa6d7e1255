#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {
struct Entry {
  std::unique_ptr<Reader> reader;
  // extensions(), asked once: detect() looks at them for every file.
  std::vector<std::string> extensions;
};

std::vector<Entry>& store() {
  static std::vector<Entry> s;
  return s;
}

std::string extension_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}
// Reads fd to its end into `bytes`, expecting about `expect` bytes.
bool read_all(int fd, std::string& bytes, std::size_t expect) {
  bytes.resize(expect + 1);  // one spare byte: a full buffer means "maybe more"
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    ssize_t got = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  bytes.resize(used);
  return true;
}

}  // namespace

void register_reader(std::unique_ptr<Reader> reader) {
  auto& s = store();
  std::vector<std::string> exts = reader->extensions();
  s.push_back({std::move(reader), std::move(exts)});
  std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.reader->name() < b.reader->name(); });
}

std::vector<const Reader*> readers() {
  std::vector<const Reader*> out;
  for (const auto& r : store()) out.push_back(r.reader.get());
  return out;
}

const Reader* reader_by_name(std::string_view name) {
  for (const auto& r : store())
    if (r.reader->name() == name) return r.reader.get();
  return nullptr;
}

const Reader* detect(const std::string& path, std::string_view bytes) {
  // Content first: a .txt that is really a zip is a zip.
  for (const auto& r : store())
    if (r.reader->sniff(bytes)) return r.reader.get();
  std::string ext = extension_of(path);
  if (!ext.empty())
    for (const auto& r : store())
      for (const auto& e : r.extensions)
        if (e == ext) return r.reader.get();
  return reader_by_name("text");
}

Result read_path(const std::string& path, const std::string& format, const Options& opts) {
  Result res;
  auto fail = [&](std::string msg) {
    res.errors.push_back({path, 0, std::move(msg)});
    return res;
  };
  std::string bytes;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    bytes = ss.str();
  } else {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return fail(std::string("cannot read: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return fail("is a directory");
    if (static_cast<std::size_t>(st.st_size) > opts.max_input_bytes)
      return fail("file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                  std::to_string(opts.max_input_bytes) + " (--max-input-bytes)");
    // POSIX reads, not an ifstream: no stream, locale or 8 KB buffer set up
    // per file, and one read() of the size stat gave (then whatever follows,
    // if the file grew since).
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(std::string("cannot open: ") + std::strerror(errno));
    bool ok = read_all(fd, bytes, static_cast<std::size_t>(st.st_size));
    ::close(fd);
    if (!ok) return fail("read error");
  }
  if (bytes.size() > opts.max_input_bytes)
    return fail("input is over the limit of " + std::to_string(opts.max_input_bytes) + " bytes (--max-input-bytes)");
  if (bytes.empty()) return fail("empty file");
  const Reader* reader = nullptr;
  if (format.empty() || format == "auto") {
    reader = detect(path, bytes);
  } else {
    reader = reader_by_name(format);
    if (!reader) return fail("unknown input format '" + format + "'");
  }
  if (!reader) return fail("no reader for this file");
  try {
    return reader->read(bytes, path, opts);
  } catch (const std::exception& e) {
    return fail(std::string(reader->name()) + ": " + e.what());
  }
}

}  // namespace peeraudit::ingest
