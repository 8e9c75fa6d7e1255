// `peeraudit serve` in-process: the server on 127.0.0.1, a free port, and
// httplib::Client against it. Loopback only; every request is small or
// bounded by the server's own limit.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "serve/serve.hpp"

using peeraudit::serve::Server;
using peeraudit::serve::ServeOptions;

namespace {

const char* kInpatient =
    "Peer Support Specialist\n\nDuties\nProvides peer support on the acute inpatient psychiatric unit.\n";

// A zip built in memory with libzip.
std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(src != nullptr);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  REQUIRE(z != nullptr);
  for (const auto& [name, data] : members) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    REQUIRE(s != nullptr);
    REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
  std::string bytes;
  REQUIRE(zip_source_open(src) == 0);
  char buf[4096];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<std::size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&error);
  return bytes;
}

std::string minimal_docx(const std::vector<std::string>& paragraphs) {
  std::string body;
  for (const auto& p : paragraphs) body += "<w:p><w:r><w:t xml:space=\"preserve\">" + p + "</w:t></w:r></w:p>";
  return zip_bytes({
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>)"},
      {"word/document.xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
           body + "</w:body></w:document>"},
  });
}

struct Running {
  Server server;
  explicit Running(ServeOptions o = {}) : server([&] {
      o.host = "127.0.0.1";
      o.port = 0;
      return o;
    }()) {
    std::string error;
    REQUIRE(server.start(error));
    REQUIRE(server.port() > 0);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server.port());
    c.set_connection_timeout(5);
    c.set_read_timeout(20);
    c.set_write_timeout(20);
    return c;
  }
};

