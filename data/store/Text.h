#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace data {

// Text entering a store is valid UTF-8: PostgreSQL refuses anything else (a field copy holding it
// could never synchronise), and JSON and Qt readers cannot show it.

// The length of the valid UTF-8 sequence starting at byte `i` of `s`, 0 when it is not one.
std::size_t utf8CharLength(std::string_view s, std::size_t i);
// `s` with each byte that is not part of valid UTF-8 replaced by U+FFFD, for showing what an older
// program stored.
std::string validUtf8(std::string_view s);
// validUtf8(s) with control characters (tab, newline, …) shown as "?": fit for a one-line message.
std::string oneLine(std::string_view s);
// Throws StoreError(Invalid) "WHERE: FIELD is not valid UTF-8 text (byte 0xFF at 4)" unless `text`
// is valid UTF-8; the message shows no bytes of the text itself.
void requireUtf8(const std::string &where, const std::string &field, std::string_view text);
// Throws StoreError(Invalid) when `text` holds a control character (tab, newline, …).
void requireNoControl(const std::string &where, const std::string &field, std::string_view text);
// Characters (code points) in valid UTF-8.
std::size_t utf8Chars(std::string_view s);

} // namespace data
