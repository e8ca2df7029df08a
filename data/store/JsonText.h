#pragma once

#include <nlohmann/json.hpp>

#include <string>

// The store's JSON texts (feature attributes, layer field lists, change notifications) through
// nlohmann/json, with the two rules the store keeps for them.
namespace data {

// A JSON string literal of `text`; bytes that are not UTF-8 (an older program stored them) print
// as U+FFFD, so the output stays JSON.
std::string jsonQuote(const std::string &text);
// A JSON number: shortest round-trip form, always with '.' or 'e'; null when not finite.
std::string jsonNumber(double v);
// `value` as compact JSON text, strings treated as jsonQuote treats them.
std::string jsonText(const nlohmann::ordered_json &value);

// Parses a stored JSON text. Bytes that are not UTF-8 read as U+FFFD, so what an older program
// stored still opens. Throws StoreError(Invalid) "bad JSON: …".
nlohmann::json parseJson(const std::string &text);

} // namespace data
