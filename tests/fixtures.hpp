// Fixture builders shared by the tests: every document in every format is
// made here, by the test itself — markup as strings, DOCX and ODT zips with
// libzip (in memory), a PDF written by hand. Nothing is downloaded or
// checked in.
#pragma once

#include <zip.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "report/common.hpp"

namespace fixtures {

// ---------------------------------------------------------------- escaping --

// The engine's escaper (it also escapes ', which XML accepts as &#39;).
inline std::string xml_escape(const std::string& s) { return peeraudit::report::html_escape(s); }

inline std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

// One CSV field, always quoted (RFC 4180: quotes doubled).
inline std::string csv_field(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// --------------------------------------------------------------------- zip --

// A zip of the members, in order, built in memory; `store_first` leaves the
// first member uncompressed (ODT wants "mimetype" stored).
inline std::string make_zip(const std::vector<std::pair<std::string, std::string>>& members,
                            bool store_first = false) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(src);
  zip_source_keep(src);  // read back after zip_close
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  REQUIRE(z);
  bool first = true;
  for (const auto& [name, data] : members) {
    // libzip copies nothing until zip_close: the bytes stay alive in `members`.
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    REQUIRE(s);
    zip_int64_t idx = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
    REQUIRE(idx >= 0);
    if (first && store_first) zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
    first = false;
  }
  REQUIRE(zip_close(z) == 0);
  std::string bytes;
  REQUIRE(zip_source_open(src) == 0);
  char buf[8192];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<std::size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  REQUIRE(n == 0);
  return bytes;
}

// -------------------------------------------------------------------- DOCX --

inline const std::string kDocxContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

// One <w:p> with one run; `style` e.g. "Title", "Heading1" (raw markup: the
// text is not escaped).
inline std::string wp(const std::string& text, const std::string& style = "") {
  std::string p = "<w:p>";
  if (!style.empty()) p += "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  return p + "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

inline std::string docx_xml(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
         body + "<w:sectPr/></w:body></w:document>";
}

inline std::string make_docx(const std::string& document_xml) {
  return make_zip({{"[Content_Types].xml", kDocxContentTypes}, {"word/document.xml", document_xml}});
}

// --------------------------------------------------------------------- ODT --

// An ODT whose content.xml body is `body` (or the whole of `content_override`).
inline std::string make_odt(const std::string& body, const std::string& content_override = "") {
  std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\">"
      "<office:body><office:text>" +
      body + "</office:text></office:body></office:document-content>";
  if (!content_override.empty()) content = content_override;
  return make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", content}}, true);
}

// --------------------------------------------------------------------- PDF --

inline std::string pdf_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A PDF with one page per entry, each line drawn in Helvetica 12 pt, 20 pt
// apart; xref offsets computed as it is written.
inline std::string make_pdf(const std::vector<std::vector<std::string>>& pages) {
  std::vector<std::string> objs;  // object i+1
  std::string kids;
  int n = static_cast<int>(pages.size());
  int font = 3 + 2 * n;
  for (int i = 0; i < n; ++i) kids += std::to_string(3 + 2 * i) + " 0 R ";
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objs.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  for (int i = 0; i < n; ++i) {
    std::string content = "BT /F1 12 Tf 72 720 Td 14 TL\n";
    bool first = true;
    for (const auto& line : pages[i]) {
      if (!first) content += "0 -20 Td\n";
      first = false;
      content += "(" + pdf_escape(line) + ") Tj\n";
    }
    content += "ET\n";
    objs.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " + std::to_string(4 + 2 * i) +
                   " 0 R /Resources << /Font << /F1 " + std::to_string(font) + " 0 R >> >> >>");
    objs.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  }
  objs.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// ------------------------------------------------- one posting, any format --

// A posting as a title and headed sections of paragraphs (plain text; each
// builder escapes it for its format).
struct Posting {
  struct Part {
    std::string heading;
    std::vector<std::string> paragraphs;
  };
  std::string title;
  std::vector<Part> parts;
};

inline std::string to_text(const Posting& p) {
  std::string s = p.title + "\n";
  for (const auto& part : p.parts) {
    s += "\n" + part.heading + "\n";
    for (const auto& para : part.paragraphs) s += para + "\n";
  }
  return s;
}

inline std::string to_markdown(const Posting& p) {
  std::string s = "# " + p.title + "\n";
  for (const auto& part : p.parts) {
    s += "\n## " + part.heading + "\n\n";
    for (const auto& para : part.paragraphs) s += "- " + para + "\n";
  }
  return s;
}

// Just the body markup (headings and paragraphs), as a JSONL/CSV field may hold.
inline std::string to_html_fragment(const Posting& p) {
  std::string s;
  for (const auto& part : p.parts) {
    s += "<h2>" + xml_escape(part.heading) + "</h2>\n";
    for (const auto& para : part.paragraphs) s += "<p>" + xml_escape(para) + "</p>\n";
  }
  return s;
}

inline std::string to_html(const Posting& p) {
  return "<!DOCTYPE html>\n<html><head><title>" + xml_escape(p.title) + "</title></head>\n<body>\n<h1>" +
         xml_escape(p.title) + "</h1>\n" + to_html_fragment(p) + "</body></html>\n";
}

inline std::string to_docx(const Posting& p) {
  std::string body = wp(xml_escape(p.title), "Title");
  for (const auto& part : p.parts) {
    body += wp(xml_escape(part.heading), "Heading1");
    for (const auto& para : part.paragraphs) body += wp(xml_escape(para));
  }
  return make_docx(docx_xml(body));
}

inline std::string to_odt(const Posting& p) {
  std::string body = "<text:h text:outline-level=\"1\">" + xml_escape(p.title) + "</text:h>";
  for (const auto& part : p.parts) {
    body += "<text:h text:outline-level=\"2\">" + xml_escape(part.heading) + "</text:h>";
    for (const auto& para : part.paragraphs) body += "<text:p>" + xml_escape(para) + "</text:p>";
  }
  return make_odt(body);
}

// One line per title, heading and paragraph; `per_page` lines a page (0: all
// on one page).
inline std::string to_pdf(const Posting& p, std::size_t per_page = 0) {
  std::vector<std::string> lines{p.title};
  for (const auto& part : p.parts) {
    lines.push_back(part.heading);
    for (const auto& para : part.paragraphs) lines.push_back(para);
  }
  std::vector<std::vector<std::string>> pages;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (pages.empty() || (per_page && pages.back().size() == per_page)) pages.emplace_back();
    pages.back().push_back(lines[i]);
  }
  return make_pdf(pages);
}

// The posting's plain text without the title: what a batch row describes.
inline std::string description_text(const Posting& p) {
  std::string s;
  for (const auto& part : p.parts) {
    s += part.heading + "\n";
    for (const auto& para : part.paragraphs) s += para + "\n";
  }
  return s;
}

// One JSONL line (with its newline): {"id", "title", "description"}.
inline std::string to_jsonl_row(const Posting& p, const std::string& id) {
  return "{\"id\": \"" + json_escape(id) + "\", \"title\": \"" + json_escape(p.title) + "\", \"description\": \"" +
         json_escape(description_text(p)) + "\"}\n";
}

inline const std::string kCsvHeader = "id,title,description\r\n";

// One CSV record (with its CRLF), columns as kCsvHeader.
inline std::string to_csv_row(const Posting& p, const std::string& id) {
  return csv_field(id) + "," + csv_field(p.title) + "," + csv_field(description_text(p)) + "\r\n";
}

}  // namespace fixtures
