// Shared by the libFuzzer targets: calling a reader the way read_path does
// (std::exception is the readers' documented failure mode; anything else —
// a crash, a leak, a sanitizer report, a hang — is a finding), and building
// a zip in memory for the structure-aware DOCX/ODT targets.
#pragma once

#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/reader.hpp"

namespace fuzz {

// Small limits keep each execution fast; the limits themselves are covered
// by tests/test_bad_input.cpp.
inline peeraudit::ingest::Options options() {
  peeraudit::ingest::Options o;
  o.max_input_bytes = 1u << 20;
  o.max_member_bytes = 4u << 20;
  o.max_pdf_pages = 50;
  o.max_line_bytes = 1u << 20;
  return o;
}

inline void read_with(std::string_view reader, std::string_view bytes, const std::string& source) {
  const auto* r = peeraudit::ingest::reader_by_name(reader);
  if (!r) std::abort();  // the target is wired wrong
  (void)r->sniff(bytes);
  try {
    auto res = r->read(bytes, source, options());
    // Touch what a writer would read, so a bad offset shows under ASan.
    std::size_t n = 0;
    for (const auto& d : res.documents) n += d.text.size();
    for (const auto& e : res.errors) n += e.message.size();
    (void)n;
  } catch (const std::exception&) {
  }
}

// A zip of the members built in memory with libzip (deflated unless `store`).
inline std::string make_zip(const std::vector<std::pair<std::string, std::string>>& members, bool store_first = false) {
  zip_error_t error;
  zip_error_init(&error);
  std::string bytes;
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!src) std::abort();
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  if (!z) std::abort();
  bool first = true;
  for (const auto& [name, data] : members) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_int64_t idx = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
    if (idx < 0) std::abort();
    if (first && store_first) zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
    first = false;
  }
  if (zip_close(z) != 0) std::abort();
  if (zip_source_open(src) != 0) std::abort();
  char buf[8192];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<std::size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return bytes;
}

inline bool is_zip(std::string_view b) { return b.substr(0, 2) == "PK"; }

}  // namespace fuzz
