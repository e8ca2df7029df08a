#include "data/store/Json.h"

#include "data/store/StoreError.h"
#include "data/store/Text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace data::json {

Node::Node() = default;

std::string quote(const std::string &utf8)
{
  std::string out = "\"";
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x80) {
      // Bytes an older program stored that are not UTF-8 print as U+FFFD: the output stays JSON.
      const std::size_t len = utf8CharLength(utf8, i);
      if (len == 0) {
        out += "\\ufffd";
      } else {
        out.append(utf8, i, len);
        i += len - 1;
      }
      continue;
    }
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  return out;
}

std::string number(double v)
{
  if (!std::isfinite(v)) return "null";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

const Node *Node::member(const std::string &key) const
{
  for (const auto &[k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

namespace {

class Parser
{
public:
  explicit Parser(const std::string &text)
      : mText(text)
  {
  }

  Node document()
  {
    Node n = value(0);
    skipSpace();
    if (mPos != mText.size()) fail("end of text");
    return n;
  }

private:
  [[noreturn]] void fail(const std::string &expected) const
  {
    throw StoreError(StoreError::Kind::Invalid,
                     "bad JSON at offset " + std::to_string(mPos) + ": expected " + expected);
  }

  void skipSpace()
  {
    while (mPos < mText.size() &&
           (mText[mPos] == ' ' || mText[mPos] == '\n' || mText[mPos] == '\r' || mText[mPos] == '\t'))
      ++mPos;
  }

  bool consume(char c)
  {
    skipSpace();
    if (mPos < mText.size() && mText[mPos] == c) {
      ++mPos;
      return true;
    }
    return false;
  }

  bool literal(const char *word)
  {
    const std::string w(word);
    if (mText.compare(mPos, w.size(), w) != 0) return false;
    mPos += w.size();
    return true;
  }

  Node value(int depth)
  {
    if (depth > 64) fail("less nesting");
    skipSpace();
    if (mPos >= mText.size()) fail("a value");
    Node n;
    const char c = mText[mPos];
    if (c == '{') {
      ++mPos;
      n.type = Node::Type::Object;
      if (consume('}')) return n;
      do {
        skipSpace();
        if (mPos >= mText.size() || mText[mPos] != '"') fail("a quoted key");
        std::string key = string();
        if (!consume(':')) fail("':'");
        n.members.emplace_back(std::move(key), value(depth + 1));
      } while (consume(','));
      if (!consume('}')) fail("',' or '}'");
    } else if (c == '[') {
      ++mPos;
      n.type = Node::Type::Array;
      if (consume(']')) return n;
      do {
        n.items.push_back(value(depth + 1));
      } while (consume(','));
      if (!consume(']')) fail("',' or ']'");
    } else if (c == '"') {
      n.type = Node::Type::String;
      n.string = string();
    } else if (literal("null")) {
      n.type = Node::Type::Null;
    } else if (literal("true")) {
      n.type = Node::Type::Bool;
      n.boolean = true;
    } else if (literal("false")) {
      n.type = Node::Type::Bool;
    } else {
      numberValue(n);
    }
    return n;
  }

  void numberValue(Node &n)
  {
    const std::size_t start = mPos;
    bool isReal = false;
    if (mPos < mText.size() && mText[mPos] == '-') ++mPos;
    while (mPos < mText.size()) {
      const char c = mText[mPos];
      if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && mPos > start))
        isReal = true;
      else if (c < '0' || c > '9')
        break;
      ++mPos;
    }
    const char *first = mText.data() + start, *last = mText.data() + mPos;
    if (first == last || (last - first == 1 && *first == '-')) {
      mPos = start;
      fail("a value");
    }
    if (!isReal) {
      const auto res = std::from_chars(first, last, n.integer);
      if (res.ec == std::errc() && res.ptr == last) {
        n.type = Node::Type::Int;
        return;
      }
    }
    const auto res = std::from_chars(first, last, n.real);
    if (res.ec != std::errc() || res.ptr != last) {
      mPos = start;
      fail("a number");
    }
    n.type = Node::Type::Real;
  }

  unsigned hex4()
  {
    if (mPos + 4 > mText.size()) fail("4 hex digits");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = mText[mPos++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
      else
        fail("a hex digit");
    }
    return v;
  }

  static void appendUtf8(std::string &out, unsigned cp)
  {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string()
  {
    ++mPos; // opening quote
    std::string out;
    while (true) {
      if (mPos >= mText.size()) fail("closing '\"'");
      const char c = mText[mPos++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("no raw control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (mPos >= mText.size()) fail("an escape");
      const char e = mText[mPos++];
      switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned cp = hex4();
        if (cp >= 0xD800 && cp < 0xDC00) {
          if (!literal("\\u")) fail("a low surrogate");
          const unsigned lo = hex4();
          if (lo < 0xDC00 || lo > 0xDFFF) fail("a low surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          fail("a high surrogate first");
        }
        appendUtf8(out, cp);
        break;
      }
      default:
        --mPos;
        fail("a valid escape");
      }
    }
  }

  const std::string &mText;
  std::size_t mPos = 0;
};

} // namespace

Node parse(const std::string &text)
{
  return Parser(text).document();
}

} // namespace data::json
