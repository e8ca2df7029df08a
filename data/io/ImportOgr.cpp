#include "data/io/ImportOgr.h"

#include "gis/Error.h"

#include <cpl_error.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace data {

namespace {

std::string upperNoSpace(const std::string &s)
{
  std::string r;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      r += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return r;
}

// The common Chinese systems by name, so users need not look codes up.
const std::map<std::string, std::string> &namedCrs()
{
  static const std::map<std::string, std::string> names{
      {"WGS84", "EPSG:4326"},      {"CGCS2000", "EPSG:4490"}, {"BEIJING1954", "EPSG:4214"},
      {"BEIJING54", "EPSG:4214"},  {"XIAN1980", "EPSG:4610"}, {"XIAN80", "EPSG:4610"},
      {"WEBMERCATOR", "EPSG:3857"}};
  return names;
}

struct Collected
{
  std::vector<gis::Point> points;
  std::vector<gis::LineString> lines;
  std::vector<gis::Polygon> polygons;
};

std::vector<gis::Point> pointsOf(OGRGeometryH g)
{
  const int n = OGR_G_GetPointCount(g);
  std::vector<gis::Point> pts(static_cast<std::size_t>(std::max(n, 0)));
  if (n > 0) OGR_G_GetPoints(g, &pts[0].x, sizeof(gis::Point), &pts[0].y, sizeof(gis::Point), nullptr, 0);
  return pts;
}

void collect(OGRGeometryH g, Collected &c)
{
  if (OGR_G_IsEmpty(g)) return;
  switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
  case wkbPoint:
    c.points.push_back({OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)});
    return;
  case wkbLineString:
  case wkbLinearRing: {
    auto pts = pointsOf(g);
    if (pts.size() < 2) throw gis::Error(gis::Error::Kind::Input, "line with fewer than 2 vertices");
    c.lines.push_back(std::move(pts));
    return;
  }
  case wkbPolygon:
  case wkbTriangle: {
    gis::Polygon poly;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
      auto ring = pointsOf(OGR_G_GetGeometryRef(g, i));
      if (ring.empty()) continue;
      if (!(ring.front() == ring.back()))
        ring.push_back(ring.front()); // GeoJSON and KML files leave rings open
      if (ring.size() < 4)
        throw gis::Error(gis::Error::Kind::Input, "polygon ring with fewer than 3 distinct vertices");
      poly.rings.push_back(std::move(ring));
    }
    if (!poly.rings.empty()) c.polygons.push_back(std::move(poly));
    return;
  }
  case wkbMultiPoint:
  case wkbMultiLineString:
  case wkbMultiPolygon:
  case wkbGeometryCollection:
  case wkbTIN:
  case wkbPolyhedralSurface:
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
      collect(OGR_G_GetGeometryRef(g, i), c);
    return;
  default:
    throw gis::Error(gis::Error::Kind::Input, std::string("unsupported geometry type ") +
                                                  OGRGeometryTypeToName(OGR_G_GetGeometryType(g)));
  }
}

void addPath(OGRGeometryH target, const std::vector<gis::Point> &pts)
{
  OGR_G_SetPointCount(target, static_cast<int>(pts.size()));
  if (!pts.empty())
    OGR_G_SetPoints(target, static_cast<int>(pts.size()), const_cast<double *>(&pts[0].x), sizeof(gis::Point),
                    const_cast<double *>(&pts[0].y), sizeof(gis::Point), nullptr, 0);
}

OgrGeometry partToOgr(gis::Geometry::Type single, const gis::Geometry::Part &part)
{
  switch (single) {
  case gis::Geometry::Type::Point: {
    OgrGeometry g(OGR_G_CreateGeometry(wkbPoint));
    OGR_G_SetPoint_2D(g.get(), 0, part.at(0).at(0).x, part.at(0).at(0).y);
    return g;
  }
  case gis::Geometry::Type::LineString: {
    OgrGeometry g(OGR_G_CreateGeometry(wkbLineString));
    addPath(g.get(), part.at(0));
    return g;
  }
  default: {
    OgrGeometry g(OGR_G_CreateGeometry(wkbPolygon));
    for (const auto &ring : part) {
      OGRGeometryH r = OGR_G_CreateGeometry(wkbLinearRing);
      addPath(r, ring);
      OGR_G_AddGeometryDirectly(g.get(), r);
    }
    return g;
  }
  }
}

} // namespace

