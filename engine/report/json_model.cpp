#include "report/json_model.hpp"

// RapidJSON's SSE2 string path (RAPIDJSON_SSE2) is left off: in Debian 12's
// version it compares with 0x19 and writes the control bytes 0x1A-0x1F
// unescaped, which is not JSON. Plain strings skip RapidJSON's escaping
// altogether (plain_json below), so its byte loop only sees strings that
// need escaping.
#include <rapidjson/prettywriter.h>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unordered_map>

namespace peeraudit::report {

namespace {

// True when RapidJSON would write s between its quotes unchanged: no
// control byte, quote or backslash (it copies UTF-8 as it is). Most strings
// of a report (kinds, paths, most evidence) are plain, and copying them
// whole is several times cheaper than RapidJSON's byte-by-byte escape loop.
// Checked 16 bytes at a time with SSE2 (every x86-64), else 8 at a time.
bool plain_json(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
    auto bad = [&](std::size_t at) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      // x <= 0x1F (unsigned) exactly when max(x, 0x1F) == 0x1F.
      __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                               _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
      return _mm_movemask_epi8(m) != 0;
    };
    for (; i + 16 <= n; i += 16)
      if (bad(i)) return false;
    return i == n || !bad(n - 16);  // the tail, as the last 16 bytes
  }
#endif
  constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, p + i, 8);
    // A byte below 0x20, a '"' (0x22) or a '\\' (0x5C).
    if (((x - ones * 0x20) & ~x & high) | has_zero(x ^ (ones * 0x22)) | has_zero(x ^ (ones * 0x5C))) return false;
  }
  for (; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\') return false;
  }
  return true;
}

template <class W>
void str(W& w, std::string_view v) {
  if (plain_json(v)) w.quoted(v);
  else w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}
// Keys are this file's own constants, none of which needs escaping.
template <class W>
void key(W& w, std::string_view k) {
  w.quoted(k);
}
template <class W>
void kv(W& w, std::string_view k, std::string_view v) {
  key(w, k);
  str(w, v);
}
template <class W>
void kv(W& w, std::string_view k, std::size_t v) {
  key(w, k);
  w.Uint64(v);
}
template <class W>
void kv(W& w, std::string_view k, int v) {
  key(w, k);
  w.Int(v);
}

// A criterion's title, why and fix are the same text in every finding of
// it, and they are most of a report's bytes: escape each distinct text once
// per thread and copy the escaped form after that. Bounded, so odd inputs
// (a server run with many rulesets) cannot grow it without limit.
class EscapeMemo {
 public:
  std::string_view get(std::string_view s) {
    for (const Entry& e : entries_)
      if (e.text.size() == s.size() && e.text == s) return e.json;
    if (entries_.size() >= kMax) return {};
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    entries_.push_back({std::string(s), std::string(buf.GetString(), buf.GetSize())});
    return entries_.back().json;
  }

 private:
  static constexpr std::size_t kMax = 512;
  struct Entry {
    std::string text, json;
  };
  std::vector<Entry> entries_;
};

template <class W>
void kv_memo(W& w, std::string_view k, std::string_view v) {
  thread_local EscapeMemo memo;
  key(w, k);
  std::string_view json = memo.get(v);
  if (json.empty()) str(w, v);
  else w.raw_string(json);
}

// RapidJSON's writers (pretty or compact), plus calls that copy an already
// escaped string, a plain one (see plain_json) in quotes, or an array
// already written in this layout at this depth, each in one memcpy
// (RawValue copies byte by byte).
template <class Base, bool Pretty>
class Out : public Base {
 public:
  using Base::Base;
  static constexpr bool kPretty = Pretty;
  void raw_string(std::string_view json) {
    prefix(rapidjson::kStringType);
    copy(json);
  }
  void quoted(std::string_view plain) {
    prefix(rapidjson::kStringType);
    char* p = this->os_->Push(plain.size() + 2);
    p[0] = '"';
    std::memcpy(p + 1, plain.data(), plain.size());
    p[plain.size() + 1] = '"';
  }
  void raw_value(std::string_view json) {
    prefix(rapidjson::kArrayType);
    copy(json);
  }
  // Containers open around the next value (compact text is the same at any
  // depth).
  std::size_t depth() const {
    if constexpr (Pretty) return this->level_stack_.GetSize() / sizeof(typename Base::Level);
    else return 0;
  }

