// PDF reader (poppler-cpp): the text layer of each page in reading order,
// one line of text per line of the page. A word hyphenated at a line end
// ("sup-" / "port") is joined onto the first line. Headings are guessed per
// line as in plain text (short line ending in ':', all capitals, a known
// section name) and numbered clauses open numbered sections.
// Anchor.page is the 1-based page, Anchor.line the 1-based line within the
// page (counting lines that hold text), Anchor.column the character column
// in that extracted line.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "ingest/builder.hpp"
#include "ingest/html_text.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::ingest {

namespace {

void quiet(const std::string&, void*) {}

struct PdfLine {
  int page = 0;
  int line = 0;
  int column = 1;
  std::string text;
};

using text::trim;
std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_lower_start(std::string_view s) {
  return !s.empty() && std::islower(static_cast<unsigned char>(s.front()));
}

// "sup-" + "port on the unit" -> "support" + "on the unit" (column moves on).
void dehyphenate(std::vector<PdfLine>& lines) {
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    PdfLine& a = lines[i];
    PdfLine& b = lines[i + 1];
    if (a.page != b.page || a.text.size() < 3) continue;
    char last = a.text.back();
    char before = a.text[a.text.size() - 2];
    if (last != '-' || !std::isalpha(static_cast<unsigned char>(before)) || !is_lower_start(b.text)) continue;
    std::size_t end = 0;
    while (end < b.text.size() && !std::isspace(static_cast<unsigned char>(b.text[end]))) ++end;
    std::size_t next = end;
    while (next < b.text.size() && std::isspace(static_cast<unsigned char>(b.text[next]))) ++next;
    a.text.pop_back();
    a.text += b.text.substr(0, end);
    b.column += static_cast<int>(chars(std::string_view(b.text).substr(0, next)));
    b.text.erase(0, next);
  }
}

// The words of a page in reading order (poppler's text_list), grouped into
// lines: a word starts a new line when it does not share most of its height
// with the previous word or lies left of it. Poppler's own reading-order
// text() joins a hyphenated line with the next one; grouping words keeps
// lines as the page shows them.
void page_lines(poppler::page& page, int page_no, std::vector<PdfLine>& out) {
  std::vector<poppler::text_box> words = page.text_list();
  PdfLine cur;
  int n = 0;
  bool have = false, space_after = false;
  double top = 0, bottom = 0, left = 0;
  auto close = [&] {
    std::string t(trim(cur.text));
    if (!t.empty()) {
      cur.text = t;
      cur.line = ++n;
      out.push_back(cur);
    }
    cur = PdfLine{};
  };
  for (const poppler::text_box& w : words) {
    poppler::byte_array u = w.text().to_utf8();
    std::string t(u.begin(), u.end());
    sanitize_utf8(t);
    for (char& c : t)
      if (c == '\n' || c == '\r' || c == '\f' || c == '\t') c = ' ';
    poppler::rectf r = w.bbox();
    double wt = r.top(), wb = r.bottom();
    if (wb < wt) std::swap(wt, wb);
    bool new_line = !have;
    if (have) {
      double overlap = std::min(bottom, wb) - std::max(top, wt);
      double h = std::max(0.1, std::min(bottom - top, wb - wt));
      new_line = overlap < 0.5 * h || r.left() < left - 0.5;
    }
    if (new_line) {
      if (have) close();
      cur.page = page_no;
      cur.column = 1;
      top = wt;
      bottom = wb;
    } else if (space_after && !cur.text.empty()) {
      cur.text += ' ';
    }
    cur.text += t;
    have = true;
    left = r.left();
    top = std::min(top, wt);
    bottom = std::max(bottom, wb);
    space_after = w.has_space_after();
  }
  if (have) close();
}

class PdfReader final : public Reader {
 public:
  std::string_view name() const override { return "pdf"; }
  std::vector<std::string> extensions() const override { return {".pdf"}; }
  bool sniff(std::string_view bytes) const override {
    // "%PDF-" at the start, or within the first KB after junk (as readers allow).
    return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
  }
  Result read(std::string_view bytes, const std::string& source, const Options& opts) const override {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
    Result res;
    auto fail = [&](std::string msg) {
      res.errors.push_back({source, 0, std::move(msg)});
      return res;
    };
    try {
      if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return fail("PDF too large");
      std::unique_ptr<poppler::document> pdf(
          poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
      if (!pdf) return fail("not a valid PDF (poppler could not open it)");
      if (pdf->is_locked()) return fail("not a valid PDF: it is encrypted (locked) and needs a password");
      int pages = pdf->pages();
      if (pages <= 0) return fail("not a valid PDF: no pages");
      if (pages > opts.max_pdf_pages)
        return fail("PDF has " + std::to_string(pages) + " pages, over the limit of " +
                    std::to_string(opts.max_pdf_pages) + " (--max-pdf-pages)");
      std::vector<PdfLine> lines;
      for (int i = 0; i < pages; ++i) {
        std::unique_ptr<poppler::page> page(pdf->create_page(i));
        if (page) page_lines(*page, i + 1, lines);
      }
      if (lines.empty()) return fail("no text layer (scanned?): no page of the PDF has text");
      dehyphenate(lines);
      Document doc;
      doc.id = source;
      doc.source = source;
      doc.format = "pdf";
      DocumentBuilder b(doc);
      for (const PdfLine& l : lines) {
        std::string_view t = trim(l.text);
        if (t.empty()) continue;
        Anchor a;
        a.page = l.page;
        a.line = l.line;
        a.column = l.column;
        if (emit_clause(t, a, doc, b)) continue;
        if (looks_like_heading_line(t)) b.heading(t, a);
        else b.paragraph(t, a);
      }
      b.finish();
      res.documents.push_back(std::move(doc));
    } catch (const std::exception& e) {
      return fail(std::string("pdf: ") + e.what());
    }
    return res;
  }
};

}  // namespace

PEERAUDIT_REGISTER_READER(PdfReader);

}  // namespace peeraudit::ingest
