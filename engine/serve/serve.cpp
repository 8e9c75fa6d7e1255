// `peeraudit serve`: see serve.hpp. The routes only translate HTTP to the
// engine (ingest -> Engine::audit -> report writers) and back; nothing here
// knows how matching or judging works.
//
// Concurrency: a bounded pool of `threads` workers takes connections from a
// queue of at most `max_queued`; when that is full the connection goes to a
// single "reject lane" thread that answers 503 without reading the body.
// Each audit runs on its own thread under the time budget: when it runs over,
// the client gets 503 and the audit finishes in the background; while
// `threads` such audits are still running, new audits get 503 at once.
#include "serve/serve.hpp"

#include <httplib.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/engine.hpp"
#include "ingest/reader.hpp"
#include "report/common.hpp"
#include "report/json_model.hpp"
#include "report/writer.hpp"

namespace peeraudit::serve {

namespace {

using ojson = report::ojson;

thread_local bool t_reject_lane = false;

// httplib's TaskQueue with a bounded queue; see the file comment.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(jobs_, cv_, false); });
    reject_thread_ = std::thread([this] { work(reject_jobs_, reject_cv_, true); });
  }
  ~BoundedPool() override = default;

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mu_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        cv_.notify_one();
        return;
      }
      if (reject_jobs_.size() < 4 * max_queued_ + 16) {
        reject_jobs_.push_back(std::move(fn));
        reject_cv_.notify_one();
        return;
      }
    }
    // Both queues full: answer 503 on the accepting thread (back-pressure).
    t_reject_lane = true;
    fn();
    t_reject_lane = false;
  }

  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      shutdown_ = true;
    }
    cv_.notify_all();
    reject_cv_.notify_all();
    for (auto& t : workers_) t.join();
    reject_thread_.join();
  }

 private:
  void work(std::deque<std::function<void()>>& q, std::condition_variable& cv, bool reject) {
    t_reject_lane = reject;
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        cv.wait(lock, [&] { return !q.empty() || shutdown_; });
        if (q.empty()) return;  // shut down and drained
        fn = std::move(q.front());
        q.pop_front();
      }
      try {
        fn();
      } catch (...) {
      }
    }
  }

  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_, reject_cv_;
  std::deque<std::function<void()>> jobs_, reject_jobs_;
  bool shutdown_ = false;
  std::vector<std::thread> workers_;
  std::thread reject_thread_;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string extension_of(const std::string& name) {
  auto dot = name.find_last_of('.');
  auto slash = name.find_last_of("/\\");
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return lower(name.substr(dot));
}

std::string dump(const ojson& j, int indent = -1) {
  return j.dump(indent, ' ', false, ojson::error_handler_t::replace);
}

void send_json(httplib::Response& res, int status, const ojson& j) {
  res.status = status;
  res.set_content(dump(j) + "\n", "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  ojson j;
  j["error"] = message;
  send_json(res, status, j);
}

// A file name from a client: its last path component, no control bytes, at
// most 200 bytes. Only ever used as a label and for format detection.
std::string clean_name(const std::string& raw, const std::string& fallback) {
  std::string name = raw;
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  if (out.size() > 200) out.resize(200);
  return out.empty() ? fallback : out;
}

bool looks_binary(std::string_view bytes) {
  std::size_t n = std::min<std::size_t>(bytes.size(), 8192), ctrl = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) ++ctrl;
  }
  return ctrl * 10 > n;
}

const char* kSupported = "peeraudit reads .txt, .md, .html, .docx, .odt and .pdf files";

