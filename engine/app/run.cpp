#include "app/run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <mutex>
#include <optional>
#include <spdlog/spdlog.h>
#include <thread>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "ingest/jsonl.hpp"
#include "judge/judge.hpp"
#include "report/common.hpp"
#include "report/json_model.hpp"
#include "report/writer.hpp"

namespace peeraudit::app {

namespace fs = std::filesystem;

bool reaches(Verdict v, const std::string& fail_on) { return report::fails(v, fail_on); }

namespace {

bool claimed_by_reader(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto* r : ingest::readers())
    for (const auto& e : r->extensions())
      if (e == ext) return true;
  return false;
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths, std::vector<IngestError>& errors) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        errors.push_back({p, 0, "cannot list directory: " + ec.message()});
        continue;
      }
      for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
        if (ec) {
          errors.push_back({p, 0, "cannot list directory: " + ec.message()});
          break;
        }
        const fs::path& e = it->path();
        std::string name = e.filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_directory(ec)) continue;
        // FIFOs, sockets and devices are not documents (opening a FIFO
        // blocks until someone writes to it): only named ones are read.
        if (fs::is_other(it->status(ec))) continue;
        if (name.rfind("README", 0) == 0) continue;
        if (claimed_by_reader(e)) found.push_back(e.string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

namespace {

// Findings of a previous JSON report, keyed by document, criterion and
// evidence (not by line: lines move when a document is edited).
using BaselineKeys = std::map<std::string, int>;

std::string baseline_key(const std::string& doc, const std::string& criterion, const std::string& evidence) {
  return doc + '\x1f' + criterion + '\x1f' + evidence;
}

// A document's id with its file's path in normal form, so "./docs/a.md",
// "docs//a.md" and "docs/a.md" (the same file, named the way the run was
// started) are one document. The rest of the id (a row's "#id") is kept.
std::string baseline_doc(const std::string& id, const std::string& source) {
  if (source.empty() || source == "-" || id.compare(0, source.size(), source) != 0) return id;
  return fs::path(source).lexically_normal().generic_string() + id.substr(source.size());
}

bool load_baseline(const std::string& path, BaselineKeys& keys) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "peeraudit: " << path << ": cannot read baseline\n";
    return false;
  }
  try {
    auto j = nlohmann::json::parse(in);
    for (const auto& d : j.at("documents"))
      for (const auto& f : d.at("findings"))
        ++keys[baseline_key(baseline_doc(d.at("id"), d.value("source", std::string())), f.at("criterion"),
                            f.at("evidence"))];
  } catch (const std::exception& e) {
    std::cerr << "peeraudit: " << path << ": not a peeraudit JSON report: " << e.what() << "\n";
    return false;
  }
  return true;
}

void apply_baseline(BaselineKeys& keys, Audit& a) {
  std::vector<Finding> fresh;
  for (auto& f : a.findings) {
    auto it = keys.find(baseline_key(baseline_doc(a.id, a.source), f.criterion, f.evidence));
    if (it != keys.end() && it->second > 0) {
      --it->second;
      ++a.baselined;
    } else {
      fresh.push_back(std::move(f));
    }
  }
  a.findings = std::move(fresh);
  a.verdict = judge::verdict_of(a.findings);
}

// The deadline of a document started now, `budget` seconds away (0: none).
Deadline deadline_after(double budget) {
  Deadline deadline;
  if (budget > 0)
    deadline.at_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count() +
        static_cast<std::int64_t>(budget * 1e9);
  return deadline;
}

struct Slot {
  std::vector<Audit> audits;
  std::vector<std::vector<std::string>> rendered;  // [audit][output], made on the worker
  std::vector<IngestError> errors;
  bool ready = false;
};

