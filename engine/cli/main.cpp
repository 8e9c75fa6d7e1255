// peeraudit command line: argument parsing and wiring, nothing else.
#include <CLI/CLI.hpp>
#include <iostream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/engine.hpp"
#include "app/run.hpp"
#include "ingest/reader.hpp"
#include "report/writer.hpp"
#include "serve/serve.hpp"

using namespace peeraudit;

namespace {

std::unique_ptr<app::Engine> load_engine(const std::string& rules_dir) {
  std::vector<std::string> errors;
  app::EngineOptions eo;
  eo.rules_dir = rules_dir;
  auto engine = app::Engine::load(eo, errors);
  for (const auto& e : errors) std::cerr << "peeraudit: " << e << "\n";
  return engine;
}

std::string names_of_writers() {
  std::string s;
  for (const auto* w : report::writers()) s += (s.empty() ? "" : "|") + w->name;
  return s;
}

std::string names_of_readers() {
  std::string s = "auto";
  for (const auto* r : ingest::readers()) s += "|" + std::string(r->name());
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("peeraudit");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("peeraudit: %l: %v");
  spdlog::set_level(spdlog::level::warn);

  CLI::App cli{"peeraudit: audits peer-specialist job postings, agency policies and contracts against the\n"
               "moratorium on placing peer specialists in coercive settings and duties.\n"
               "Each document gets a verdict (moratorium, conflict, review, clear) and findings that quote\n"
               "the evidence, say where it is, why it matters and what would fix it."};
  cli.set_version_flag("--version", std::string("peeraudit ") + PEERAUDIT_VERSION);
  cli.require_subcommand(1);
  std::string rules_dir;
  bool verbose = false;
  cli.add_option("--rules", rules_dir, "rulesets folder (default: the bundled rulesets/)");
  cli.add_flag("-v,--verbose", verbose, "debug logging on standard error");

  // audit ---------------------------------------------------------------
  app::AuditOptions ao;
  std::vector<std::string> reports;
  auto* audit = cli.add_subcommand("audit", "audit files, folders (recursively) or '-' for standard input");
  audit->add_option("paths", ao.paths, "files or folders; '-' reads standard input");
  audit->add_option("--files-from", ao.files_from, "read the paths to audit from FILE, one per line ('-': stdin)");
  audit->add_option("-f,--format", ao.format, "report format on standard output: " + names_of_writers())
      ->capture_default_str();
  audit->add_option("-o,--output", ao.output, "write the --format report to FILE (atomically) instead of stdout");
  audit->add_option("--report", reports, "also write FORMAT=PATH (repeatable), e.g. --report sarif=out.sarif")
      ->allow_extra_args(false);
  audit->add_option("--fail-on", ao.fail_on, "exit 1 when a document reaches this verdict")
      ->check(CLI::IsMember({"moratorium", "conflict", "review", "never"}))
      ->capture_default_str();
  audit->add_option("--color", ao.color, "colour in text reports")
      ->check(CLI::IsMember({"never", "always", "auto"}))
      ->capture_default_str();
  audit->add_option("--input-format", ao.input_format, "force the input format: " + names_of_readers());
  audit->add_option("--text-field", ao.ingest.text_field, "JSONL/CSV: field holding the text (default description, then text)");
  audit->add_option("--id-field", ao.ingest.id_field, "JSONL/CSV: field holding the id")->capture_default_str();
  audit->add_option("--title-field", ao.ingest.title_field, "JSONL/CSV: field holding the title")->capture_default_str();
  audit->add_option("--max-input-bytes", ao.ingest.max_input_bytes, "largest input file read")->capture_default_str();
  audit->add_option("--max-member-bytes", ao.ingest.max_member_bytes, "largest uncompressed DOCX/ODT member")
      ->capture_default_str();
  audit->add_option("--max-pdf-pages", ao.ingest.max_pdf_pages, "most PDF pages read")->capture_default_str();
  audit->add_option("--max-line-bytes", ao.ingest.max_line_bytes, "longest JSONL line / CSV record")->capture_default_str();
  audit->add_option("--doc-time-budget", ao.doc_time_budget, "seconds one document may take (0: no limit)")
      ->capture_default_str();
  audit->add_option("-j,--jobs", ao.jobs, "worker threads (default: every core); output order never changes");
  audit->add_flag("--by-clause", ao.by_clause, "one row per clause/section in formats that have tables");
  audit->add_flag("--timestamp", ao.timestamp, "put the time of the run in reports (off: reports are reproducible)");
  audit->add_flag("-q,--quiet", ao.quiet, "no progress bar");
  bool jsonl_stream = false;
  audit->add_flag("--jsonl", jsonl_stream,
                  "streaming mode: JSONL documents on standard input, one JSON result per line on standard output");
  audit->add_option("--baseline", ao.baseline, "a previous JSON report: report and fail only on findings not in it");
  audit->add_option("--write-baseline", ao.write_baseline, "also write this run's JSON report to FILE, for --baseline");
  audit->footer(
      "Exit codes: 0 no document reaches --fail-on; 1 one does; 2 some input could not be read\n"
      "(the rest of the batch is still audited).");

  // explain -------------------------------------------------------------
  std::string explain_path;
  auto* explain = cli.add_subcommand("explain", "show every candidate match in one document, kept or dropped, and why");
  explain->add_option("path", explain_path, "the document ('-' for standard input)")->required();
  explain->add_option("--input-format", ao.input_format, "force the input format: " + names_of_readers());

  // rules ---------------------------------------------------------------
  std::string doc_id;
  bool export_patterns = false;
  auto* rules = cli.add_subcommand("rules", "list the rules (id, verdict category, summary)");
  rules->add_option("--doc", doc_id, "print the full documentation of one rule");
  rules->add_flag("--export-patterns", export_patterns, "print every trigger pattern, one per line (for rg -f)");

  // test-rules ----------------------------------------------------------
  auto* test_rules = cli.add_subcommand("test-rules", "run every rule's own match / nomatch examples");

  // eval ----------------------------------------------------------------
  app::EvalOptions eo;
  bool no_context = false;
  auto* eval = cli.add_subcommand("eval", "compare verdicts and findings with labelled documents");
  eval->add_option("--labels", eo.labels, "labels.tsv (repeatable)")->required();
  eval->add_option("--docs", eo.docs, "folder of <id>.txt per labels file (default: docs/ beside it)");
  eval->add_option("--format", eo.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  eval->add_flag("--no-context", no_context, "switch all context handling off (the keyword baseline)");

  // serve ---------------------------------------------------------------
  serve::ServeOptions so;
  auto* serve_cmd = cli.add_subcommand("serve", "a local web page to paste or upload a document and see its audit");
  serve_cmd->add_option("--host", so.host, "address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", so.port, "port (0: pick a free one and print it)")->capture_default_str();
  serve_cmd->add_option("--max-request-bytes", so.max_request_bytes, "largest request accepted")->capture_default_str();
  serve_cmd->add_option("--threads", so.threads, "requests handled at once (more wait; a full queue gets 503)")
      ->check(CLI::Range(1, 256))->capture_default_str();
  serve_cmd->add_option("--time-budget", so.time_budget_seconds, "seconds one request may take")
      ->check(CLI::Range(1, 3600))->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (verbose) spdlog::set_level(spdlog::level::debug);

  try {
    if (*eval) {
      eo.context = !no_context;
      eo.rules_dir = rules_dir;
      return app::run_eval(eo, std::cout);
    }
    if (*serve_cmd) {
      so.rules_dir = rules_dir;
      return serve::run_serve(so);
    }
    auto engine = load_engine(rules_dir);
    if (!engine) return 2;
    spdlog::debug("rules from {} (ruleset {} {})", engine->rules_dir(), engine->run_info().ruleset_name,
                  engine->run_info().ruleset_version);
    if (*audit) {
      for (const auto& r : reports) {
        auto eq = r.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == r.size()) {
          std::cerr << "peeraudit: --report takes FORMAT=PATH (got '" << r << "')\n";
          return 2;
        }
        ao.reports.emplace_back(r.substr(0, eq), r.substr(eq + 1));
      }
      if (jsonl_stream) return app::run_jsonl_stream(*engine, ao, std::cin, std::cout);
      if (ao.paths.empty() && ao.files_from.empty()) {
        std::cerr << "peeraudit: audit needs at least one path (or '-' for standard input, or --files-from)\n";
        return 2;
      }
      return app::run_audit(*engine, ao);
    }
    if (*explain) return app::run_explain(*engine, explain_path, ao, std::cout);
    if (*rules) {
      const RunInfo& info = engine->run_info();
      if (export_patterns) {
        for (const auto& p : engine->trigger_patterns()) std::cout << "(?i)" << p << "\n";
        return 0;
      }
      if (!doc_id.empty()) {
        for (const auto& r : info.rules)
          if (r.id == doc_id) {
            std::cout << r.id << ": " << r.title << "\n"
                      << "verdict category: " << (r.sign == Sign::Positive ? "positive sign" : std::string(to_string(r.category)))
                      << "\n\n" << r.doc << "\n\nWhy it matters: " << r.why << "\n\nHow to fix it: " << r.fix << "\n";
            return 0;
          }
        std::cerr << "peeraudit: no rule '" << doc_id << "' (see: peeraudit rules)\n";
        return 2;
      }
      std::cout << "ruleset " << info.ruleset_name << " " << info.ruleset_version << " (" << info.rules.size()
                << " rules)\n";
      for (const auto& r : info.rules) {
        std::string cat = r.sign == Sign::Positive ? "positive" : std::string(to_string(r.category));
        std::cout << "  " << r.id << std::string(r.id.size() < 28 ? 28 - r.id.size() : 1, ' ') << cat
                  << std::string(cat.size() < 12 ? 12 - cat.size() : 1, ' ') << r.summary << "\n";
      }
      return 0;
    }
    if (*test_rules) {
      auto results = engine->test_examples();
      int failed = 0;
      for (const auto& r : results) {
        if (r.passed) continue;
        ++failed;
        std::cout << r.file << ":" << r.line << ": " << r.rule_id << ": "
                  << (r.should_match ? "should match but does not" : "should not match (" + r.why + ") but does")
                  << ": \"" << r.text << "\" -- " << r.detail << "\n";
      }
      std::cout << results.size() - failed << " passed, " << failed << " failed\n";
      return failed ? 1 : 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "peeraudit: internal error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
