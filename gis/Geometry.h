#pragma once

#include <string>
#include <vector>

namespace gis {

struct Point
{
  double x = 0; // longitude (or easting)
  double y = 0; // latitude (or northing)
  bool operator==(const Point &) const = default;
};

using Ring = std::vector<Point>; // closed: first == last
using LineString = std::vector<Point>;

struct Polygon
{
  std::vector<Ring> rings; // rings[0] exterior, others holes
  bool operator==(const Polygon &) const = default;
};

struct Envelope
{
  double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
  bool isNull() const { return minX > maxX; }
  void expand(const Point &p)
  {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  void expand(const Envelope &e)
  {
    if (e.isNull()) return;
    expand(Point{e.minX, e.minY});
    expand(Point{e.maxX, e.maxY});
  }
  bool intersects(const Envelope &o) const
  {
    return !(o.minX > maxX || o.maxX < minX || o.minY > maxY || o.maxY < minY);
  }
  double width() const { return maxX - minX; }
  double height() const { return maxY - minY; }
  bool operator==(const Envelope &) const = default;
};

// A simple-feature geometry as a plain value. Single types keep exactly one part.
// Points: parts = {{{p}}}; lines: parts = {{line}}; polygons: parts = {rings...}.
class Geometry
{
public:
  enum class Type { Empty, Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon };

  Geometry() = default;
  // An empty geometry of the given type ("POINT EMPTY"); Type::Empty is the untyped empty geometry.
  static Geometry empty(Type type);
  static Geometry point(Point p);
  static Geometry lineString(LineString line);
  static Geometry polygon(Polygon poly);
  static Geometry multiPoint(std::vector<Point> pts);
  static Geometry multiLineString(std::vector<LineString> lines);
  static Geometry multiPolygon(std::vector<Polygon> polys);

  Type type() const { return mType; }
  bool isEmpty() const { return mType == Type::Empty || mParts.empty(); }
  // Dimension of the type: 0 points, 1 lines, 2 polygons, -1 empty.
  int dimension() const;
  const char *typeName() const; // "Point", "MultiLineString", ...

  // Each part is a list of rings/paths: a point part holds one path with one point, a line part
  // one path, a polygon part its rings.
  using Part = std::vector<std::vector<Point>>;
  const std::vector<Part> &parts() const { return mParts; }
  std::vector<Part> &parts() { return mParts; }

  // Convenience accessors for single-part geometries; a multi-geometry of exactly one part is
  // accepted too (Shapefiles store most lines as MultiLineString). Throw gis::Error(Input) otherwise.
  Point asPoint() const;
  const LineString &asLineString() const;
  Polygon asPolygon() const;
  std::vector<LineString> lines() const; // all paths of a (multi)linestring
  std::vector<Polygon> polygons() const; // all polygons of a (multi)polygon

  Envelope envelope() const;
  std::size_t vertexCount() const;

  // WKT (lon lat order, %.9g-ish precision, full round-trip precision with 17 digits)
  std::string toWkt(int precision = 15) const;
  static Geometry fromWkt(const std::string &wkt); // throws gis::Error(Input)

  // ISO WKB (little-endian, 2D)
  std::string toWkb() const;
  static Geometry fromWkb(const unsigned char *data, std::size_t size); // throws gis::Error(Input)

  bool operator==(const Geometry &) const = default;

private:
  Type mType = Type::Empty;
  std::vector<Part> mParts;
};

} // namespace gis