// Why a file is of a type no reader takes (-> 415), or nothing.
std::optional<std::string> unsupported_type(const std::string& name, std::string_view bytes,
                                            const ingest::Reader* reader) {
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  std::string rn = reader ? std::string(reader->name()) : "";
  if (starts("\x89PNG") || starts("\xFF\xD8\xFF") || starts("GIF8") || starts("II*") || starts("MM\0*") ||
      (starts("RIFF") && bytes.substr(8, 4) == "WEBP"))
    return std::string("this is an image, not a document with text; ") + kSupported;
  if (starts(std::string_view("\xD0\xCF\x11\xE0", 4)))
    return std::string("this is an old Microsoft Office file (.doc/.xls); save it as .docx or PDF; ") + kSupported;
  if (starts(std::string_view("PK\x03\x04", 4)) && rn != "docx" && rn != "odt")
    return std::string("this is a zip archive that is not a DOCX or ODT document; ") + kSupported;
  if (starts("\x1F\x8B") || starts("7z\xBC\xAF") || starts("Rar!") || starts("\x7F" "ELF"))
    return std::string("this is an archive or program, not a document; ") + kSupported;
  if (rn == "text" || rn == "markdown") {
    static const char* kBinaryExt[] = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic",
                                       ".zip", ".gz", ".7z", ".rar", ".doc", ".xls", ".xlsx", ".ppt", ".pptx",
                                       ".exe", ".mp3", ".mp4", ".mov"};
    std::string ext = extension_of(name);
    for (const char* e : kBinaryExt)
      if (ext == e) return "files of type " + ext + " are not supported; " + kSupported;
    if (looks_binary(bytes)) return std::string("this file is not text (it has binary bytes); ") + kSupported;
  }
  return std::nullopt;
}

struct WriterFormat {
  const char* mime;
  const char* ext;
};

WriterFormat writer_format(const std::string& name) {
  if (name == "html") return {"text/html; charset=utf-8", "html"};
  if (name == "json") return {"application/json; charset=utf-8", "json"};
  if (name == "csv") return {"text/csv; charset=utf-8", "csv"};
  if (name == "markdown") return {"text/markdown; charset=utf-8", "md"};
  if (name == "sarif") return {"application/sarif+json", "sarif"};
  if (name == "junit") return {"application/xml; charset=utf-8", "xml"};
  return {"text/plain; charset=utf-8", "txt"};
}

bool is_loopback_name(const std::string& h) {
  return h == "127.0.0.1" || h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

// What one audit request produced.
struct Outcome {
  int status = 200;
  std::string error;                    // when status != 200
  std::vector<Audit> audits;
  std::vector<IngestError> errors;      // inputs (rows) that could not be read
};

Outcome audit_bytes(const app::Engine& engine, const ingest::Reader* reader, const std::string& bytes,
                    const std::string& name, const ingest::Options& iopts) {
  Outcome out;
  ingest::Result res;
  try {
    res = reader->read(bytes, name, iopts);
  } catch (const std::exception& e) {
    out.status = 400;
    out.error = name + ": could not read the file as " + std::string(reader->name()) + ": " + e.what();
    return out;
  }
  std::vector<Document> docs;
  for (auto& d : res.documents) {
    bool blank = std::all_of(d.text.begin(), d.text.end(), [](unsigned char c) { return std::isspace(c); });
    if (!blank) docs.push_back(std::move(d));
  }
  if (docs.empty()) {
    out.status = 400;
    for (const auto& e : res.errors)
      if (!e.warning) {
        out.error = e.display();
        return out;
      }
    out.error = name + ": no text found" +
                (reader->name() == "pdf" ? " (a scanned PDF has no text layer; try a PDF saved from a word processor)"
                                         : std::string());
    return out;
  }
  for (const auto& d : docs) out.audits.push_back(engine.audit(d));
  for (auto& e : res.errors) {
    if (e.warning) out.audits.front().errors.push_back(e);
    else out.errors.push_back(e);
  }
  return out;
}

}  // namespace

struct Server::Impl {
  ServeOptions opts;
  std::shared_ptr<const app::Engine> engine;
  httplib::Server http;
  std::thread listener;
  int bound_port = 0;
  std::atomic<bool> started{false};
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopped = false;
  // Audits that ran over the time budget and are still finishing.
  std::shared_ptr<std::atomic<int>> overtime = std::make_shared<std::atomic<int>>(0);

  void routes();
  void handle_audit(const httplib::Request& req, httplib::Response& res);
  ojson run_json_head() const {
    const RunInfo& run = engine->run_info();
    ojson j;
    j["tool"] = {{"name", "peeraudit"}, {"version", run.tool_version}};
    j["ruleset"] = {{"name", run.ruleset_name}, {"version", run.ruleset_version}};
    return j;
  }
};