nlohmann::json body_json(const httplib::Result& r) {
  REQUIRE(r);
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("serve: healthz, rules, the page, security headers, 404 and 405", "[serve]") {
  Running s;
  auto c = s.client();

  auto h = c.Get("/healthz");
  REQUIRE(h);
  CHECK(h->status == 200);
  CHECK(body_json(h)["status"] == "ok");
  CHECK(h->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(h->get_header_value("Content-Security-Policy").find("default-src 'self' 'unsafe-inline'") == 0);

  auto r = c.Get("/api/rules");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto rules = body_json(r)["rules"];
  REQUIRE(rules.size() >= 16);
  bool inpatient = false;
  for (auto& rule : rules) {
    for (const char* k : {"id", "title", "category", "summary", "doc", "why", "fix"}) CHECK(rule.contains(k));
    if (rule["id"] == "setting.inpatient") inpatient = rule["category"] == "moratorium" && !rule["fix"].get<std::string>().empty();
  }
  CHECK(inpatient);

  auto page = c.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(page->body.find("<textarea id=\"text\"") != std::string::npos);
  CHECK(page->body.find("http://") == std::string::npos);   // no network resources
  CHECK(page->body.find("https://") == std::string::npos);
  CHECK(page->body.find("innerHTML") == std::string::npos);

  auto missing = c.Get("/no/such/page");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(body_json(missing).contains("error"));

  auto wrong = c.Get("/api/audit");
  REQUIRE(wrong);
  CHECK(wrong->status == 405);
  CHECK(wrong->get_header_value("Allow") == "POST");
  CHECK(body_json(wrong).contains("error"));
}

TEST_CASE("serve: pasted text gets the verdict and findings the CLI gives", "[serve]") {
  Running s;
  auto c = s.client();
  auto r = c.Post("/api/audit", kInpatient, "text/plain");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto j = body_json(r);
  CHECK(j["tool"]["name"] == "peeraudit");
  CHECK(j["ruleset"].contains("version"));
  CHECK(j["errors"].empty());
  REQUIRE(j["documents"].size() == 1);
  auto d = j["documents"][0];
  CHECK(d["verdict"] == "moratorium");
  REQUIRE_FALSE(d["findings"].empty());
  auto f = d["findings"][0];
  CHECK(f["criterion"] == "setting.inpatient");
  CHECK(f["location"]["section"] == "Duties");
  // The span indexes the text as sent (what the page highlights).
  std::string text = kInpatient;
  std::size_t b = f["span"]["begin"], e = f["span"]["end"];
  REQUIRE(e <= text.size());
  CHECK(text.substr(b, e - b) == f["evidence"].get<std::string>());
  CHECK_FALSE(f["why"].get<std::string>().empty());
  CHECK_FALSE(f["fix"].get<std::string>().empty());

  // The same through JSON.
  nlohmann::json in = {{"text", kInpatient}, {"name", "posting.txt"}};
  auto rj = c.Post("/api/audit", in.dump(), "application/json");
  REQUIRE(rj);
  CHECK(rj->status == 200);
  CHECK(body_json(rj)["documents"][0]["verdict"] == "moratorium");
  CHECK(body_json(rj)["documents"][0]["source"] == "posting.txt");

  // A clear posting is clear.
  auto clear = c.Post("/api/audit", "Peer Support Specialist\n\nDuties\nLeads a weekly wellness group at the drop-in center.\n",
                      "text/plain");
  REQUIRE(clear);
  CHECK(body_json(clear)["documents"][0]["verdict"] == "clear");
}

TEST_CASE("serve: a DOCX upload (multipart) is read from memory and audited", "[serve]") {
  Running s;
  auto c = s.client();
  std::string docx = minimal_docx({"Peer Support Specialist", "Duties",
                                   "Ensures members take their medications as prescribed."});
  httplib::MultipartFormDataItems items = {
      {"file", docx, "posting.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}};
  auto r = c.Post("/api/audit", items);
  REQUIRE(r);
  CHECK(r->status == 200);
  auto j = body_json(r);
  REQUIRE(j["documents"].size() == 1);
  CHECK(j["documents"][0]["format"] == "docx");
  CHECK(j["documents"][0]["source"] == "posting.docx");
  CHECK(j["documents"][0]["verdict"] == "conflict");
  REQUIRE_FALSE(j["documents"][0]["findings"].empty());
  CHECK(j["documents"][0]["findings"][0]["criterion"] == "duty.medication");
}

TEST_CASE("serve: bad input gets 400, 413 or 415 with a JSON error, never 500", "[serve]") {
  ServeOptions o;
  o.max_request_bytes = 64 * 1024;
  Running s(o);
  auto c = s.client();
  auto error_of = [](const httplib::Result& r) { return body_json(r)["error"].get<std::string>(); };

  auto empty = c.Post("/api/audit", "", "text/plain");
  REQUIRE(empty);
  CHECK(empty->status == 400);
  CHECK(error_of(empty).find("empty") != std::string::npos);

  auto blank = c.Post("/api/audit", "  \n\t\n", "text/plain");
  REQUIRE(blank);
  CHECK(blank->status == 400);

  auto bad_json = c.Post("/api/audit", "{\"text\": ", "application/json");
  REQUIRE(bad_json);
  CHECK(bad_json->status == 400);
  auto no_text = c.Post("/api/audit", "{\"name\": \"x\"}", "application/json");
  REQUIRE(no_text);
  CHECK(no_text->status == 400);

  auto big = c.Post("/api/audit", std::string(100 * 1024, 'a'), "text/plain");
  REQUIRE(big);
  CHECK(big->status == 413);
  CHECK(error_of(big).find("too large") != std::string::npos);

  // An image is a type no reader takes: 415, with a message that says what is read.
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 29);
  auto image = c.Post("/api/audit", httplib::MultipartFormDataItems{{"file", png, "photo.png", "image/png"}});
  REQUIRE(image);
  CHECK(image->status == 415);
  CHECK(error_of(image).find(".docx") != std::string::npos);

  // A zip that is not a DOCX/ODT: 415. A .docx that is not a zip: 400 (unreadable).
  std::string zip = zip_bytes({{"notes.txt", "hello"}});
  auto archive = c.Post("/api/audit", httplib::MultipartFormDataItems{{"file", zip, "notes.zip", "application/zip"}});
  REQUIRE(archive);
  CHECK(archive->status == 415);
  auto broken = c.Post("/api/audit", httplib::MultipartFormDataItems{
                                         {"file", std::string("PK\x03\x04word/ broken", 16), "x.docx", ""}});
  REQUIRE(broken);
  CHECK(broken->status == 400);

  auto no_file = c.Post("/api/audit", httplib::MultipartFormDataItems{{"other", "x", "", ""}});
  REQUIRE(no_file);
  CHECK(no_file->status == 400);

  auto bad_format = c.Post("/api/audit?format=pptx", kInpatient, "text/plain");
  REQUIRE(bad_format);
  CHECK(bad_format->status == 400);

  // The server still answers.
  auto h = c.Get("/healthz");
  REQUIRE(h);
  CHECK(h->status == 200);
}

TEST_CASE("serve: reports by format, as attachments, escaped", "[serve]") {
  Running s;
  auto c = s.client();
  auto csv = c.Post("/api/audit?format=csv", kInpatient, "text/plain");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type").find("text/csv") == 0);
  CHECK(csv->get_header_value("Content-Disposition").find("attachment") == 0);
  CHECK(csv->body.find("moratorium") != std::string::npos);

  std::string hostile = std::string(kInpatient) + "Apply at <script>alert(1)</script> today.\n";
  auto html = c.Post("/api/audit?format=html", hostile, "text/plain");
  REQUIRE(html);
  CHECK(html->status == 200);
  CHECK(html->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(html->get_header_value("Content-Disposition").find("peeraudit-report.html") != std::string::npos);
  CHECK(html->body.find("<script>alert(1)</script>") == std::string::npos);
  CHECK(html->body.find("Moratorium") != std::string::npos);

  for (const char* f : {"json", "markdown", "sarif"}) {
    auto r = c.Post(std::string("/api/audit?format=") + f, kInpatient, "text/plain");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("setting.inpatient") != std::string::npos);
  }
  auto j = nlohmann::json::parse(c.Post("/api/audit?format=json", kInpatient, "text/plain")->body);
  CHECK(j["documents"][0]["verdict"] == "moratorium");
}

TEST_CASE("serve: concurrent requests on a small pool all get an answer", "[serve]") {
  ServeOptions o;
  o.threads = 2;
  o.max_queued = 2;
  Running s(o);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0}, busy{0}, other{0};
  for (int i = 0; i < 12; ++i)
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", s.server.port());
      c.set_read_timeout(20);
      auto r = c.Post("/api/audit", kInpatient, "text/plain");
      if (r && r->status == 200) ++ok;
      else if (r && r->status == 503) ++busy;
      else ++other;
    });
  for (auto& t : clients) t.join();
  CHECK(other == 0);
  CHECK(ok + busy == 12);
  CHECK(ok >= 2);
}

TEST_CASE("serve: a taken port is an error, not a crash, and stop may be called twice", "[serve]") {
  Running a;
  ServeOptions o;
  o.host = "127.0.0.1";
  o.port = a.server.port();
  Server b(o);
  std::string error;
  CHECK_FALSE(b.start(error));
  CHECK(error.find("cannot listen") != std::string::npos);
  a.server.stop();
  a.server.stop();  // twice is fine
}
