#include "ingest/zip_member.hpp"

#include <zip.h>

#include <vector>

namespace peeraudit::ingest {

struct ZipArchive::Impl {
  zip_t* zip = nullptr;
  ~Impl() {
    if (zip) zip_discard(zip);  // read-only: nothing to write back
  }
};

ZipArchive::ZipArchive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipArchive::~ZipArchive() = default;

std::unique_ptr<ZipArchive> ZipArchive::open(std::string_view bytes, std::string& error) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    error = zip_error_strerror(&err);
    zip_error_fini(&err);
    return nullptr;
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!z) {
    error = zip_error_strerror(&err);
    zip_error_fini(&err);
    zip_source_free(src);
    return nullptr;
  }
  zip_error_fini(&err);
  auto impl = std::make_unique<Impl>();
  impl->zip = z;
  return std::unique_ptr<ZipArchive>(new ZipArchive(std::move(impl)));
}

bool ZipArchive::has(const std::string& name) const { return zip_name_locate(impl_->zip, name.c_str(), 0) >= 0; }

namespace {
bool read_member(zip_t* z, const std::string& name, std::size_t limit, bool truncate, std::string& out,
                 std::string& error) {
  out.clear();
  zip_int64_t idx = zip_name_locate(z, name.c_str(), 0);
  if (idx < 0) {
    error = "zip has no member " + name;
    return false;
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, static_cast<zip_uint64_t>(idx), 0, &st) != 0) {
    error = std::string("cannot stat zip member ") + name + ": " + zip_strerror(z);
    return false;
  }
  if (!truncate && (st.valid & ZIP_STAT_SIZE) && st.size > limit) {
    error = "zip member " + name + " is " + std::to_string(st.size) + " bytes uncompressed, over the limit of " +
            std::to_string(limit) + " (--max-member-bytes)";
    return false;
  }
  zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(idx), 0);
  if (!f) {
    error = std::string("cannot open zip member ") + name + ": " + zip_strerror(z);
    return false;
  }
  std::vector<char> buf(64 * 1024);
  bool ok = true;
  while (true) {
    zip_int64_t n = zip_fread(f, buf.data(), buf.size());
    if (n < 0) {
      error = std::string("cannot read zip member ") + name + ": " + zip_file_strerror(f);
      ok = false;
      break;
    }
    if (n == 0) break;
    std::size_t got = static_cast<std::size_t>(n);
    if (out.size() + got > limit) {
      if (truncate) {
        out.append(buf.data(), limit - out.size());
        break;
      }
      error = "zip member " + name + " is over " + std::to_string(limit) +
              " bytes uncompressed, over the limit of " + std::to_string(limit) + " (--max-member-bytes)";
      ok = false;
      break;
    }
    out.append(buf.data(), got);
  }
  zip_fclose(f);
  if (!ok) out.clear();
  return ok;
}
}  // namespace

bool ZipArchive::read(const std::string& name, std::size_t limit, std::string& out, std::string& error) const {
  return read_member(impl_->zip, name, limit, false, out, error);
}

bool ZipArchive::read_prefix(const std::string& name, std::size_t n, std::string& out) const {
  std::string error;
  return read_member(impl_->zip, name, n, true, out, error);
}

bool ZipArchive::read_xml(const std::string& name, std::size_t limit, std::string& buffer, pugi::xml_document& xml,
                          std::string& error) const {
  if (!read(name, limit, buffer, error)) return false;
  pugi::xml_parse_result pr = xml.load_buffer_inplace(buffer.data(), buffer.size(),
                                                      pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!pr) {
    error = "invalid XML in " + name + ": " + pr.description() + " at offset " + std::to_string(pr.offset);
    return false;
  }
  return true;
}

}  // namespace peeraudit::ingest