class Progress {
 public:
  Progress(std::size_t total, bool on) : total_(total), on_(on), start_(std::chrono::steady_clock::now()) {}
  void tick(std::size_t done, bool force = false) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    shown_ = done < total_;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 ? (total_ - done) / rate : 0;
    int width = 30;
    int filled = total_ ? static_cast<int>(width * done / total_) : width;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu files  %.0f/s  ETA %.0fs ", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total_, rate, eta);
    if (done >= total_) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }
  // Erases the bar, so that a report or message written to the same
  // terminal does not start on the bar's line. True when there was a bar to
  // erase.
  bool clear() {
    if (!shown_) return false;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
    return true;
  }

 private:
  std::size_t total_;
  bool on_;
  bool shown_ = false;  // the bar is on the screen, its line not ended
  std::chrono::steady_clock::time_point start_, last_{};
};

}  // namespace

int run_audit(const Engine& engine, const AuditOptions& opts) {
  // A report on standard output is written a document at a time, each
  // bigger than stdio's default buffer: without a larger one every document
  // is a system call of its own. A terminal keeps its line buffering.
  // (glibc ignores the size unless it is given the buffer.)
  static char stdout_buffer[1 << 18];
  if (!::isatty(1)) std::setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
  std::vector<IngestError> input_errors;
  std::vector<std::string> paths = opts.paths;
  if (!opts.files_from.empty()) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (opts.files_from != "-") {
      // A folder opens as a stream too, and then reads as an empty list.
      std::error_code ec;
      if (fs::is_directory(opts.files_from, ec)) {
        std::cerr << "peeraudit: " << opts.files_from << ": cannot read --files-from list: is a directory\n";
        return 2;
      }
      file.open(opts.files_from);
      if (!file) {
        std::cerr << "peeraudit: " << opts.files_from << ": cannot read --files-from list\n";
        return 2;
      }
      in = &file;
    }
    std::string line;
    while (std::getline(*in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty()) paths.push_back(line);
    }
    if (in->bad()) {
      std::cerr << "peeraudit: " << opts.files_from << ": cannot read --files-from list\n";
      return 2;
    }
  }
  paths = expand_paths(paths, input_errors);

  BaselineKeys baseline;
  bool use_baseline = !opts.baseline.empty();
  if (use_baseline && !load_baseline(opts.baseline, baseline)) return 2;

  RunInfo run = engine.run_info();
  run.fail_on = opts.fail_on;
  run.by_clause = opts.by_clause;
  if (opts.timestamp) {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    run.timestamp = buf;
  }

  // Outputs: the --format stream (stdout or --output), plus each --report.
  struct Out {
    std::unique_ptr<AtomicFile> file;
    std::unique_ptr<report::Writer> writer;
    std::string name;
  };
  std::vector<Out> outs;
  auto add_out = [&](const std::string& format, const std::string& path) -> bool {
    const report::WriterEntry* entry = report::writer_by_name(format);
    if (!entry) {
      std::cerr << "peeraudit: unknown report format '" << format << "'\n";
      return false;
    }
    Out o;
    o.name = path.empty() ? "standard output" : path;
    std::ostream* os = &std::cout;
    if (!path.empty() && path != "-") {
      o.file = std::make_unique<AtomicFile>(path);
      if (!o.file->ok()) {
        std::cerr << "peeraudit: " << path << ": cannot write report\n";
        return false;
      }
      os = &o.file->stream();
    }
    o.writer = entry->make(*os);
    outs.push_back(std::move(o));
    return true;
  };
  // Two reports to one place would be written over each other (and two
  // temp files of the same name): refuse before writing anything.
  {
    std::vector<std::pair<std::string, std::string>> dests;  // what, where
    dests.emplace_back("--output", opts.output);
    for (const auto& [fmt, path] : opts.reports) dests.emplace_back("--report " + fmt, path);
    if (!opts.write_baseline.empty()) dests.emplace_back("--write-baseline", opts.write_baseline);
    std::map<std::string, std::string> seen;
    for (auto& [what, path] : dests) {
      std::string key;
      std::error_code ec;
      if (path.empty() || path == "-") {
        key = "-";
      } else {
        auto st = fs::status(path, ec);
        if (fs::exists(st) && !fs::is_regular_file(st)) continue;  // /dev/null and the like
        key = fs::weakly_canonical(path, ec).string();
        if (ec) key = fs::path(path).lexically_normal().string();
      }
      auto [it, fresh] = seen.emplace(key, what);
      if (!fresh) {
        std::cerr << "peeraudit: " << (key == "-" ? std::string("standard output") : path) << ": given to both "
                  << it->second << " and " << what << "; each report needs a place of its own\n";
        return 2;
      }
    }
  }
  bool tty_out = opts.output.empty() && ::isatty(1);
  run.color = opts.color == "always" || (opts.color == "auto" && tty_out && !std::getenv("NO_COLOR"));
  if (!add_out(opts.format, opts.output)) return 2;
  for (const auto& [fmt, path] : opts.reports)
    if (!add_out(fmt, path)) return 2;
  std::optional<std::size_t> baseline_out;  // index in outs of --write-baseline
  if (!opts.write_baseline.empty()) {
    if (!add_out("json", opts.write_baseline)) return 2;
    baseline_out = outs.size() - 1;
  }
  for (std::size_t i = 0; i < outs.size(); ++i) {
    RunInfo r = run;
    if (i > 0 || !opts.output.empty()) r.color = false;
    outs[i].writer->begin(r);
  }

  // Workers read and audit files in any order; the writer emits them in input
  // order, holding at most `window` finished files in memory.
  const std::size_t n = paths.size();
  unsigned jobs = opts.jobs > 0 ? static_cast<unsigned>(opts.jobs) : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, n)));
  const std::size_t window = 32 * jobs;
  // A ring of `window` slots: task i may only start once i < written +
  // window, so slot i % window has been emptied by then. Memory stays flat
  // however many files there are.
  std::vector<Slot> slots(std::min(window, std::max<std::size_t>(n, 1)));
  auto slot = [&](std::size_t i) -> Slot& { return slots[i % slots.size()]; };
  std::mutex mu;
  std::condition_variable cv_ready, cv_space;
  std::size_t next_task = 0, written = 0;
  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mu);
        auto has_space = [&] { return next_task >= n || next_task < written + window; };
        if (!has_space()) {
          // About to block on a full window: make sure the writer is awake.
          cv_ready.notify_all();
          cv_space.wait(lock, has_space);
        }
        if (next_task >= n) return;
        i = next_task++;
      }
      Slot s;
      ingest::Result res = ingest::read_path(paths[i], opts.input_format, opts.ingest);
      for (auto& doc : res.documents) {
        try {
          s.audits.push_back(engine.audit(doc, deadline_after(opts.doc_time_budget)));
        } catch (const TimeBudgetExceeded& e) {
          s.errors.push_back({doc.id, 0, std::string(e.what()) + " (over --doc-time-budget " +
                                             std::to_string(opts.doc_time_budget) + " s)"});
        } catch (const std::exception& e) {
          s.errors.push_back({doc.id, 0, std::string("internal error: ") + e.what()});
        }
      }
      for (auto& e : res.errors) {
        if (e.warning && !s.audits.empty()) s.audits.front().errors.push_back(e);
        else s.errors.push_back(e);
      }
      // Writers that can render a document alone do it here, in parallel;
      // the baseline changes findings later, so not when one is used.
      if (!use_baseline)
        for (const auto& a : s.audits) {
          std::vector<std::string> r;
          for (const auto& o : outs) r.push_back(o.writer->render(a));
          s.rendered.push_back(std::move(r));
        }
      s.ready = true;
      bool wake;
      {
        std::lock_guard lock(mu);
        slot(i) = std::move(s);
        // Wake the writer once per half window, not per document: waking it
        // for every small file cost more in context switches than writing.
        // The rules above and at the end of the input keep it from sleeping
        // on a finished slot.
        wake = next_task >= n || i >= written + window / 2;
      }
      if (wake) cv_ready.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);

  Summary summary, baseline_summary;
  summary.input_errors = input_errors;
  auto count = [&](Summary& sum, const Audit& a) {
    sum.suppressed += a.suppressed.size();
    sum.baselined += a.baselined;
    ++sum.documents;
    ++sum.by_verdict[static_cast<int>(a.verdict)];
    sum.findings += a.findings.size();
    if (reaches(a.verdict, opts.fail_on)) ++sum.failed;
  };
  for (const auto& e : input_errors) std::cerr << "peeraudit: " << e.display() << "\n";
  std::cerr.flush();
  Progress progress(n, !opts.quiet && ::isatty(2) && n > 1);
  // A report on standard output that is a terminal too: the bar is erased
  // before each document's report and drawn again under it.
  bool report_on_tty = false;
  for (const auto& o : outs) report_on_tty |= !o.file && ::isatty(1);
  for (std::size_t i = 0; i < n; ++i) {
    Slot s;
    {
      std::unique_lock lock(mu);
      cv_ready.wait(lock, [&] { return slot(i).ready; });
      s = std::move(slot(i));
      slot(i) = Slot{};
      written = i + 1;
    }
    cv_space.notify_all();
    bool says_something = report_on_tty || !s.errors.empty();
    for (const auto& a : s.audits) says_something |= !a.errors.empty();
    bool erased = says_something && progress.clear();
    for (const auto& e : s.errors) {
      std::cerr << "peeraudit: " << e.display() << "\n";
      summary.input_errors.push_back(e);
    }
    for (std::size_t ai = 0; ai < s.audits.size(); ++ai) {
      Audit& a = s.audits[ai];
      // The new baseline holds every finding of this run, those the old
      // baseline already had included: written from the audit as found.
      std::optional<Audit> full;
      if (use_baseline && baseline_out) {
        full = a;
        count(baseline_summary, *full);
      }
      if (use_baseline) apply_baseline(baseline, a);
      count(summary, a);
      if (!use_baseline && baseline_out) count(baseline_summary, a);
      for (const auto& w : a.errors) spdlog::warn("{}", w.display());
      for (std::size_t k = 0; k < outs.size(); ++k) {
        const Audit& shown = full && k == *baseline_out ? *full : a;
        const std::string* r = ai < s.rendered.size() ? &s.rendered[ai][k] : nullptr;
        if (r && !r->empty()) outs[k].writer->document_rendered(shown, *r);
        else outs[k].writer->document(shown);
      }
    }
    if (report_on_tty) {
      std::cout.flush();
      std::fflush(stdout);
    }
    progress.tick(i + 1, erased);
  }
  pool.clear();
  summary.errors = summary.input_errors.size();
  int code = summary.errors > 0 ? 2 : summary.failed > 0 ? 1 : 0;
  baseline_summary.input_errors = summary.input_errors;
  baseline_summary.errors = summary.errors;
  for (std::size_t k = 0; k < outs.size(); ++k) {
    Out& o = outs[k];
    o.writer->end(baseline_out && k == *baseline_out ? baseline_summary : summary);
    if (o.file) {
      std::string err = o.file->commit();
      if (!err.empty()) {
        std::cerr << "peeraudit: " << err << "\n";
        code = 2;
      }
    } else {
      std::cout.flush();
    }
  }
  return code;
}

