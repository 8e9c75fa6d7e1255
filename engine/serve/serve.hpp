// `peeraudit serve`: a local web server (cpp-httplib) with one page for
// people who do not use a terminal: paste a posting or upload a file, see the
// verdict and the findings, download the report.
//
// Endpoints (every error is JSON {"error": "..."}):
//   GET  /             the page (self-contained: no network resources)
//   POST /api/audit    text/plain body, application/json {"text","name","format"},
//                      multipart/form-data with field "file", or raw bytes
//                      (?name= gives the file name for detection).
//                      -> {"tool","ruleset","documents":[to_json(Audit)],"errors"}
//                      ?format=html|csv|json|markdown|sarif|... -> that report
//                      as an attachment, from the registered writers.
//   GET  /api/rules    every rule: id, title, category, summary, doc, why, fix
//   GET  /healthz      {"status":"ok"}
// Status codes: 400 bad input (empty, unreadable, no text), 413 over
// max_request_bytes, 415 a file type no reader takes (images, archives that
// are not DOCX/ODT, old .doc), 404, 405, 503 busy or over the time budget.
// Bad input never gives 500. Uploads are parsed from memory, never written
// to disk.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace peeraudit::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                               // 0 = pick a free port
  std::string rules_dir;                         // "" = the default rules
  std::size_t max_request_bytes = 20u << 20;     // whole request body
  int time_budget_seconds = 10;                  // socket read/write timeouts and the audit itself
  int threads = 4;                               // requests handled at once
  int max_queued = 0;                            // connections waiting for a thread (0 = 4 x threads); then 503
};

// The server, for run_serve and for tests that run it in-process.
class Server {
 public:
  explicit Server(ServeOptions opts);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the rules, binds and starts serving on a background thread.
  // False (with `error` set) when the rules do not load or the port cannot
  // be bound.
  bool start(std::string& error);
  int port() const;          // the bound port (useful with port 0)
  const std::string& host() const;
  void stop();               // stops listening, finishes requests in progress
  void wait();               // blocks until the server stops

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Serves until interrupted (SIGINT / SIGTERM). Prints
// "peeraudit serving on http://HOST:PORT" on standard output once listening.
// Returns 0 on a clean stop, 2 when it cannot start.
int run_serve(const ServeOptions& opts);

// The page served at "/".
const std::string& page_html();

}  // namespace peeraudit::serve
