// peeraudit_gen: a synthetic corpus generator for the benchmarks (issue #7).
//
// It reads the project's own documents (corpora/*.txt and *.md, README* and
// other files skipped), cuts them into a header (title, agency, terms) and
// sections (heading + paragraphs; a paragraph is prose or a list of items),
// and recombines them into N postings of about 2-4 KB: sections of the same
// kind (about, summary, duties, ...) are drawn from several documents, list
// items from two or three documents are mixed and shuffled, agency names are
// swapped for names from a fixed list and counts, hours and pay are varied.
//
// Output is deterministic for a given seed, and posting i depends only on the
// seed, i and the corpus (not on --count), so the 1k corpus is a prefix of
// the 10k one. The random numbers come from std::mt19937, whose sequence is
// fixed by the standard; the distributions are written here (the standard
// library's are implementation-defined), so every platform gives the same
// bytes.
//
//   peeraudit_gen --corpus corpora --out /tmp/bench/1k --count 1000 [--seed 42]
//
// Files: OUT/0000/000001.txt ... OUT/0000/001000.txt, OUT/0001/001001.txt ...

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- randomness

class Rng {
public:
  explicit Rng(std::uint32_t seed, std::uint32_t stream) {
    std::seed_seq seq{seed, stream, 0x70656572u /* "peer" */};
    gen_.seed(seq);
  }
  // Uniform in [0, n), n > 0, without modulo bias.
  std::uint32_t below(std::uint32_t n) {
    if (n <= 1) return 0;
    const std::uint32_t limit = 0xFFFFFFFFu - (0xFFFFFFFFu % n);
    std::uint32_t x;
    do { x = static_cast<std::uint32_t>(gen_()); } while (x >= limit);
    return x % n;
  }
  // Uniform in [lo, hi].
  long between(long lo, long hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<long>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class T> void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(static_cast<std::uint32_t>(i))]);
  }
  template <class T> const T& pick(const std::vector<T>& v) { return v[below(static_cast<std::uint32_t>(v.size()))]; }

private:
  std::mt19937 gen_;
};

// ---------------------------------------------------------------- text model

struct Paragraph {
  bool list = false;               // list items (each kept with its "- " or "1. ")
  std::vector<std::string> lines;  // prose: one or more lines
};

enum class Kind { About, Summary, Duties, Qualifications, Supervision, Benefits, Eeo, Other };
constexpr Kind kOrder[] = {Kind::About, Kind::Summary, Kind::Duties, Kind::Qualifications,
                           Kind::Supervision, Kind::Benefits, Kind::Eeo};

struct Section {
  std::string heading;  // plain text, no "#"
  Kind kind = Kind::Other;
  std::vector<Paragraph> paras;
  int doc = 0;
};

struct Doc {
  std::string name;
  std::string title;
  std::string agency;  // as found in the header, cleaned
  std::string terms;   // "Full-time, ..." line, may be empty
  std::vector<Section> sections;
};

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

std::string strip_markup(std::string s) {
  replace_all(s, "**", "");
  replace_all(s, "`", "");
  return trim(s);
}

bool is_item(std::string_view line) {
  if (starts_with(line, "- ") || starts_with(line, "* ")) return true;
  std::size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  return i > 0 && i + 1 < line.size() && line[i] == '.' && line[i + 1] == ' ';
}

Kind classify(const std::string& heading) {
  const std::string h = lower(heading);
  auto has = [&](const char* w) { return h.find(w) != std::string::npos; };
  if (has("about")) return Kind::About;
  if (has("summary") || has("purpose") || has("overview")) return Kind::Summary;
  if (has("dut") || has("responsib") || has("scope of the peer")) return Kind::Duties;
  if (has("qualif") || has("requirement")) return Kind::Qualifications;
  if (has("supervis")) return Kind::Supervision;
  if (has("benefit") || has("compensation")) return Kind::Benefits;
  if (has("equal opportunity") || has("eeo")) return Kind::Eeo;
  return Kind::Other;
}

