#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// Just enough JSON for the store's own columns (attributes, layer field lists); plan files are
// parsed in layers/.
namespace data::json {

std::string quote(const std::string &utf8); // a JSON string literal, control characters escaped
std::string number(double v); // shortest round-trip form, always with '.' or 'e'; null if not finite

struct Node
{
  enum class Type { Null, Bool, Int, Real, String, Array, Object };
  // Declared here and defaulted in Json.cpp: clang with libstdc++ 12 in C++20 cannot check the
  // member vector of pair<string, Node> while Node is incomplete when this is implicit (the fuzz
  // build, tests/fuzz, is clang).
  Node();
  Type type = Type::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  double real = 0;
  std::string string;
  std::vector<Node> items;                           // Array
  std::vector<std::pair<std::string, Node>> members; // Object, in document order

  const Node *member(const std::string &key) const;
};

// Throws StoreError(Invalid) naming the offset and what was expected.
Node parse(const std::string &text);

} // namespace data::json
