#include "gis/Geometry.h"

#include "gis/Error.h"

#include <string>

namespace gis {

namespace {

[[noreturn]] void wrongType(const char *wanted, const Geometry &g)
{
  throw Error(Error::Kind::Input, std::string("expected ") + wanted + " geometry, got " +
                                      (g.isEmpty() ? std::string("empty ") + g.typeName() : g.typeName()));
}

} // namespace

Geometry Geometry::empty(Type type)
{
  Geometry g;
  g.mType = type;
  return g;
}

Geometry Geometry::point(Point p)
{
  Geometry g;
  g.mType = Type::Point;
  g.mParts.push_back({{p}});
  return g;
}

Geometry Geometry::lineString(LineString line)
{
  Geometry g;
  g.mType = Type::LineString;
  if (!line.empty()) g.mParts.push_back({std::move(line)});
  return g;
}

Geometry Geometry::polygon(Polygon poly)
{
  Geometry g;
  g.mType = Type::Polygon;
  if (!poly.rings.empty()) g.mParts.push_back(std::move(poly.rings));
  return g;
}

Geometry Geometry::multiPoint(std::vector<Point> pts)
{
  Geometry g;
  g.mType = Type::MultiPoint;
  g.mParts.reserve(pts.size());
  for (const Point &p : pts)
    g.mParts.push_back({{p}});
  return g;
}

Geometry Geometry::multiLineString(std::vector<LineString> lines)
{
  Geometry g;
  g.mType = Type::MultiLineString;
  g.mParts.reserve(lines.size());
  for (LineString &l : lines)
    g.mParts.push_back({std::move(l)});
  return g;
}

Geometry Geometry::multiPolygon(std::vector<Polygon> polys)
{
  Geometry g;
  g.mType = Type::MultiPolygon;
  g.mParts.reserve(polys.size());
  for (Polygon &p : polys)
    g.mParts.push_back(std::move(p.rings));
  return g;
}

int Geometry::dimension() const
{
  switch (mType) {
  case Type::Point:
  case Type::MultiPoint:
    return 0;
  case Type::LineString:
  case Type::MultiLineString:
    return 1;
  case Type::Polygon:
  case Type::MultiPolygon:
    return 2;
  case Type::Empty:
    break;
  }
  return -1;
}

const char *Geometry::typeName() const
{
  switch (mType) {
  case Type::Point:
    return "Point";
  case Type::LineString:
    return "LineString";
  case Type::Polygon:
    return "Polygon";
  case Type::MultiPoint:
    return "MultiPoint";
  case Type::MultiLineString:
    return "MultiLineString";
  case Type::MultiPolygon:
    return "MultiPolygon";
  case Type::Empty:
    break;
  }
  return "Empty";
}

// The single-part accessors also accept a multi-geometry of exactly one part: a Shapefile or GeoPackage
// often stores every line as a MultiLineString even when each feature has one.
Point Geometry::asPoint() const
{
  if ((mType != Type::Point && mType != Type::MultiPoint) || mParts.size() != 1 || mParts[0].empty() ||
      mParts[0][0].empty())
    wrongType("a single Point", *this);
  return mParts[0][0][0];
}

const LineString &Geometry::asLineString() const
{
  if ((mType != Type::LineString && mType != Type::MultiLineString) || mParts.size() != 1 ||
      mParts[0].empty())
    wrongType("a single LineString", *this);
  return mParts[0][0];
}

Polygon Geometry::asPolygon() const
{
  if ((mType != Type::Polygon && mType != Type::MultiPolygon) || mParts.size() != 1)
    wrongType("a single Polygon", *this);
  return Polygon{mParts[0]};
}

std::vector<LineString> Geometry::lines() const
{
  if (mType != Type::LineString && mType != Type::MultiLineString && mType != Type::Empty)
    wrongType("a (Multi)LineString", *this);
  std::vector<LineString> out;
  out.reserve(mParts.size());
  for (const Part &part : mParts)
    for (const auto &path : part)
      out.push_back(path);
  return out;
}

std::vector<Polygon> Geometry::polygons() const
{
  if (mType != Type::Polygon && mType != Type::MultiPolygon && mType != Type::Empty)
    wrongType("a (Multi)Polygon", *this);
  std::vector<Polygon> out;
  out.reserve(mParts.size());
  for (const Part &part : mParts)
    out.push_back(Polygon{part});
  return out;
}

Envelope Geometry::envelope() const
{
  Envelope env;
  for (const Part &part : mParts)
    for (const auto &path : part)
      for (const Point &p : path)
        env.expand(p);
  return env;
}

std::size_t Geometry::vertexCount() const
{
  std::size_t n = 0;
  for (const Part &part : mParts)
    for (const auto &path : part)
      n += path.size();
  return n;
}

} // namespace gis
