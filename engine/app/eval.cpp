// peeraudit eval: verdicts and findings against labelled documents.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "app/run.hpp"
#include "report/json_model.hpp"

namespace peeraudit::app {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_tab(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == '\t') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : (fn ? 0.0 : 1.0); }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct Wrong {
  std::string id, expected, got, why;
};

}  // namespace

int run_eval(const EvalOptions& opts, std::ostream& out) {
  std::vector<std::string> errors;
  EngineOptions eo;
  eo.rules_dir = opts.rules_dir;
  eo.context = opts.context;
  auto engine = Engine::load(eo, errors);
  if (!engine) {
    for (const auto& e : errors) std::cerr << "peeraudit: " << e << "\n";
    return 2;
  }
  std::vector<std::string> criteria;
  std::map<std::string, Counts> counts;
  int confusion[4][4] = {};
  int total = 0, correct = 0, read_errors = 0;
  std::vector<Wrong> wrong;
  ingest::Options iopts;
  for (std::size_t li = 0; li < opts.labels.size(); ++li) {
    const std::string& labels = opts.labels[li];
    std::string docs = li < opts.docs.size() && !opts.docs[li].empty()
                           ? opts.docs[li]
                           : (fs::path(labels).parent_path() / "docs").string();
    std::ifstream in(labels);
    if (!in) {
      std::cerr << "peeraudit: " << labels << ": cannot read labels\n";
      return 2;
    }
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header = split_tab(line);
    int line_no = 1;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      std::vector<std::string> cols = split_tab(line);
      if (cols.size() < header.size() - 1) {
        std::cerr << "peeraudit: " << labels << ":" << line_no << ": expected " << header.size() << " columns\n";
        ++read_errors;
        continue;
      }
      std::string id = cols[0];
      std::string path = (fs::path(docs) / (id + ".txt")).string();
      ingest::Result res = ingest::read_path(path, "", iopts);
      if (res.documents.empty()) {
        for (const auto& e : res.errors) std::cerr << "peeraudit: " << e.display() << "\n";
        ++read_errors;
        continue;
      }
      Audit a = engine->audit(res.documents.front());
      std::map<std::string, const Finding*> found;
      for (const auto* list : {&a.findings, &a.notes})
        for (const auto& f : *list)
          if (!f.weak && !found.count(f.criterion)) found[f.criterion] = &f;
      std::string expected_verdict;
      for (std::size_t c = 1; c < header.size() && c < cols.size(); ++c) {
        const std::string& name = header[c];
        if (name == "verdict") {
          expected_verdict = cols[c];
          continue;
        }
        if (name == "evidence" || name.find('.') == std::string::npos) continue;
        if (!counts.count(name)) criteria.push_back(name);
        bool label = cols[c] == "1";
        bool got = found.count(name) > 0;
        Counts& k = counts[name];
        if (label && got) ++k.tp;
        else if (!label && got) {
          ++k.fp;
          wrong.push_back({id, "no " + name, name, "'" + found[name]->evidence + "' at " +
                                                      found[name]->location.display() + " [" +
                                                      found[name]->location.section_kind + "]"});
        } else if (label && !got) {
          ++k.fn;
          wrong.push_back({id, name, "no " + name, "missed"});
        } else ++k.tn;
      }
      auto ev = verdict_from_string(expected_verdict);
      if (ev) {
        ++total;
        confusion[static_cast<int>(*ev)][static_cast<int>(a.verdict)]++;
        if (*ev == a.verdict) ++correct;
        else wrong.push_back({id, "verdict " + expected_verdict, "verdict " + std::string(to_string(a.verdict)), ""});
      }
    }
  }
  double accuracy = total ? double(correct) / total : 0.0;
  if (opts.format == "json") {
    report::ojson j;
    j["context"] = opts.context;
    j["documents"] = total;
    j["verdict_accuracy"] = accuracy;
    report::ojson per = report::ojson::object();
    for (const auto& c : criteria) {
      const Counts& k = counts[c];
      per[c] = {{"tp", k.tp}, {"fp", k.fp}, {"fn", k.fn}, {"tn", k.tn},
                {"precision", k.precision()}, {"recall", k.recall()}, {"f1", k.f1()}};
    }
    j["criteria"] = per;
    report::ojson m = report::ojson::object();
    for (int e = 3; e >= 0; --e) {
      report::ojson row = report::ojson::object();
      for (int g = 3; g >= 0; --g) row[std::string(to_string(static_cast<Verdict>(g)))] = confusion[e][g];
      m[std::string(to_string(static_cast<Verdict>(e)))] = row;
    }
    j["confusion"] = m;
    report::ojson w = report::ojson::array();
    for (const auto& x : wrong) w.push_back({{"id", x.id}, {"expected", x.expected}, {"got", x.got}, {"evidence", x.why}});
    j["wrong"] = w;
    j["read_errors"] = read_errors;
    out << j.dump(2) << "\n";
    return read_errors ? 2 : 0;
  }
  out << "Wrong (" << wrong.size() << "):\n";
  for (const auto& x : wrong)
    out << "  " << x.id << ": expected " << x.expected << ", got " << x.got << (x.why.empty() ? "" : ": " + x.why) << "\n";
  out << "\nVerdict confusion (rows: expected, columns: got)\n";
  out << std::left << std::setw(12) << "" ;
  for (int g = 3; g >= 0; --g) out << std::right << std::setw(11) << to_string(static_cast<Verdict>(g));
  out << "\n";
  for (int e = 3; e >= 0; --e) {
    out << std::left << std::setw(12) << to_string(static_cast<Verdict>(e));
    for (int g = 3; g >= 0; --g) out << std::right << std::setw(11) << confusion[e][g];
    out << "\n";
  }
  out << "\n" << std::left << std::setw(28) << "criterion" << std::right << std::setw(5) << "TP" << std::setw(5) << "FP"
      << std::setw(5) << "FN" << std::setw(8) << "prec" << std::setw(8) << "recall" << std::setw(8) << "F1" << "\n";
  out << std::fixed << std::setprecision(2);
  for (const auto& c : criteria) {
    const Counts& k = counts[c];
    out << std::left << std::setw(28) << c << std::right << std::setw(5) << k.tp << std::setw(5) << k.fp << std::setw(5)
        << k.fn << std::setw(8) << k.precision() << std::setw(8) << k.recall() << std::setw(8) << k.f1() << "\n";
  }
  out << "\ncontext " << (opts.context ? "on" : "off (keyword baseline)") << "; documents " << total
      << "; verdict accuracy " << correct << "/" << total << " = " << accuracy << "\n";
  if (read_errors) out << "unreadable documents: " << read_errors << "\n";
  return read_errors ? 2 : 0;
}

}  // namespace peeraudit::app