 private:
  void prefix(rapidjson::Type type) {
    if constexpr (Pretty) this->PrettyPrefix(type);
    else this->Prefix(type);
  }
  void copy(std::string_view json) { std::memcpy(this->os_->Push(json.size()), json.data(), json.size()); }
};
using PrettyOut = Out<rapidjson::PrettyWriter<rapidjson::StringBuffer>, true>;
using CompactOut = Out<rapidjson::Writer<rapidjson::StringBuffer>, false>;

template <class W>
void write_checks(W& w, const std::vector<ContextCheck>& checks) {
  w.StartArray();
  for (const auto& c : checks) {
    w.StartObject();
    kv(w, "kind", to_string(c.kind));
    kv(w, "outcome", to_string(c.outcome));
    if (!c.cue.empty()) kv(w, "cue", c.cue);
    w.EndObject();
  }
  w.EndArray();
}

// A finding's "checks" array is a third of a report's values, and a few
// combinations of kinds, outcomes and cues make up nearly all of them: each
// distinct array is written once per thread, layout and depth, then copied.
// Written standalone by the same writer, then shifted right by the depth's
// indentation, it is byte for byte what the writer would write in place.
template <class W>
void emit_checks(W& w, const std::vector<ContextCheck>& checks) {
  thread_local std::unordered_map<std::string, std::string> memo;  // one per writer type
  thread_local std::string k;
  constexpr std::size_t kMax = 1024;
  k.clear();
  k += static_cast<char>(w.depth());
  for (const auto& c : checks) {
    k += static_cast<char>('a' + static_cast<int>(c.kind));
    k += static_cast<char>('a' + static_cast<int>(c.outcome));
    k += c.cue;
    k += '\0';
  }
  if (auto it = memo.find(k); it != memo.end()) return w.raw_value(it->second);
  if (memo.size() >= kMax) return write_checks(w, checks);
  rapidjson::StringBuffer buf;
  W alone(buf);
  if constexpr (W::kPretty) alone.SetIndent(' ', 2);
  write_checks(alone, checks);
  std::string_view text(buf.GetString(), buf.GetSize());
  std::string json;
  const std::size_t shift = 2 * w.depth();
  for (char c : text) {
    json += c;
    if (c == '\n') json.append(shift, ' ');
  }
  w.raw_value(memo.emplace(k, std::move(json)).first->second);
}

template <class W>
void emit(W& w, const Location& l) {
  w.StartObject();
  kv(w, "file", l.file);
  if (l.line > 0) {
    kv(w, "line", l.line);
    kv(w, "column", l.column);
  }
  kv(w, "byte_offset", l.byte_offset);
  if (l.page > 0) kv(w, "page", l.page);
  if (l.paragraph > 0) kv(w, "paragraph", l.paragraph);
  if (l.row > 0) kv(w, "row", l.row);
  kv(w, "section", l.section);
  kv(w, "section_kind", l.section_kind);
  kv(w, "display", l.display());
  w.EndObject();
}

template <class W>
void emit(W& w, const Finding& f) {
  w.StartObject();
  kv(w, "criterion", f.criterion);
  kv_memo(w, "title", f.title);
  kv(w, "category", f.sign == Sign::Positive ? std::string_view("positive") : to_string(f.category));
  kv(w, "level", to_string(f.level));
  if (f.sign != Sign::None) kv(w, "sign", to_string(f.sign));
  if (f.weak) {
    key(w, "weak");
    w.Bool(true);
  }
  kv(w, "evidence", f.evidence);
  key(w, "location");
  emit(w, f.location);
  key(w, "span");
  w.StartObject();
  kv(w, "begin", f.span.begin);
  kv(w, "end", f.span.end);
  w.EndObject();
  kv_memo(w, "why", f.why);
  kv_memo(w, "fix", f.fix);
  key(w, "checks");
  emit_checks(w, f.checks);
  kv(w, "pattern", f.pattern_id);
  w.EndObject();
}