OgrSrs cloneTraditional(OGRSpatialReferenceH srs)
{
  OgrSrs copy(OSRClone(srs));
  OSRSetAxisMappingStrategy(copy.get(), OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}

OgrSrs spatialRefFromUser(const std::string &definition)
{
  std::string def = definition;
  if (auto it = namedCrs().find(upperNoSpace(definition)); it != namedCrs().end()) def = it->second;
  OgrSrs srs(OSRNewSpatialReference(nullptr));
  CPLErrorReset();
  if (OSRSetFromUserInput(srs.get(), def.c_str()) != OGRERR_NONE)
    throw std::invalid_argument(
        "unknown coordinate system '" + definition +
        "' (give EPSG:N, e.g. EPSG:4326 WGS84, EPSG:4490 CGCS2000, EPSG:4549 CGCS2000 GK 120E)");
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::string srsDescription(OGRSpatialReferenceH srs)
{
  if (!srs) return "none";
  std::string name = OSRGetName(srs) ? OSRGetName(srs) : "unnamed";
  OgrSrs copy(OSRClone(srs));
  const char *auth = nullptr;
  const char *code = nullptr;
  if (OSRAutoIdentifyEPSG(copy.get()) == OGRERR_NONE) {
    auth = OSRGetAuthorityName(copy.get(), nullptr);
    code = OSRGetAuthorityCode(copy.get(), nullptr);
  }
  if (auth && code) name += std::string(" (") + auth + ":" + code + ")";
  return name;
}

OgrTransform transformBetween(OGRSpatialReferenceH from, OGRSpatialReferenceH to)
{
  if (OSRIsSame(from, to)) return nullptr;
  CPLErrorReset();
  OgrTransform ct(OCTNewCoordinateTransformation(from, to));
  if (!ct)
    throw std::runtime_error("no transformation from " + srsDescription(from) + " to " + srsDescription(to) +
                             ": " + CPLGetLastErrorMsg());
  return ct;
}

gis::Geometry geometryFromOgr(OGRGeometryH g)
{
  if (!g || OGR_G_IsEmpty(g)) return {};
  OgrGeometry linear;
  if (OGR_G_HasCurveGeometry(g, TRUE)) {
    linear.reset(OGR_G_GetLinearGeometry(g, 0, nullptr));
    if (!linear) throw gis::Error(gis::Error::Kind::Input, "curved geometry could not be linearized");
    g = linear.get();
  }
  Collected c;
  collect(g, c);
  const int kinds = !c.points.empty() + !c.lines.empty() + !c.polygons.empty();
  if (kinds > 1)
    throw gis::Error(gis::Error::Kind::Input, "geometry collection mixes points, lines and polygons");
  if (c.points.size() == 1) return gis::Geometry::point(c.points[0]);
  if (c.points.size() > 1) return gis::Geometry::multiPoint(std::move(c.points));
  if (c.lines.size() == 1) return gis::Geometry::lineString(std::move(c.lines[0]));
  if (c.lines.size() > 1) return gis::Geometry::multiLineString(std::move(c.lines));
  if (c.polygons.size() == 1) return gis::Geometry::polygon(std::move(c.polygons[0]));
  if (c.polygons.size() > 1) return gis::Geometry::multiPolygon(std::move(c.polygons));
  return {};
}

OgrGeometry geometryToOgr(const gis::Geometry &g, bool asMulti)
{
  using T = gis::Geometry::Type;
  T single = T::Empty;
  OGRwkbGeometryType multiType = wkbUnknown;
  switch (g.type()) {
  case T::Point:
  case T::MultiPoint:
    single = T::Point;
    multiType = wkbMultiPoint;
    break;
  case T::LineString:
  case T::MultiLineString:
    single = T::LineString;
    multiType = wkbMultiLineString;
    break;
  case T::Polygon:
  case T::MultiPolygon:
    single = T::Polygon;
    multiType = wkbMultiPolygon;
    break;
  case T::Empty:
    return nullptr;
  }
  const bool multi = asMulti || g.type() != single;
  if (!multi) return partToOgr(single, g.parts().at(0));
  OgrGeometry m(OGR_G_CreateGeometry(multiType));
  for (const auto &part : g.parts())
    OGR_G_AddGeometryDirectly(m.get(), partToOgr(single, part).release());
  return m;
}

} // namespace data
