#include "data/store/FeatureRules.h"

#include "data/store/StoreError.h"
#include "data/store/Text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace data {

namespace {

[[noreturn]] void invalid(const Feature &f, const std::string &why)
{
  throw StoreError(StoreError::Kind::Invalid, featureLabel(f) + ": " + why);
}

bool finite(const std::vector<gis::Point> &path)
{
  return std::all_of(path.begin(), path.end(),
                     [](const gis::Point &p) { return std::isfinite(p.x) && std::isfinite(p.y); });
}

void checkPolygon(const Feature &f, const gis::Polygon &poly)
{
  if (poly.rings.empty()) invalid(f, "polygon without rings");
  for (const gis::Ring &r : poly.rings) {
    if (r.size() < 4 || r.front() != r.back())
      invalid(f, "polygon ring must be closed and have at least 4 points, got " + std::to_string(r.size()));
    if (!finite(r)) invalid(f, "coordinates must be finite numbers");
  }
}

bool isIdentifier(const std::string &s, bool lowerOnly)
{
  if (s.empty() || s.size() > 63 || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [lowerOnly](char c) {
    const auto u = static_cast<unsigned char>(c);
    return c == '_' || std::isdigit(u) || std::islower(u) || (!lowerOnly && std::isupper(u));
  });
}

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

} // namespace

std::string featureLabel(const Feature &f)
{
  if (f.id && !f.code.empty()) return "feature " + std::to_string(f.id) + " (" + f.code + ")";
  if (f.id) return "feature " + std::to_string(f.id);
  if (!f.code.empty()) return "feature " + f.code;
  return "new feature";
}

gis::Geometry storedGeometry(const LayerDef &layer, const Feature &f)
{
  using T = gis::Geometry::Type;
  const gis::Geometry &g = f.geometry;
  if (g.isEmpty()) return {};
  const std::string got = g.typeName();
  auto wrongType = [&]() {
    invalid(f, "layer " + layer.id + " takes " + layer.geometryType + " geometry, got " + got);
  };
  const GeometryType type = geometryTypeOf(layer);
  if (type == GeometryType::Point) {
    if (g.type() != T::Point) wrongType();
    const gis::Point p = g.asPoint();
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) invalid(f, "coordinates must be finite numbers");
    return g;
  }
  if (type == GeometryType::LineString) {
    if (g.type() != T::LineString && g.type() != T::MultiLineString) wrongType();
    const std::vector<gis::LineString> lines = g.lines();
    if (lines.size() != 1)
      invalid(f,
              "layer " + layer.id + " takes one LineString, got " + std::to_string(lines.size()) + " parts");
    if (lines[0].size() < 2) invalid(f, "a line needs at least 2 points");
    if (!finite(lines[0])) invalid(f, "coordinates must be finite numbers");
    return gis::Geometry::lineString(lines[0]);
  }
  if (g.type() != T::Polygon && g.type() != T::MultiPolygon) wrongType();
  const std::vector<gis::Polygon> polys = g.polygons();
  for (const gis::Polygon &p : polys)
    checkPolygon(f, p);
  return gis::Geometry::multiPolygon(polys);
}

gis::Geometry loadedGeometry(gis::Geometry g)
{
  if (g.type() == gis::Geometry::Type::MultiPolygon && g.parts().size() == 1)
    return gis::Geometry::polygon(g.polygons().front());
  return g;
}

Attributes checkedAttributes(const LayerDef &layer, const Feature &f)
{
  Feature shown; // the label without bytes that cannot be printed
  shown.id = f.id;
  shown.code = oneLine(f.code);
  const std::string where = featureLabel(shown);
  requireUtf8(where, "code", f.code);
  requireUtf8(where, "name", f.name);
  for (const auto &[key, value] : f.attributes) {
    requireUtf8(where, "an attribute name", key);
    if (const auto *text = std::get_if<std::string>(&value)) requireUtf8(where, "attribute " + key, *text);
  }
  Attributes out = f.attributes;
  for (const FieldDef &field : layer.fields) {
    auto it = out.find(field.name);
    const bool missing = it == out.end() || std::holds_alternative<std::monostate>(it->second);
    if (missing) {
      if (field.required) invalid(f, "attribute " + field.name + " is required");
      continue;
    }
    Value &v = it->second;
    if (field.type == "integer") {
      if (const auto *d = std::get_if<double>(&v); d && std::trunc(*d) == *d && std::abs(*d) < 9e15)
        v = static_cast<std::int64_t>(*d);
      if (!std::holds_alternative<std::int64_t>(v))
        invalid(f, "attribute " + field.name + " must be an integer, got '" + valueToString(v) + "'");
    } else if (field.type == "real") {
      if (const auto *i = std::get_if<std::int64_t>(&v)) v = static_cast<double>(*i);
      if (!std::holds_alternative<double>(v))
        invalid(f, "attribute " + field.name + " must be a number, got '" + valueToString(v) + "'");
    } else if (!std::holds_alternative<std::string>(v)) {
      v = valueToString(v);
    }
    if (!field.values.empty() &&
        std::find(field.values.begin(), field.values.end(), valueToString(v)) == field.values.end())
      invalid(f, "attribute " + field.name + " value '" + valueToString(v) +
                     "' is not one of the layer's values");
  }
  return out;
}

void checkLayerDef(const LayerDef &layer)
{
  auto bad = [&layer](const std::string &why) {
    throw StoreError(StoreError::Kind::Invalid, "layer '" + oneLine(layer.id) + "': " + why);
  };
  const std::string where = "layer '" + oneLine(layer.id) + "'";
  for (const std::string *text : {&layer.nameZh, &layer.nameEn})
    requireUtf8(where, "the name", *text);
  for (const FieldDef &field : layer.fields)
    for (const std::string *text : {&field.labelZh, &field.labelEn})
      requireUtf8(where, "a field label", *text);
  for (const FieldDef &field : layer.fields)
    for (const std::string &v : field.values)
      requireUtf8(where, "a value of field " + oneLine(field.name), v);
  if (!isIdentifier(layer.id, true))
    bad("id must be lower-case letters, digits and _ (starting with a letter)");
  if (!geometryTypeFromName(layer.geometryType))
    bad("geometry type must be Point, LineString or Polygon, got '" + layer.geometryType + "'");
  static const std::set<std::string> kReserved{"fid",      "code",   "name",    "status",  "last_event_date",
                                               "length_m", "done_m", "area_m2", "version", "geom"};
  std::set<std::string> seen;
  for (const FieldDef &field : layer.fields) {
    if (!isIdentifier(field.name, false))
      bad("field name '" + field.name + "' must be letters, digits and _");
    if (kReserved.count(lower(field.name)))
      bad("field name '" + field.name + "' is reserved for a view column");
    if (!seen.insert(lower(field.name)).second) bad("field '" + field.name + "' appears twice");
    if (field.type != "text" && field.type != "integer" && field.type != "real")
      bad("field '" + field.name + "' type must be text, integer or real, got '" + field.type + "'");
  }
}

} // namespace data