void Server::Impl::routes() {
  httplib::Headers security = {
      {"Content-Security-Policy",
       "default-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", "no-store"},
  };
  http.set_default_headers(security);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a
  // second server on a taken port would silently share it. TCP_NODELAY (the
  // accepted sockets inherit it): headers and body go out as separate writes,
  // and Nagle + delayed ACK would add ~40 ms to every keep-alive request.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  http.set_payload_max_length(opts.max_request_bytes);
  http.set_read_timeout(opts.time_budget_seconds, 0);
  http.set_write_timeout(opts.time_budget_seconds, 0);
  http.set_keep_alive_timeout(1);
  // Each open connection holds a worker between its requests, so connections
  // are rotated often and idle ones let go soon: waiting clients get a turn.
  http.set_keep_alive_max_count(10);
  std::size_t threads = static_cast<std::size_t>(std::max(1, opts.threads));
  std::size_t queued = opts.max_queued > 0 ? static_cast<std::size_t>(opts.max_queued) : 4 * threads;
  http.new_task_queue = [threads, queued] { return new BoundedPool(threads, queued); };

  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (t_reject_lane) {
      res.set_header("Retry-After", "1");
      res.set_header("Connection", "close");
      send_error(res, 503, "the server is busy; try again in a moment");
      return httplib::Server::HandlerResponse::Handled;
    }
    // DNS rebinding: a server on loopback answers only to loopback names.
    if (is_loopback_name(opts.host)) {
      std::string host = req.get_header_value("Host");
      if (!host.empty()) {
        std::string name = host;
        if (name.front() == '[') name = name.substr(0, name.find(']') + 1);
        else name = name.substr(0, name.find(':'));
        if (!is_loopback_name(lower(name))) {
          send_error(res, 403, "this server only answers requests addressed to 127.0.0.1 or localhost");
          return httplib::Server::HandlerResponse::Handled;
        }
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("serve: internal error: {}", what);
    send_error(res, 500, "internal error: " + what);
  });

  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 404: send_error(res, 404, "not found"); break;
      case 413: send_error(res, 413, "the request is too large"); break;
      case 400: send_error(res, 400, "bad request"); break;
      default: send_error(res, res.status, "the request failed (HTTP " + std::to_string(res.status) + ")"); break;
    }
    return httplib::Server::HandlerResponse::Handled;
  }));

  http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("serve: {} {} -> {} ({} bytes in, {} out)", req.method, req.path, res.status, req.body.size(),
                  res.body.size());
  });

  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(page_html(), "text/html; charset=utf-8");
  });
  http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, ojson{{"status", "ok"}});
  });
  http.Get("/api/rules", [this](const httplib::Request&, httplib::Response& res) {
    ojson j = run_json_head();
    ojson rules = ojson::array();
    for (const auto& r : engine->run_info().rules) {
      ojson o = report::to_json(r);  // id, title, category, summary
      o["doc"] = r.doc;
      o["why"] = r.why;
      o["fix"] = r.fix;
      rules.push_back(std::move(o));
    }
    j["rules"] = std::move(rules);
    send_json(res, 200, j);
  });
  http.Post("/api/audit", [this](const httplib::Request& req, httplib::Response& res) { handle_audit(req, res); });

  // 405 for the known paths with another method.
  struct Known {
    const char* path;
    const char* allow;
  };
  for (Known k : {Known{"/", "GET"}, Known{"/healthz", "GET"}, Known{"/api/rules", "GET"}, Known{"/api/audit", "POST"}}) {
    std::string allow = k.allow;
    auto not_allowed = [allow](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", allow);
      send_error(res, 405, "method not allowed; use " + allow);
    };
    if (allow == "GET") http.Post(k.path, not_allowed);
    else http.Get(k.path, not_allowed);
    http.Put(k.path, not_allowed);
    http.Delete(k.path, not_allowed);
    http.Patch(k.path, not_allowed);
  }
}

