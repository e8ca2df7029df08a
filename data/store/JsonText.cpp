#include "data/store/JsonText.h"

#include "data/store/StoreError.h"
#include "data/store/Text.h"

#include <algorithm>
#include <cctype>

namespace data {

namespace {

// "bad JSON at offset 14: syntax error while parsing value - invalid literal": the offset of the
// token the parser stopped in, and the parser's reason without the text it quotes.
std::string parseProblem(const std::string &text, const nlohmann::json::parse_error &e)
{
  std::size_t offset = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
  auto inToken = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.';
  };
  while (offset > 0 && inToken(text[offset - 1]))
    --offset;
  std::string reason = e.what();
  if (const std::size_t column = reason.find("column "); column != std::string::npos)
    if (const std::size_t colon = reason.find(": ", column); colon != std::string::npos)
      reason = reason.substr(colon + 2);
  reason = reason.substr(0, reason.find("; last read"));
  return "bad JSON at offset " + std::to_string(offset) + ": " + reason;
}

} // namespace

std::string jsonQuote(const std::string &text)
{
  // Valid runs are escaped by the library; each byte that is not UTF-8 becomes the escape
  // \ufffd, which any reader, ASCII-only ones included, shows as the replacement character.
  auto plain = [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x20 && b < 0x80 && c != '"' && c != '\\';
  };
  if (std::all_of(text.begin(), text.end(), plain)) return '"' + text + '"'; // nothing to escape
  std::string out = "\"";
  std::size_t run = 0;
  auto flush = [&](std::size_t end) {
    if (end == run) return;
    const std::string quoted = nlohmann::json(text.substr(run, end - run)).dump();
    out.append(quoted, 1, quoted.size() - 2);
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8CharLength(text, i);
    if (len > 0) {
      i += len;
      continue;
    }
    flush(i);
    out += "\\ufffd";
    run = ++i;
  }
  flush(text.size());
  return out + "\"";
}

std::string jsonNumber(double v)
{
  return nlohmann::json(v).dump();
}

std::string jsonText(const nlohmann::ordered_json &value)
{
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parseJson(const std::string &text)
{
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error &e) {
    // The parser refuses bytes that are not UTF-8 where the old reader kept them: read those as
    // U+FFFD rather than refuse a project an older program wrote.
    if (const std::string valid = validUtf8(text); valid != text) return parseJson(valid);
    throw StoreError(StoreError::Kind::Invalid, parseProblem(text, e));
  } catch (const nlohmann::json::exception &e) { // a number out of range
    throw StoreError(StoreError::Kind::Invalid, std::string("bad JSON: ") + e.what());
  }
}

} // namespace data
