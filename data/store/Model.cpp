#include "data/store/Model.h"

#include "data/store/JsonText.h"
#include "data/store/StoreError.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace data {

namespace {

constexpr std::array kRoleNames{"planner", "engineer", "leader"};
constexpr std::array kStatusNames{"planned", "in_progress", "completed", "accepted"};
constexpr std::array kEventKindNames{"status", "stretch", "correction", "retraction"};
constexpr std::array kTargetKindNames{"count", "length", "area", "attribute_sum", "ratio", "indicator"};
constexpr std::array kComparatorSymbols{">=", "<=", "=="};
constexpr std::array kGeometryTypeNames{"Point", "LineString", "Polygon"};
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

const char *geometryTypeName(GeometryType t)
{
  return kGeometryTypeNames.at(static_cast<std::size_t>(t));
}

std::optional<GeometryType> geometryTypeFromName(const std::string &s)
{
  return fromName<GeometryType>(kGeometryTypeNames, s);
}

GeometryType geometryTypeOf(const LayerDef &layer)
{
  return geometryTypeFromName(layer.geometryType).value_or(GeometryType::Polygon);
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
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const auto &[key, value] : a) {
    if (const auto *i = std::get_if<std::int64_t>(&value))
      doc[key] = *i;
    else if (const auto *d = std::get_if<double>(&value))
      doc[key] = *d; // a non-finite number is written as null
    else if (const auto *s = std::get_if<std::string>(&value))
      doc[key] = *s;
    else
      doc[key] = nullptr;
  }
  return jsonText(doc);
}

namespace {

// A JSON number as the attributes keep it: an integer that fits 64 bits, else a double.
Value numberValue(const nlohmann::json &n)
{
  if (n.is_number_unsigned() &&
      n.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return n.get<double>();
  if (n.is_number_integer()) return n.get<std::int64_t>();
  return n.get<double>();
}

} // namespace

Attributes attributesFromJson(const std::string &text)
{
  const nlohmann::json doc = parseJson(text);
  if (!doc.is_object()) throw StoreError(StoreError::Kind::Invalid, "attributes must be a JSON object");
  Attributes a;
  for (const auto &[key, node] : doc.items()) {
    if (node.is_null())
      a[key] = std::monostate{};
    else if (node.is_boolean())
      a[key] = std::int64_t(node.get<bool>() ? 1 : 0);
    else if (node.is_number())
      a[key] = numberValue(node);
    else if (node.is_string())
      a[key] = node.get<std::string>();
    else
      throw StoreError(StoreError::Kind::Invalid,
                       "attribute '" + key +
                           "' is a nested JSON value; only numbers, text and null are allowed");
  }
  return a;
}

std::string fieldsToJson(const std::vector<FieldDef> &fields)
{
  nlohmann::ordered_json doc = nlohmann::ordered_json::array();
  for (const FieldDef &f : fields)
    doc.push_back({{"name", f.name},
                   {"type", f.type},
                   {"required", f.required},
                   {"values", f.values},
                   {"labelZh", f.labelZh},
                   {"labelEn", f.labelEn}});
  return jsonText(doc);
}

std::vector<FieldDef> fieldsFromJson(const std::string &text)
{
  const nlohmann::json doc = parseJson(text);
  if (!doc.is_array()) throw StoreError(StoreError::Kind::Invalid, "layer fields must be a JSON array");
  std::vector<FieldDef> fields;
  for (const nlohmann::json &item : doc) {
    auto str = [&item](const char *key) {
      const auto it = item.is_object() ? item.find(key) : item.end();
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    FieldDef f;
    f.name = str("name");
    f.type = str("type");
    f.labelZh = str("labelZh");
    f.labelEn = str("labelEn");
    if (item.is_object()) {
      if (const auto it = item.find("required"); it != item.end())
        f.required = it->is_boolean() && it->get<bool>();
      if (const auto it = item.find("values"); it != item.end() && it->is_array())
        for (const nlohmann::json &v : *it)
          f.values.push_back(v.is_string() ? v.get<std::string>() : std::string());
    }
    fields.push_back(std::move(f));
  }
  return fields;
}

} // namespace data
