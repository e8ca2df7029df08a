#include "data/store/Model.h"

#include "data/store/Json.h"
#include "data/store/StoreError.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace data {

namespace {

constexpr std::array kRoleNames{"planner", "engineer", "leader"};
constexpr std::array kStatusNames{"planned", "in_progress", "completed", "accepted"};
constexpr std::array kEventKindNames{"status", "stretch", "correction", "retraction"};
constexpr std::array kTargetKindNames{"count", "length", "area", "attribute_sum", "ratio", "indicator"};
constexpr std::array kComparatorSymbols{">=", "<=", "=="};
static_assert(kTargetKindNames.size() == kTargetKindCount && kComparatorSymbols.size() == kComparatorCount);

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char *, N> &names, const std::string &s)
{
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

} // namespace

const char *roleName(Role r)
{
  return kRoleNames.at(static_cast<std::size_t>(r));
}

std::optional<Role> roleFromName(const std::string &s)
{
  return fromName<Role>(kRoleNames, s);
}

const char *statusName(Status s)
{
  return kStatusNames.at(static_cast<std::size_t>(s));
}

std::optional<Status> statusFromName(const std::string &s)
{
  return fromName<Status>(kStatusNames, s);
}

const char *targetKindName(TargetKind k)
{
  return kTargetKindNames.at(static_cast<std::size_t>(k));
}

std::optional<TargetKind> targetKindFromName(const std::string &s)
{
  return fromName<TargetKind>(kTargetKindNames, s);
}

const char *comparatorSymbol(Comparator c)
{
  return kComparatorSymbols.at(static_cast<std::size_t>(c));
}

std::optional<Comparator> comparatorFromSymbol(const std::string &s)
{
  return fromName<Comparator>(kComparatorSymbols, s);
}

const char *eventKindName(EventKind k)
{
  return kEventKindNames.at(static_cast<std::size_t>(k));
}

std::optional<EventKind> eventKindFromName(const std::string &s)
{
  return fromName<EventKind>(kEventKindNames, s);
}

std::string valueToString(const Value &v)
{
  if (const auto *i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto *d = std::get_if<double>(&v)) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, res.ptr);
  }
  if (const auto *s = std::get_if<std::string>(&v)) return *s;
  return {};
}

std::optional<double> valueToDouble(const Value &v)
{
  if (const auto *i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto *d = std::get_if<double>(&v)) return *d;
  if (const auto *s = std::get_if<std::string>(&v)) {
    // Numbers typed as text (imports, CSV) still count; anything else is not a number.
    const char *begin = s->c_str();
    while (*begin == ' ')
      ++begin;
    if (!*begin) return std::nullopt;
    char *end = nullptr;
    const double d = std::strtod(begin, &end);
    while (end && *end == ' ')
      ++end;
    if (end && *end == '\0' && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

std::string attributesToJson(const Attributes &a)
{
  std::string out = "{";
  for (const auto &[key, value] : a) {
    if (out.size() > 1) out += ',';
    out += json::quote(key);
    out += ':';
    if (const auto *i = std::get_if<std::int64_t>(&value))
      out += std::to_string(*i);
    else if (const auto *d = std::get_if<double>(&value))
      out += json::number(*d);
    else if (const auto *s = std::get_if<std::string>(&value))
      out += json::quote(*s);
    else
      out += "null";
  }
  out += '}';
  return out;
}

Attributes attributesFromJson(const std::string &text)
{
  const json::Node doc = json::parse(text);
  if (doc.type != json::Node::Type::Object)
    throw StoreError(StoreError::Kind::Invalid, "attributes must be a JSON object");
  Attributes a;
  for (const auto &[key, node] : doc.members) {
    switch (node.type) {
    case json::Node::Type::Null:
      a[key] = std::monostate{};
      break;
    case json::Node::Type::Bool:
      a[key] = std::int64_t(node.boolean ? 1 : 0);
      break;
    case json::Node::Type::Int:
      a[key] = node.integer;
      break;
    case json::Node::Type::Real:
      a[key] = node.real;
      break;
    case json::Node::Type::String:
      a[key] = node.string;
      break;
    case json::Node::Type::Array:
    case json::Node::Type::Object:
      throw StoreError(StoreError::Kind::Invalid,
                       "attribute '" + key +
                           "' is a nested JSON value; only numbers, text and null are allowed");
    }
  }
  return a;
}

} // namespace data