void Server::Impl::handle_audit(const httplib::Request& req, httplib::Response& res) {
  // The report format, checked before any work.
  std::string format = req.has_param("format") ? lower(req.get_param_value("format")) : "";
  const report::WriterEntry* writer = nullptr;
  if (!format.empty() && format != "api") {
    writer = report::writer_by_name(format);
    if (!writer) {
      std::string names;
      for (const auto* w : report::writers()) names += (names.empty() ? "" : ", ") + w->name;
      send_error(res, 400, "unknown report format '" + format + "'; use one of: " + names);
      return;
    }
  }

  // The input: text, JSON, an uploaded file, or raw bytes.
  std::string bytes, name, input_format;
  bool from_file = false;
  std::string ctype = lower(req.get_header_value("Content-Type"));
  std::string base = ctype.substr(0, ctype.find(';'));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  if (req.is_multipart_form_data()) {
    if (req.has_file("file") && !req.get_file_value("file").content.empty()) {
      const auto& f = req.get_file_value("file");
      bytes = f.content;
      name = clean_name(f.filename, "upload");
      from_file = true;
    } else if (req.has_file("text")) {
      bytes = req.get_file_value("text").content;
      name = "pasted text";
      input_format = "text";
    } else if (req.has_file("file")) {
      send_error(res, 400, "the uploaded file is empty");
      return;
    } else {
      send_error(res, 400, "no file: send the document in the form field \"file\"");
      return;
    }
  } else if (base == "application/json") {
    ojson j = ojson::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      send_error(res, 400, "the body is not a JSON object like {\"text\": \"...\"}");
      return;
    }
    if (!j.contains("text") || !j["text"].is_string()) {
      send_error(res, 400, "the JSON object needs a \"text\" string");
      return;
    }
    bytes = j["text"].get<std::string>();
    name = clean_name(j.value("name", std::string()), "pasted text");
    input_format = j.value("format", std::string("text"));
  } else {
    bytes = req.body;
    if (base.empty() || base == "text/plain") {
      name = clean_name(req.get_param_value("name"), "pasted text");
      input_format = "text";
    } else {
      name = clean_name(req.get_param_value("name"), "upload");
      from_file = true;
    }
  }
  if (req.has_param("input_format")) input_format = req.get_param_value("input_format");
  if (bytes.size() > opts.max_request_bytes) {
    send_error(res, 413, "the document is over the limit of " + std::to_string(opts.max_request_bytes) + " bytes");
    return;
  }
  if (std::all_of(bytes.begin(), bytes.end(), [](unsigned char c) { return std::isspace(c); })) {
    send_error(res, 400, from_file ? "the uploaded file is empty" : "nothing to audit: the text is empty");
    return;
  }

  const ingest::Reader* reader = nullptr;
  if (!input_format.empty() && input_format != "auto") {
    reader = ingest::reader_by_name(input_format);
    if (!reader) {
      send_error(res, 400, "unknown input format '" + input_format + "'");
      return;
    }
  } else {
    reader = ingest::detect(name, bytes);
  }
  if (auto why = unsupported_type(name, bytes, reader)) {
    send_error(res, 415, name + ": " + *why);
    return;
  }

  // Too many audits still running over their budget: refuse more for now.
  if (overtime->load() >= std::max(1, opts.threads)) {
    res.set_header("Retry-After", "5");
    send_error(res, 503, "the server is busy with long audits; try again shortly");
    return;
  }

  // Ingest and audit on a thread of its own, within the time budget.
  struct Job {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    bool abandoned = false;
    Outcome outcome;
  };
  auto job = std::make_shared<Job>();
  ingest::Options iopts;
  iopts.max_input_bytes = opts.max_request_bytes;
  iopts.max_member_bytes = std::max<std::size_t>(opts.max_request_bytes * 8, 64u << 20);
  iopts.max_pdf_pages = 500;
  auto eng = engine;
  auto over = overtime;
  std::thread([job, eng, over, reader, iopts, name, bytes = std::move(bytes)] {
    Outcome o;
    try {
      o = audit_bytes(*eng, reader, bytes, name, iopts);
    } catch (const std::exception& e) {
      o.status = 400;
      o.error = name + ": " + e.what();
    } catch (...) {
      o.status = 400;
      o.error = name + ": could not be read";
    }
    std::lock_guard lock(job->mu);
    job->outcome = std::move(o);
    job->done = true;
    if (job->abandoned) --*over;
    job->cv.notify_all();
  }).detach();
  {
    std::unique_lock lock(job->mu);
    if (!job->cv.wait_for(lock, std::chrono::seconds(std::max(1, opts.time_budget_seconds)), [&] { return job->done; })) {
      job->abandoned = true;
      ++*overtime;
      lock.unlock();
      send_error(res, 503,
                 "the audit took longer than " + std::to_string(opts.time_budget_seconds) +
                     " seconds; try a smaller document or run peeraudit audit on the command line");
      return;
    }
  }
  Outcome& out = job->outcome;
  if (out.status != 200) {
    send_error(res, out.status, out.error);
    return;
  }

  if (writer) {
    RunInfo run = engine->run_info();
    run.color = false;
    Summary summary;
    summary.input_errors = out.errors;
    summary.errors = out.errors.size();
    for (const auto& a : out.audits) {
      ++summary.documents;
      ++summary.by_verdict[static_cast<int>(a.verdict)];
      summary.findings += a.findings.size();
      summary.suppressed += a.suppressed.size();
      if (report::fails(a.verdict, run.fail_on)) ++summary.failed;
    }
    std::ostringstream os;
    auto w = writer->make(os);
    w->begin(run);
    for (const auto& a : out.audits) w->document(a);
    w->end(summary);
    WriterFormat wf = writer_format(writer->name);
    res.set_header("Content-Disposition", std::string("attachment; filename=\"peeraudit-report.") + wf.ext + "\"");
    res.status = 200;
    res.set_content(os.str(), wf.mime);
    return;
  }

  ojson j = run_json_head();
  ojson docs = ojson::array();
  for (const auto& a : out.audits) docs.push_back(report::to_json(a));
  j["documents"] = std::move(docs);
  ojson errs = ojson::array();
  for (const auto& e : out.errors) errs.push_back(report::to_json(e));
  j["errors"] = std::move(errs);
  send_json(res, 200, j);
}

