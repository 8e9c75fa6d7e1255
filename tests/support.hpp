// Helpers shared by the tests: temp folders, running the CLI, reading files.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "app/engine.hpp"
#include "ingest/reader.hpp"

namespace testing {

namespace fs = std::filesystem;

inline fs::path source_dir() { return fs::path(PEERAUDIT_SOURCE_DIR); }
inline fs::path shared_dir() { return source_dir().parent_path() / "shared"; }

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("peeraudit-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& content) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct RunResult {
  int code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the built peeraudit binary with `args` (a shell-quoted string).
inline RunResult run_cli(const std::string& args, const std::string& stdin_text = "") {
  TempDir tmp;
  fs::path out = tmp.path / "out", err = tmp.path / "err", in = tmp.write("in", stdin_text);
  std::string cmd = std::string("'") + PEERAUDIT_BINARY + "' " + args + " <'" + in.string() + "' >'" + out.string() +
                    "' 2>'" + err.string() + "'";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

inline const peeraudit::app::Engine& bundled_engine() {
  static std::unique_ptr<peeraudit::app::Engine> engine = [] {
    std::vector<std::string> errors;
    peeraudit::app::EngineOptions eo;
    eo.rules_dir = (source_dir() / "rulesets").string();
    auto e = peeraudit::app::Engine::load(eo, errors);
    if (!e) {
      std::string all;
      for (auto& x : errors) all += x + "\n";
      throw std::runtime_error("bundled rules do not load:\n" + all);
    }
    return e;
  }();
  return *engine;
}

// Reads text as a .txt document.
inline peeraudit::Document text_document(const std::string& text, const std::string& name = "test.txt") {
  auto res = peeraudit::ingest::reader_by_name("text")->read(text, name, {});
  return res.documents.at(0);
}

// The bundled corpus (corpora/, .txt and .md) and, when ../shared is beside
// the clone, the shared corpora (.txt), as text documents: the real
// documents the equivalence tests run their engines over.
inline std::vector<peeraudit::Document> corpus_documents() {
  std::vector<peeraudit::Document> out;
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "corpora")) {
    std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".txt" || ext == ".md"))
      out.push_back(text_document(slurp(e.path()), e.path().filename().string()));
  }
  fs::path shared = shared_dir() / "corpora";
  if (fs::is_directory(shared))
    for (const auto& e : fs::recursive_directory_iterator(shared))
      if (e.is_regular_file() && e.path().extension() == ".txt")
        out.push_back(text_document(slurp(e.path()), e.path().filename().string()));
  return out;
}

// The text readers' source map, done the slow way: an anchor at the start of
// every line (none for the empty "line" after a final newline) and at the
// first character at least 4 KiB after the previous anchor within a line;
// columns count characters (not UTF-8 continuation bytes); source offsets are
// text offsets plus `skip` (a BOM).
inline std::vector<peeraudit::Anchor> reference_anchors(const std::string& t, std::size_t skip) {
  std::vector<peeraudit::Anchor> out;
  peeraudit::Anchor a;
  a.source_offset = skip;
  a.line = 1;
  out.push_back(a);
  std::size_t last = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '\n') {
      ++a.line;
      a.column = 1;
      a.text_offset = i + 1;
      a.source_offset = skip + i + 1;
      if (i + 1 < t.size()) out.push_back(a);
      last = i + 1;
      continue;
    }
    if ((c & 0xC0) == 0x80) continue;
    if (i > a.text_offset) ++a.column;
    if (i - last >= 4096) {
      peeraudit::Anchor mid = a;
      mid.text_offset = i;
      mid.source_offset = skip + i;
      out.push_back(mid);
      last = i;
    }
  }
  return out;
}

}  // namespace testing
