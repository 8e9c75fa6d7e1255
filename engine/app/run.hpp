// The commands behind the CLI: audit a batch, evaluate against labels,
// explain one document. The CLI only parses arguments and calls these.
#pragma once

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "app/engine.hpp"
#include "ingest/reader.hpp"

namespace peeraudit::app {

struct AuditOptions {
  std::vector<std::string> paths;       // files, directories, "-" for stdin
  std::string files_from;               // file (or "-") listing paths, one per line
  std::string input_format;             // "" = detect
  ingest::Options ingest;
  std::string format = "text";          // for standard output (or --output)
  std::string output;                   // "" = standard output
  std::vector<std::pair<std::string, std::string>> reports;  // FORMAT=PATH
  std::string fail_on = "conflict";     // moratorium|conflict|review|never
  std::string color = "auto";           // never|always|auto
  bool by_clause = false;
  bool timestamp = false;
  bool quiet = false;
  int jobs = 0;                         // 0 = every core
  double doc_time_budget = 10.0;        // seconds per document; 0 = none
  std::string baseline;                 // previous JSON report: only new findings count
  std::string write_baseline;           // write this run's JSON report here too
};

// Exit code: 2 when some input could not be read, else 1 when a document
// reaches fail_on, else 0.
int run_audit(const Engine& engine, const AuditOptions& opts);

// Expands directories (recursively, sorted, skipping hidden entries, README
// files and files no reader claims) and keeps the given order otherwise.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths, std::vector<IngestError>& errors);

struct EvalOptions {
  std::vector<std::string> labels;  // labels.tsv files
  std::vector<std::string> docs;    // docs folder per labels file ("" = beside it, docs/)
  std::string format = "text";      // text|json
  bool context = true;
  std::string rules_dir;
};
int run_eval(const EvalOptions& opts, std::ostream& out);

// Streaming mode (`audit --jsonl`): JSONL documents on `in`, one JSON result
// per line on `out`, flushed per line, memory bounded by one document. A bad
// line gives {"row": N, "error": "..."} and the stream goes on.
int run_jsonl_stream(const Engine& engine, const AuditOptions& opts, std::istream& in, std::ostream& out);

int run_explain(const Engine& engine, const std::string& path, const AuditOptions& opts, std::ostream& out);

// True when `v` is at or above the fail_on level ("never" never fails).
bool reaches(Verdict v, const std::string& fail_on);

}  // namespace peeraudit::app