// A plain-text heading: a short line on its own after a blank line, without
// closing punctuation, that is not a list item and is followed by text.
bool is_plain_heading(const std::vector<std::string>& lines, std::size_t i) {
  const std::string& l = lines[i];
  if (l.empty() || l.size() > 60 || is_item(l)) return false;
  if (i == 0 || !trim(lines[i - 1]).empty()) return false;
  if (i + 1 >= lines.size() || trim(lines[i + 1]).empty()) return false;
  const char last = l.back();
  if (last == '.' || last == ':' || last == ';' || last == ',') return false;
  return std::isupper(static_cast<unsigned char>(l[0])) != 0;
}

std::string clean_agency(std::string a) {
  a = strip_markup(std::move(a));
  if (starts_with(a, "Between ")) a = a.substr(8);
  for (const char* cut : {" (", ", "}) {
    const std::size_t p = a.find(cut);
    if (p != std::string::npos) a = a.substr(0, p);
  }
  return trim(a);
}

Doc parse(const fs::path& path, int index) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  Doc d;
  d.name = path.filename().string();
  const bool md = path.extension() == ".md";

  // Header: everything up to the first heading.
  std::size_t i = 0;
  std::vector<std::string> header;
  auto heading_at = [&](std::size_t k) {
    return md ? starts_with(lines[k], "## ") : is_plain_heading(lines, k);
  };
  for (; i < lines.size(); ++i) {
    if (i > 0 && heading_at(i)) break;
    std::string t = trim(lines[i]);
    if (starts_with(t, "# ")) t = t.substr(2);
    t = strip_markup(t);
    if (!t.empty()) header.push_back(t);
  }
  if (!header.empty()) d.title = header[0];
  if (header.size() > 1) d.agency = clean_agency(header[1]);
  if (header.size() > 2) d.terms = header[2];

  Section* cur = nullptr;
  Paragraph para;
  auto flush = [&] {
    if (cur && !para.lines.empty()) cur->paras.push_back(para);
    para = Paragraph{};
  };
  for (; i < lines.size(); ++i) {
    const std::string t = trim(lines[i]);
    if (heading_at(i)) {
      flush();
      Section s;
      s.heading = strip_markup(md ? t.substr(3) : t);
      s.kind = classify(s.heading);
      s.doc = index;
      d.sections.push_back(std::move(s));
      cur = &d.sections.back();
      continue;
    }
    if (t.empty()) { flush(); continue; }
    const bool item = is_item(t);
    if (!para.lines.empty() && para.list != item) flush();
    para.list = item;
    para.lines.push_back(strip_markup(t));
  }
  flush();
  return d;
}

// ---------------------------------------------------------------- variation

// Agencies, programs and places for the generated postings (all invented).
const std::vector<std::string> kAgencies = {
    "Brightwater Community Behavioral Health", "Oak Hollow Recovery Services",
    "Meridian Peer Alliance",                  "North Fork Counseling Center",
    "Saltmarsh County Mental Health",          "Bluestem Wellness Network",
    "Copper Ridge Health System",              "Lanternlight Peer Collective",
    "Hillcrest Family Services",               "Eastgate Recovery Partners",
    "Juniper Valley Behavioral Health Center", "Stonebridge Medical Center",
    "Riverside Peer Support Cooperative",      "Fairhaven Housing Alliance",
    "Mill Creek Community Services",           "Redwood Coast Wellness Center",
};

bool is_unit_word(std::string_view w) {
  static const char* const units[] = {"hour", "hours", "day", "days", "week", "weeks", "month", "months",
                                      "year", "years", "night", "nights", "bed", "beds", "unit", "units",
                                      "percent", "counties", "towns", "clients", "members", "guests"};
  for (const char* u : units)
    if (w == u) return true;
  return false;
}

