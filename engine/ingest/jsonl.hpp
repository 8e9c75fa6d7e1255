// One JSONL row as a Document (or an error for that row), shared by the
// JSONL reader and the streaming mode (`audit --jsonl`).
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "ingest/reader.hpp"

namespace peeraudit::ingest {

// `ids` keeps ids unique across rows of one stream.
void read_jsonl_row(std::string_view line, int row, std::size_t line_start, const std::string& source,
                    const Options& opts, std::set<std::string>& ids, Result& res);

}  // namespace peeraudit::ingest