namespace {

// One line of `in` without its '\n'. At most `cap` bytes of it are kept (the
// rest is read and dropped, so a line that never ends cannot fill memory);
// `size` is the whole line's length. False at the end of the input.
bool read_bounded_line(std::istream& in, std::size_t cap, std::string& line, std::size_t& size) {
  line.clear();
  size = 0;
  std::streambuf* sb = in.rdbuf();
  for (;;) {
    int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) return size > 0;
    if (c == '\n') return true;
    if (size < cap) line.push_back(static_cast<char>(c));
    ++size;
  }
}

}  // namespace

int run_jsonl_stream(const Engine& engine, const AuditOptions& opts, std::istream& in, std::ostream& out) {
  // The stream reads standard input and writes standard output only: an
  // option naming other inputs or outputs would be ignored without a word
  // (and paths left a user waiting on a stream they never meant to send).
  std::vector<std::string> ignored;
  if (!opts.paths.empty()) ignored.push_back("paths");
  if (!opts.files_from.empty()) ignored.push_back("--files-from");
  if (!opts.output.empty()) ignored.push_back("--output");
  if (!opts.reports.empty()) ignored.push_back("--report");
  if (!opts.baseline.empty()) ignored.push_back("--baseline");
  if (!opts.write_baseline.empty()) ignored.push_back("--write-baseline");
  if (!ignored.empty()) {
    std::string list;
    for (const auto& x : ignored) list += (list.empty() ? "" : ", ") + x;
    std::cerr << "peeraudit: --jsonl reads JSONL on standard input and writes results on standard output; it does "
                 "not take "
              << list << "\n";
    return 2;
  }
  std::string line;
  int row = 0;
  bool errors = false, failed = false;
  std::size_t offset = 0, size = 0;
  auto error_line = [&](const std::string& message) {
    report::ojson j;
    j["row"] = row;
    j["error"] = message;
    out << j.dump() << "\n";
    errors = true;
  };
  while (read_bounded_line(in, opts.ingest.max_line_bytes, line, size)) {
    ++row;
    std::size_t start = offset;
    offset += size + 1;
    if (size > opts.ingest.max_line_bytes) {
      error_line("line is " + std::to_string(size) + " bytes, over the limit of " +
                 std::to_string(opts.ingest.max_line_bytes) + " (--max-line-bytes)");
      out.flush();
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ingest::Result res;
    std::set<std::string> ids;  // per line: the stream may be endless
    ingest::read_jsonl_row(line, row, start, "-", opts.ingest, ids, res);
    for (const auto& e : res.errors) error_line(e.message);
    for (const auto& doc : res.documents) {
      Audit a;
      try {
        a = engine.audit(doc, deadline_after(opts.doc_time_budget));
      } catch (const TimeBudgetExceeded& e) {
        error_line(std::string(e.what()) + " (over --doc-time-budget " + std::to_string(opts.doc_time_budget) + " s)");
        continue;
      } catch (const std::exception& e) {
        error_line(std::string("internal error: ") + e.what());
        continue;
      }
      failed |= reaches(a.verdict, opts.fail_on);
      std::string line_out;
      report::append_json(line_out, a, report::JsonLayout{false, 0}, static_cast<std::size_t>(row));
      line_out += '\n';
      out << line_out;
    }
    out.flush();
  }
  return errors ? 2 : failed ? 1 : 0;
}

int run_explain(const Engine& engine, const std::string& path, const AuditOptions& opts, std::ostream& out) {
  ingest::Result res = ingest::read_path(path, opts.input_format, opts.ingest);
  for (const auto& e : res.errors) std::cerr << "peeraudit: " << e.display() << "\n";
  if (res.documents.empty()) return 2;
  std::vector<std::string> errors;
  EngineOptions eo;
  eo.rules_dir = engine.rules_dir();
  eo.explain = true;
  auto explainer = Engine::load(eo, errors);
  if (!explainer) {
    for (const auto& e : errors) std::cerr << "peeraudit: " << e << "\n";
    return 2;
  }
  Verdict worst = Verdict::Clear;
  for (const auto& doc : res.documents) {
    Audit a = explainer->audit(doc);
    worst = std::max(worst, a.verdict);
    out << doc.id << ": verdict " << to_string(a.verdict) << "\n";
    out << "sections:";
    for (const auto& s : doc.sections)
      out << " [" << to_string(s.kind) << (s.heading.empty() ? "" : ": " + s.heading) << "]";
    out << "\n";
    if (a.decisions.empty()) out << "  no candidate matches\n";
    for (const auto& d : a.decisions) {
      Location l = doc.locate(d.match.span.begin);
      out << "  " << (d.kept ? "KEPT    " : "dropped ") << d.match.rule_id << " '"
          << doc.text.substr(d.match.span.begin, d.match.span.size()) << "' at " << l.display() << " ["
          << l.section_kind << "] pattern " << d.match.pattern_id << "\n";
      out << "          " << d.reason << "\n";
      std::string sentence = doc.text.substr(d.match.sentence.begin, d.match.sentence.size());
      if (sentence.size() > 200) sentence = sentence.substr(0, 200) + "...";
      out << "          sentence: " << sentence << "\n";
    }
    out << "\n";
  }
  return !res.errors.empty() ? 2 : reaches(worst, opts.fail_on) ? 1 : 0;
}

}  // namespace peeraudit::app