// Varies amounts of money ("$13.50") and counts followed by a unit ("12
// months", "40-bed", "30 hours") by up to +-50%. Legal and phone numbers
// (5150, 72-hour hold, 988, 911, 403(b), article numbers) are left alone
// since the rules look for them.
std::string vary_numbers(const std::string& s, Rng& rng) {
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const bool prev_word = i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '.' || s[i - 1] == '(');
    if (!std::isdigit(c) || prev_word) { out += s[i++]; continue; }
    std::size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    std::size_t k = j;  // decimals
    if (k + 2 < s.size() + 0 && s[k] == '.' && std::isdigit(static_cast<unsigned char>(s[k + 1])) &&
        k + 2 < s.size() && std::isdigit(static_cast<unsigned char>(s[k + 2])))
      k += 3;
    const bool money = i > 0 && s[i - 1] == '$';
    bool unit = false;
    if (!money && k < s.size() && (s[k] == ' ' || s[k] == '-')) {
      std::size_t w = k + 1, e = w;
      while (e < s.size() && std::isalpha(static_cast<unsigned char>(s[e]))) ++e;
      const std::string word = lower(s.substr(w, e - w));
      unit = is_unit_word(word) && !(s[k] == '-' && word == "hour");  // keep "72-hour", "23-hour"
    }
    const long n = std::strtol(s.substr(i, j - i).c_str(), nullptr, 10);
    if ((money || unit) && n > 0 && n < 100000 && j - i <= 5) {
      long v = rng.between(std::max(1L, n / 2), n + n / 2 + 1);
      out += std::to_string(v);
      if (k > j) {  // cents
        static const char* const cents[] = {".00", ".25", ".50", ".75"};
        out += cents[rng.below(4)];
      }
    } else {
      out.append(s, i, k - i);
    }
    i = k;
  }
  return out;
}

struct Posting {
  std::string agency;
  std::vector<std::pair<std::string, std::string>> swaps;  // source agency -> agency
};

std::string adapt(const std::string& line, const Posting& p, Rng& rng) {
  std::string s = line;
  for (const auto& [from, to] : p.swaps) replace_all(s, from, to);
  return vary_numbers(s, rng);
}

// ---------------------------------------------------------------- generator

