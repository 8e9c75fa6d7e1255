// --format text (default): like a compiler diagnostic. file:line:col, the
// level and criterion, the source line with the evidence underlined, then
// why it matters and what would fix it. Colour only when RunInfo::color.
#include <algorithm>

#include "report/writer.hpp"

namespace peeraudit::report {

namespace {

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

class TextWriter final : public Writer {
 public:
  using Writer::Writer;
  void begin(const RunInfo& run) override { color_ = run.color; }

  // Rendered on the worker threads (see Writer::render); begin() has set
  // color_ before any worker starts, and nothing else changes afterwards.
  std::string render(const Audit& a) const override {
    std::string o;
    o.reserve(4096);
    o += paint(bold_, a.id);
    o += ": ";
    o += paint(verdict_color(a.verdict), std::string(to_string(a.verdict)));
    o += " (" + std::to_string(a.findings.size()) + (a.findings.size() == 1 ? " finding" : " findings");
    if (!a.notes.empty())
      o += ", " + std::to_string(a.notes.size()) + " positive " + (a.notes.size() == 1 ? "sign" : "signs");
    o += ")\n";
    for (const auto& e : a.errors) o += "  " + paint(yellow_, "warning") + ": " + e.display() + "\n";
    for (const auto& f : a.findings) finding(o, f);
    for (const auto& f : a.notes) finding(o, f);
    o += "\n";
    return o;
  }
  void document(const Audit& a) override { out_ << render(a); }
  void document_rendered(const Audit&, const std::string& rendered) override { out_ << rendered; }

  void end(const Summary& s) override {
    out_ << paint(bold_, "Summary") << ": " << s.documents << (s.documents == 1 ? " document" : " documents");
    const char* sep = ": ";
    for (int v = 3; v >= 0; --v) {
      out_ << sep << s.by_verdict[v] << " " << to_string(static_cast<Verdict>(v));
      sep = ", ";
    }
    out_ << "; " << s.findings << (s.findings == 1 ? " finding" : " findings");
    if (!s.input_errors.empty()) out_ << "; " << s.input_errors.size() << " unreadable";
    out_ << "\n";
  }

 private:
  void finding(std::string& o, const Finding& f) const {
    const Location& l = f.location;
    std::string where = l.file;
    std::string disp = l.display();
    if (l.line > 0 && l.page == 0 && l.row == 0) where += ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
    else if (!disp.empty()) where += " (" + disp + ")";
    const char* lc = f.level == Level::Error ? red_ : f.level == Level::Warning ? yellow_ : cyan_;
    std::string level = f.sign == Sign::Positive ? "positive" : std::string(to_string(f.level));
    o += paint(bold_, where) + ": " + paint(lc, level) + ": " + paint(bold_, f.criterion) + " " + f.title;
    if (!l.section.empty()) o += " [" + l.section + "]";
    o += "\n";
    // The line, with the evidence underlined.
    std::string line = f.source_line;
    std::replace(line.begin(), line.end(), '\t', ' ');
    std::string gutter = l.line > 0 ? std::to_string(l.line) : "";
    std::string pad(gutter.size(), ' ');
    o += "  " + gutter + " | " + line + "\n";
    std::size_t start = std::min(f.source_line_column, line.size());
    std::size_t col = display_width(std::string_view(line).substr(0, start));
    // Evidence from hard-wrapped text can run on to the next line: underline
    // to the end of this one and say it goes on, rather than past the line.
    std::string_view ev = f.evidence;
    std::size_t nl = ev.find('\n');
    bool continues = nl != std::string_view::npos;
    if (continues) ev = ev.substr(0, nl);
    std::size_t len = std::max<std::size_t>(1, display_width(ev));
    std::string mark = "^" + std::string(len - 1, '~');
    if (continues) mark += "...";
    o += "  " + pad + " | " + std::string(col, ' ') + paint(green_, mark) + "\n";
    if (continues) {
      std::string rest(f.evidence.substr(nl + 1));
      for (char& c : rest)
        if (c == '\n' || c == '\t') c = ' ';
      o += "  " + pad + " | (continues: " + rest + ")\n";
    }
    if (f.sign == Sign::Positive) {
      o += "  note: " + f.why + "\n";
      return;
    }
    o += "  why: " + f.criterion + ": " + f.why + "\n";
    o += "  fix: " + f.fix + "\n";
    std::string passed;
    for (const auto& c : f.checks) {
      if (!passed.empty()) passed += ", ";
      passed += std::string(to_string(c.kind)) + " " + std::string(to_string(c.outcome));
    }
    if (!passed.empty()) o += "  checks: " + passed + "\n";
  }

  static const char* verdict_color_of(Verdict v, bool) { return v == Verdict::Clear ? "\033[32m" : v == Verdict::Review ? "\033[33m" : "\033[31m"; }
  const char* verdict_color(Verdict v) const { return color_ ? verdict_color_of(v, true) : ""; }
  std::string paint(const char* code, const std::string& s) const {
    if (!color_ || !code || !*code) return s;
    return std::string(code) + s + "\033[0m";
  }

  bool color_ = false;
  const char* bold_ = "\033[1m";
  const char* red_ = "\033[1;31m";
  const char* yellow_ = "\033[1;33m";
  const char* cyan_ = "\033[1;36m";
  const char* green_ = "\033[32m";
};

}  // namespace

PEERAUDIT_REGISTER_WRITER(TextWriter, "text", "compiler-style diagnostics for a terminal (default)");

}  // namespace peeraudit::report
