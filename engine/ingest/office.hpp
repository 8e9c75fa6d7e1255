// The steps the office readers (DOCX, ODT) share: open the zip, read and
// parse its main XML member within --max-member-bytes, find the element the
// text hangs from, walk it into a Document, and turn every failure into one
// error naming the file. Each reader supplies only what differs.
#pragma once

#include <pugixml.hpp>

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "ingest/builder.hpp"
#include "ingest/reader.hpp"
#include "ingest/zip_member.hpp"

namespace peeraudit::ingest {

struct OfficeFormat {
  std::string format;   // Document::format, and the prefix of unexpected errors: "docx"
  std::string label;    // in messages: "DOCX"
  std::string member;   // the XML member holding the text: "word/document.xml"
  std::string no_body;  // when find_body finds nothing: "word/document.xml has no w:document/w:body"
};

// find_body(const pugi::xml_document&) -> pugi::xml_node (empty: not found);
// walk(ZipArchive&, pugi::xml_node body, Document&, DocumentBuilder&).
template <class FindBody, class Walk>
Result read_office(std::string_view bytes, const std::string& source, const Options& opts, const OfficeFormat& f,
                   FindBody find_body, Walk walk) {
  Result res;
  auto fail = [&](std::string msg) {
    res.errors.push_back({source, 0, std::move(msg)});
    return res;
  };
  try {
    std::string err;
    auto zip = ZipArchive::open(bytes, err);
    if (!zip) return fail("not a valid " + f.label + " (zip): " + err);
    if (!zip->has(f.member)) return fail("not a valid " + f.label + ": the zip has no " + f.member);
    std::string xml;
    pugi::xml_document x;
    if (!zip->read_xml(f.member, opts.max_member_bytes, xml, x, err)) return fail(err);
    pugi::xml_node body = find_body(static_cast<const pugi::xml_document&>(x));
    if (!body) return fail("not a valid " + f.label + ": " + f.no_body);
    Document doc;
    doc.id = source;
    doc.source = source;
    doc.format = f.format;
    DocumentBuilder b(doc);
    walk(*zip, body, doc, b);
    b.finish();
    if (doc.text.empty()) return fail("no text in the " + f.label);
    res.documents.push_back(std::move(doc));
  } catch (const std::exception& e) {
    return fail(f.format + ": " + e.what());
  }
  return res;
}

}  // namespace peeraudit::ingest