template <class W>
void emit(W& w, const IngestError& e) {
  w.StartObject();
  kv(w, "file", e.file);
  if (e.line > 0) kv(w, "line", e.line);
  kv(w, "message", e.message);
  w.EndObject();
}

template <class W>
void emit_list(W& w, std::string_view name, const std::vector<Finding>& list) {
  key(w, name);
  w.StartArray();
  for (const auto& f : list) emit(w, f);
  w.EndArray();
}

template <class W>
void emit(W& w, const Audit& a, std::size_t prefix_row) {
  w.StartObject();
  if (prefix_row > 0) kv(w, "row", prefix_row);
  kv(w, "id", a.id);
  kv(w, "source", a.source);
  kv(w, "format", a.format);
  if (!a.title.empty()) kv(w, "title", a.title);
  kv(w, "verdict", to_string(a.verdict));
  emit_list(w, "findings", a.findings);
  emit_list(w, "notes", a.notes);
  if (!a.suppressed.empty()) emit_list(w, "suppressed", a.suppressed);
  if (a.baselined > 0) kv(w, "baselined", a.baselined);
  key(w, "warnings");
  w.StartArray();
  for (const auto& e : a.errors) emit(w, e);
  w.EndArray();
  w.EndObject();
}

}  // namespace

void append_json(std::string& out, const Audit& a, JsonLayout layout, std::size_t prefix_row) {
  // RapidJSON's own StringBuffer takes its fast, reserve-then-copy path;
  // the base indentation is added while copying out.
  // One buffer per thread, reused: growing a fresh one to a document's
  // size cost more than writing it.
  thread_local rapidjson::StringBuffer buf;
  buf.Clear();
  // An even base indentation is written in place: the document is written
  // inside that many levels of arrays, opened first and cut off after.
  std::size_t skip = 0;
  bool shifted = false;
  if (layout.pretty) {
    PrettyOut w(buf);
    w.SetIndent(' ', 2);
    if (layout.base_indent > 0 && layout.base_indent % 2 == 0) {
      for (int i = 0; i < layout.base_indent / 2; ++i) w.StartArray();
      skip = buf.GetSize() + 1 + static_cast<std::size_t>(layout.base_indent);  // then "\n" and the indentation
      shifted = true;
    }
    emit(w, a, prefix_row);
  } else {
    CompactOut w(buf);
    emit(w, a, prefix_row);
  }
  std::string_view text(buf.GetString() + skip, buf.GetSize() - skip);
  struct Trim {  // don't keep a huge document's buffer for the rest of the run
    ~Trim() {
      if (buf.GetSize() > (1u << 20)) {
        buf.Clear();
        buf.ShrinkToFit();
      }
    }
  } trim;
  if (!layout.pretty || layout.base_indent <= 0 || shifted) {
    out.append(text);
    return;
  }
  const std::size_t indent = static_cast<std::size_t>(layout.base_indent);
  out.reserve(out.size() + text.size() + text.size() / 3);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, nl + 1 - pos));
    out.append(indent, ' ');
    pos = nl + 1;
  }
}

ojson to_json(const Audit& a) {
  std::string s;
  append_json(s, a, JsonLayout{false, 0});
  return ojson::parse(s);
}

ojson to_json(const IngestError& e) {
  // The same emitter as an audit's "warnings", so the shape has one source.
  rapidjson::StringBuffer buf;
  CompactOut w(buf);
  emit(w, e);
  return ojson::parse(std::string_view(buf.GetString(), buf.GetSize()));
}

ojson to_json(const RuleInfo& r) {
  ojson j;
  j["id"] = r.id;
  j["title"] = r.title;
  j["category"] = std::string(r.sign == Sign::Positive ? "positive" : to_string(r.category));
  j["summary"] = r.summary;
  return j;
}

ojson summary_json(const Summary& s) {
  ojson j;
  j["documents"] = s.documents;
  ojson v;
  for (int i = 3; i >= 0; --i) v[std::string(to_string(static_cast<Verdict>(i)))] = s.by_verdict[i];
  j["by_verdict"] = v;
  j["findings"] = s.findings;
  j["suppressed"] = s.suppressed;
  j["baselined"] = s.baselined;
  j["failed"] = s.failed;
  j["input_errors"] = s.input_errors.size();
  return j;
}

}  // namespace peeraudit::report
