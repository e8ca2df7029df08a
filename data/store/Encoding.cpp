#include "data/store/Encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>
#include <stdexcept>

namespace data {

namespace {

struct IconvCloser
{
  void operator()(iconv_t cd) const { iconv_close(cd); }
};
using Iconv = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

Iconv openToUtf8(const std::string &encoding)
{
  iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return nullptr;
  return Iconv(cd);
}

} // namespace

bool isValidUtf8(std::string_view s)
{
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string iconvEncodingName(const std::string &spelling)
{
  std::string s;
  for (char c : spelling)
    if (!std::isspace(static_cast<unsigned char>(c)))
      s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.empty()) return s;
  if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return (s == "65001") ? "UTF-8" : "CP" + s; // .cpg files often hold a bare code page number
  if (s == "UTF8") return "UTF-8";
  if (s == "BIG-5" || s == "BIG5") return "BIG5";
  if (s == "GB2312" || s == "EUC-CN")
    return "GB18030"; // superset; files labelled GB2312 often hold GBK characters
  if (s.rfind("ANSI", 0) == 0 && s.size() > 4 && std::isdigit(static_cast<unsigned char>(s[4])))
    return "CP" + s.substr(4); // ESRI's "ANSI 1251"
  return s;
}

bool isKnownEncoding(const std::string &spelling)
{
  const std::string name = iconvEncodingName(spelling);
  return !name.empty() && openToUtf8(name) != nullptr;
}

std::optional<std::string> toUtf8(std::string_view text, const std::string &encoding)
{
  const std::string name = iconvEncodingName(encoding);
  Iconv cd = openToUtf8(name);
  if (!cd) throw std::invalid_argument("unknown text encoding '" + encoding + "'");
  std::string out(text.size() * 4 + 4, '\0');
  char *in = const_cast<char *>(text.data()); // iconv's signature; it does not write the input
  std::size_t inLeft = text.size();
  char *dst = out.data();
  std::size_t outLeft = out.size();
  while (inLeft > 0) {
    if (iconv(cd.get(), &in, &inLeft, &dst, &outLeft) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        const std::size_t used = out.size() - outLeft;
        out.resize(out.size() * 2);
        dst = out.data() + used;
        outLeft = out.size() - used;
        continue;
      }
      return std::nullopt; // EILSEQ / EINVAL: not this encoding
    }
  }
  out.resize(out.size() - outLeft);
  return out;
}

} // namespace data
