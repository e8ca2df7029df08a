#include "data/store/Text.h"

#include "data/store/Encoding.h"
#include "data/store/StoreError.h"

#include <cstdio>

namespace data {

std::size_t utf8CharLength(std::string_view s, std::size_t i)
{
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size() || !isValidUtf8(s.substr(i, len))) return 0;
  return len;
}

std::string validUtf8(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8CharLength(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string oneLine(std::string_view s)
{
  std::string out = validUtf8(s);
  for (char &c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return out;
}

void requireUtf8(const std::string &where, const std::string &field, std::string_view text)
{
  if (isValidUtf8(text)) return;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8CharLength(text, i);
    if (len == 0) {
      char buf[48];
      std::snprintf(buf, sizeof buf, " (byte 0x%02X at %zu)", static_cast<unsigned char>(text[i]), i + 1);
      throw StoreError(StoreError::Kind::Invalid, where + ": " + field + " is not valid UTF-8 text" + buf);
    }
    i += len;
  }
}

void requireNoControl(const std::string &where, const std::string &field, std::string_view text)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // C0 controls, DEL, and the C1 controls U+0080–U+009F (0xC2 0x80–0x9F in UTF-8).
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (c < 0x20 || c == 0x7F || c1)
      throw StoreError(StoreError::Kind::Invalid,
                       where + ": " + field + " holds a control character at " + std::to_string(i + 1));
  }
}

std::size_t utf8Chars(std::string_view s)
{
  std::size_t n = 0;
  for (char c : s)
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

} // namespace data