class Generator {
public:
  explicit Generator(std::vector<Doc> docs) : docs_(std::move(docs)) {
    for (const Doc& d : docs_) {
      if (!d.agency.empty() && d.agency.size() >= 8) agencies_.push_back(d.agency);
      for (const Section& s : d.sections) by_kind_[s.kind].push_back(&s);
    }
    // Longest first, so "X Health Services" is swapped before "X Health".
    std::sort(agencies_.begin(), agencies_.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    agencies_.erase(std::unique(agencies_.begin(), agencies_.end()), agencies_.end());
  }

  std::string make(std::uint32_t seed, std::uint32_t index, std::size_t min_bytes, std::size_t max_bytes) const {
    Rng rng(seed, index);
    const std::size_t target = static_cast<std::size_t>(rng.between(static_cast<long>(min_bytes), static_cast<long>(max_bytes)));
    Posting p;
    p.agency = rng.pick(kAgencies);
    for (const std::string& a : agencies_) p.swaps.emplace_back(a, p.agency);

    const Doc& head = docs_[rng.below(static_cast<std::uint32_t>(docs_.size()))];
    std::string title = head.title;
    replace_all(title, " — ", " - ");
    std::string out;
    out += adapt(title, p, rng) + "\n";
    out += p.agency + "\n";
    const Doc& terms = docs_[rng.below(static_cast<std::uint32_t>(docs_.size()))];
    if (!terms.terms.empty() && !starts_with(terms.terms, "Approved")) out += adapt(terms.terms, p, rng) + "\n";

    // One section of each kind, in the usual order (about is sometimes left
    // out), and "other" sections (contract articles, policy clauses, scope
    // notes) in between or at the end until the posting reaches its size.
    std::vector<std::string> blocks;
    for (Kind k : kOrder) {
      if (k == Kind::About && rng.chance(15)) continue;
      blocks.push_back(section(k, p, rng));
      if (k == Kind::Duties && rng.chance(30)) blocks.push_back(section(Kind::Other, p, rng));
    }
    auto size = [&] {
      std::size_t n = out.size();
      for (const auto& b : blocks) n += b.size() + 1;
      return n;
    };
    // Grow: extra clauses before the EEO statement.
    for (int guard = 0; size() < target && guard < 12; ++guard) {
      const Kind extra = rng.chance(50) ? Kind::Other : (rng.chance(50) ? Kind::Duties : Kind::Qualifications);
      blocks.insert(blocks.end() - 1, section(extra, p, rng, /*extra=*/true));
    }
    // Shrink: drop trailing lines of the longest non-final block.
    for (int guard = 0; size() > max_bytes && guard < 400; ++guard) {
      auto longest = std::max_element(blocks.begin(), blocks.end() - 1,
                                      [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
      std::string& b = *longest;
      const std::size_t cut = b.rfind('\n', b.size() >= 2 ? b.size() - 2 : 0);
      if (cut == std::string::npos || std::count(b.begin(), b.end(), '\n') <= 2) {
        blocks.erase(longest);
        if (blocks.size() < 2) break;
      } else {
        b.resize(cut + 1);
      }
    }
    for (const auto& b : blocks) out += "\n" + b;
    return out;
  }

private:
  std::string section(Kind k, const Posting& p, Rng& rng, bool extra = false) const {
    const auto it = by_kind_.find(k);
    if (it == by_kind_.end() || it->second.empty()) return section(Kind::Other, p, rng, extra);
    const auto& pool = it->second;
    const Section& main = *pool[rng.below(static_cast<std::uint32_t>(pool.size()))];
    std::string heading = main.heading;
    if (extra && k == Kind::Duties) heading = rng.chance(50) ? "Additional Responsibilities" : "Other Duties";
    if (extra && k == Kind::Qualifications) heading = "Preferred Qualifications";
    std::string s = heading + "\n";

    // List sections: items from the main section and one or two others of
    // the same kind, shuffled; prose sections: the main section's paragraphs,
    // sometimes followed by a paragraph from another document.
    std::vector<std::string> items, prose;
    for (const Paragraph& para : main.paras)
      for (const std::string& l : para.lines) (para.list ? items : prose).push_back(l);
    if (!items.empty() && (k == Kind::Duties || k == Kind::Qualifications)) {
      const int donors = 1 + static_cast<int>(rng.below(2));
      for (int d = 0; d < donors; ++d) {
        const Section& other = *pool[rng.below(static_cast<std::uint32_t>(pool.size()))];
        for (const Paragraph& para : other.paras)
          if (para.list)
            for (const std::string& l : para.lines)
              if (rng.chance(50)) items.push_back(l);
      }
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      rng.shuffle(items);
      const std::size_t keep = std::min<std::size_t>(items.size(), static_cast<std::size_t>(rng.between(4, 10)));
      items.resize(keep);
    } else if (!prose.empty() && pool.size() > 1 && rng.chance(35)) {
      const Section& other = *pool[rng.below(static_cast<std::uint32_t>(pool.size()))];
      for (const Paragraph& para : other.paras)
        if (!para.list && &other != &main) { prose.push_back(para.lines.front()); break; }
    }
    for (const std::string& l : prose) s += adapt(l, p, rng) + "\n";
    if (!items.empty() && !prose.empty()) s += "\n";
    int number = 1;
    for (const std::string& l : items) {
      std::string item = l;
      if (!starts_with(item, "- ") && !starts_with(item, "* ")) {  // renumber "3. ..." lists
        item = item.substr(item.find(". ") + 2);
        item = std::to_string(number++) + ". " + item;
      }
      s += adapt(item, p, rng) + "\n";
    }
    return s;
  }

  std::vector<Doc> docs_;
  std::vector<std::string> agencies_;
  std::map<Kind, std::vector<const Section*>> by_kind_;
};

// ---------------------------------------------------------------- main

[[noreturn]] void usage(int code) {
  (code ? std::cerr : std::cout)
      << "usage: peeraudit_gen --corpus DIR --out DIR --count N [--seed S] [--min-bytes B] [--max-bytes B]\n"
         "  Recombines the .txt/.md documents of DIR into N synthetic postings of\n"
         "  about 2-4 KB, written as OUT/0000/000001.txt ... (1000 per folder).\n"
         "  Deterministic for a given seed (default 42).\n";
  std::exit(code);
}

unsigned long parse_number(const std::string& opt, const char* v) {
  char* end = nullptr;
  errno = 0;
  const unsigned long n = std::strtoul(v, &end, 10);
  if (!*v || *end || errno || v[0] == '-') {
    std::cerr << "peeraudit_gen: " << opt << ": not a number: " << v << "\n";
    std::exit(2);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, out;
  unsigned long count = 0, seed = 42, min_bytes = 2048, max_bytes = 4096;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") usage(0);
    if (i + 1 >= argc) { std::cerr << "peeraudit_gen: " << a << " needs a value\n"; usage(2); }
    const char* v = argv[++i];
    if (a == "--corpus") corpus = v;
    else if (a == "--out") out = v;
    else if (a == "--count") { count = parse_number(a, v); have_count = true; }
    else if (a == "--seed") seed = parse_number(a, v);
    else if (a == "--min-bytes") min_bytes = parse_number(a, v);
    else if (a == "--max-bytes") max_bytes = parse_number(a, v);
    else { std::cerr << "peeraudit_gen: unknown option " << a << "\n"; usage(2); }
  }
  if (corpus.empty() || out.empty() || !have_count) usage(2);
  if (count > 9'999'999 || min_bytes > max_bytes || max_bytes < 256) {
    std::cerr << "peeraudit_gen: --count at most 9999999, and 256 <= --min-bytes <= --max-bytes\n";
    return 2;
  }

  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus, ec)) {
    const fs::path& f = e.path();
    const std::string name = f.filename().string();
    if (!e.is_regular_file() || name.empty() || name[0] == '.' || starts_with(lower(name), "readme")) continue;
    if (f.extension() == ".txt" || f.extension() == ".md") files.push_back(f);
  }
  if (ec) { std::cerr << "peeraudit_gen: " << corpus << ": " << ec.message() << "\n"; return 2; }
  std::sort(files.begin(), files.end());  // directory order is not fixed
  std::vector<Doc> docs;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Doc d = parse(files[i], static_cast<int>(i));
    if (!d.sections.empty()) docs.push_back(std::move(d));
  }
  if (docs.empty()) { std::cerr << "peeraudit_gen: no .txt or .md documents with sections in " << corpus << "\n"; return 2; }

  const Generator gen(std::move(docs));
  unsigned long long total = 0;
  for (unsigned long i = 1; i <= count; ++i) {
    char dir[16], name[24];
    std::snprintf(dir, sizeof dir, "%04lu", (i - 1) / 1000);
    std::snprintf(name, sizeof name, "%06lu.txt", i);
    const fs::path folder = fs::path(out) / dir;
    if ((i - 1) % 1000 == 0) {
      fs::create_directories(folder, ec);
      if (ec) { std::cerr << "peeraudit_gen: " << folder.string() << ": " << ec.message() << "\n"; return 2; }
    }
    const std::string text = gen.make(static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(i), min_bytes, max_bytes);
    std::ofstream f(folder / name, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!f) { std::cerr << "peeraudit_gen: cannot write " << (folder / name).string() << "\n"; return 2; }
    total += text.size();
  }
  std::cout << "peeraudit_gen: " << count << " documents, " << total << " bytes in " << out << "\n";
  return 0;
}