Server::Server(ServeOptions opts) : impl_(std::make_unique<Impl>()) { impl_->opts = std::move(opts); }

Server::~Server() { stop(); }

bool Server::start(std::string& error) {
  auto& I = *impl_;
  if (I.started) return true;
  std::vector<std::string> errors;
  app::EngineOptions eo;
  eo.rules_dir = I.opts.rules_dir;
  std::shared_ptr<app::Engine> engine = app::Engine::load(eo, errors);
  if (!engine) {
    error = "cannot load the rules";
    for (const auto& e : errors) error += "\n" + e;
    return false;
  }
  I.engine = std::move(engine);
  I.routes();
  if (I.opts.port == 0) {
    I.bound_port = I.http.bind_to_any_port(I.opts.host);
    if (I.bound_port <= 0) {
      error = "cannot listen on " + I.opts.host + " (any port)";
      return false;
    }
  } else {
    if (!I.http.bind_to_port(I.opts.host, I.opts.port)) {
      error = "cannot listen on " + I.opts.host + ":" + std::to_string(I.opts.port) +
              " (in use, or not an address of this machine)";
      return false;
    }
    I.bound_port = I.opts.port;
  }
  I.started = true;
  I.listener = std::thread([&I] {
    I.http.listen_after_bind();
    std::lock_guard lock(I.stop_mu);
    I.stopped = true;
    I.stop_cv.notify_all();
  });
  return true;
}

int Server::port() const { return impl_->bound_port; }
const std::string& Server::host() const { return impl_->opts.host; }

void Server::stop() {
  auto& I = *impl_;
  if (!I.started) return;
  // listen_after_bind may not have set is_running yet; stop until it ends.
  for (;;) {
    I.http.stop();
    std::unique_lock lock(I.stop_mu);
    if (I.stop_cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return I.stopped; })) break;
  }
  if (I.listener.joinable()) I.listener.join();
  I.started = false;
}

void Server::wait() {
  auto& I = *impl_;
  std::unique_lock lock(I.stop_mu);
  I.stop_cv.wait(lock, [&] { return I.stopped || !I.started; });
}

int run_serve(const ServeOptions& opts) {
  // SIGINT/SIGTERM are taken by sigwait below; every thread inherits the mask.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  Server server(opts);
  std::string error;
  if (!server.start(error)) {
    std::cerr << "peeraudit: serve: " << error << "\n";
    return 2;
  }
  std::string host = opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
  std::cout << "peeraudit serving on http://" << host << ":" << server.port() << std::endl;
  if (!is_loopback_name(opts.host))
    std::cerr << "peeraudit: warning: listening on " << opts.host
              << ": anyone who can reach this address can send documents\n";
  int sig = 0;
  sigwait(&set, &sig);
  std::cerr << "peeraudit: serve: stopping\n";
  server.stop();
  return 0;
}

}  // namespace peeraudit::serve
