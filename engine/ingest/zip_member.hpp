// Reading members of a zip held in memory (DOCX, ODT) within a size limit,
// shared by the office readers. Never throws.
#pragma once

#include <cstddef>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace peeraudit::ingest {

class ZipArchive {
 public:
  // Opens the zip in `bytes` (which must outlive the archive). On failure
  // returns nullptr and sets `error` to libzip's message.
  static std::unique_ptr<ZipArchive> open(std::string_view bytes, std::string& error);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool has(const std::string& name) const;
  // Reads member `name` whole into `out`. Its uncompressed size is checked
  // against `limit` before reading (and again while reading, in bounded
  // chunks, in case the header lies). On failure returns false and sets
  // `error`: "zip member NAME is N bytes uncompressed, over the limit of M
  // (--max-member-bytes)", "zip has no member NAME", or libzip's message.
  bool read(const std::string& name, std::size_t limit, std::string& out, std::string& error) const;
  // Reads member `name` (as read() does) into `buffer` and parses it as XML
  // into `xml` (in place: `buffer` must outlive `xml`). On failure returns
  // false and sets `error` (read()'s messages, or "invalid XML in NAME:
  // <reason> at offset N").
  bool read_xml(const std::string& name, std::size_t limit, std::string& buffer, pugi::xml_document& xml,
                std::string& error) const;
  // The first `n` bytes of a member, when the member exists and is readable.
  bool read_prefix(const std::string& name, std::size_t n, std::string& out) const;

 private:
  struct Impl;
  explicit ZipArchive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace peeraudit::ingest
