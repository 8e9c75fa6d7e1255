// Sentence spans of a document's text: a line break ends a sentence (bullets
// and list items stay separate) unless the line runs on into a lower-case
// continuation; '.', '!' and '?' end one when a space and a capital, digit or
// bullet follow (common abbreviations excepted).
#pragma once

#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace peeraudit::match {

std::vector<Span> split_sentences(std::string_view text);
// The sentence holding `offset` (binary search over sorted spans).
Span sentence_at(const std::vector<Span>& sentences, std::size_t offset);

}  // namespace peeraudit::match
