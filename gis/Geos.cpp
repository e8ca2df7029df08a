#include "gis/Geos.h"

#include "gis/Error.h"

#include <algorithm>

namespace gis {

GeosContext::GeosContext()
    : mHandle(GEOS_init_r())
{
  GEOSContext_setErrorMessageHandler_r(mHandle, &GeosContext::onError, this);
}

GeosContext::~GeosContext()
{
  GEOS_finish_r(mHandle);
}

GeosContext &GeosContext::forThread()
{
  thread_local GeosContext context;
  return context;
}

void GeosContext::onError(const char *message, void *userdata)
{
  static_cast<GeosContext *>(userdata)->mLastError = message ? message : "";
}

void GeosGeomDeleter::operator()(GEOSGeometry *g) const
{
  if (g) GEOSGeom_destroy_r(h, g);
}

void GeosPreparedDeleter::operator()(const GEOSPreparedGeometry *g) const
{
  if (g) GEOSPreparedGeom_destroy_r(h, g);
}

namespace {

GEOSContextHandle_t handle()
{
  return GeosContext::forThread().handle();
}

[[noreturn]] void fail(const char *operation)
{
  GeosContext &ctx = GeosContext::forThread();
  const std::string reason = ctx.lastError().empty() ? "unknown GEOS error" : ctx.lastError();
  ctx.clearLastError();
  throw Error(Error::Kind::Geos, std::string("GEOS ") + operation + " failed: " + reason);
}

GeosGeom own(GEOSGeometry *g, const char *operation)
{
  if (!g) fail(operation);
  return GeosGeom(g, GeosGeomDeleter{handle()});
}

bool predicate(char result, const char *operation)
{
  if (result == 2) fail(operation);
  return result == 1;
}

GEOSCoordSequence *sequence(const std::vector<Point> &path)
{
  std::vector<double> buf;
  buf.reserve(path.size() * 2);
  for (const Point &p : path) {
    buf.push_back(p.x);
    buf.push_back(p.y);
  }
  GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(handle(), buf.data(), path.size(), 0, 0);
  if (!seq) fail("coordinate sequence");
  return seq;
}

std::vector<Point> path(const GEOSGeometry *g)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(handle(), g);
  unsigned int n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(handle(), seq, &n)) fail("read coordinates");
  std::vector<double> buf(2 * static_cast<std::size_t>(n));
  if (n && !GEOSCoordSeq_copyToBuffer_r(handle(), seq, buf.data(), 0, 0)) fail("read coordinates");
  std::vector<Point> out(n);
  for (unsigned int i = 0; i < n; ++i)
    out[i] = Point{buf[2 * i], buf[2 * i + 1]};
  return out;
}

GEOSGeometry *makePoint(const std::vector<std::vector<Point>> &part)
{
  if (part.empty() || part[0].empty()) return GEOSGeom_createEmptyPoint_r(handle());
  return GEOSGeom_createPointFromXY_r(handle(), part[0][0].x, part[0][0].y);
}

GEOSGeometry *makeLine(const std::vector<std::vector<Point>> &part)
{
  if (part.empty() || part[0].empty()) return GEOSGeom_createEmptyLineString_r(handle());
  return GEOSGeom_createLineString_r(handle(), sequence(part[0]));
}

GEOSGeometry *makePolygon(const std::vector<std::vector<Point>> &rings)
{
  if (rings.empty()) return GEOSGeom_createEmptyPolygon_r(handle());
  std::vector<GeosGeom> owned;
  for (const auto &ring : rings)
    owned.push_back(own(GEOSGeom_createLinearRing_r(handle(), sequence(ring)), "build a polygon ring"));
  std::vector<GEOSGeometry *> holes;
  for (std::size_t i = 1; i < owned.size(); ++i)
    holes.push_back(owned[i].release());
  return GEOSGeom_createPolygon_r(handle(), owned[0].release(), holes.data(),
                                  static_cast<unsigned int>(holes.size()));
}

// Members of a collection, flattened, keeping only those of the highest dimension.
void collectMembers(const GEOSGeometry *g, std::vector<const GEOSGeometry *> &out)
{
  const int n = GEOSGetNumGeometries_r(handle(), g);
  const int type = GEOSGeomTypeId_r(handle(), g);
  if (type < GEOS_MULTIPOINT) {
    if (!GEOSisEmpty_r(handle(), g)) out.push_back(g);
    return;
  }
  for (int i = 0; i < n; ++i)
    collectMembers(GEOSGetGeometryN_r(handle(), g, i), out);
}

Geometry fromCollection(const GEOSGeometry *g)
{
  std::vector<const GEOSGeometry *> members;
  collectMembers(g, members);
  if (members.empty()) return Geometry();
  int dim = 0;
  for (const GEOSGeometry *m : members)
    dim = std::max(dim, GEOSGeom_getDimensions_r(handle(), m));
  Geometry out = Geometry::empty(dim == 0   ? Geometry::Type::MultiPoint
                                 : dim == 1 ? Geometry::Type::MultiLineString
                                            : Geometry::Type::MultiPolygon);
  for (const GEOSGeometry *m : members)
    if (GEOSGeom_getDimensions_r(handle(), m) == dim) out.parts().push_back(fromGeos(m).parts()[0]);
  return out;
}

GeosGeom rectangle(const Envelope &e)
{
  return toGeos(Geometry::polygon(
      Polygon{{{{e.minX, e.minY}, {e.maxX, e.minY}, {e.maxX, e.maxY}, {e.minX, e.maxY}, {e.minX, e.minY}}}}));
}

using BinaryOp = GEOSGeometry *(*)(GEOSContextHandle_t, const GEOSGeometry *, const GEOSGeometry *);

Geometry binary(BinaryOp op, const Geometry &a, const Geometry &b, const char *name)
{
  const GeosGeom ga = toGeos(a), gb = toGeos(b);
  const GeosGeom r = own(op(handle(), ga.get(), gb.get()), name);
  return fromGeos(r.get());
}

Point singlePoint(GEOSGeometry *raw, const Geometry &input, const char *name)
{
  const GeosGeom r = own(raw, name);
  const Geometry p = fromGeos(r.get());
  if (p.isEmpty())
    throw Error(Error::Kind::Input, std::string(name) + " of an empty " + input.typeName() + " geometry");
  return p.asPoint();
}

} // namespace

GeosGeom toGeos(const Geometry &g)
{
  const auto &parts = g.parts();
  switch (g.type()) {
  case Geometry::Type::Point:
    return own(makePoint(parts.empty() ? Geometry::Part{} : parts[0]), "build a point");
  case Geometry::Type::LineString:
    return own(makeLine(parts.empty() ? Geometry::Part{} : parts[0]), "build a line");
  case Geometry::Type::Polygon:
    return own(makePolygon(parts.empty() ? Geometry::Part{} : parts[0]), "build a polygon");
  case Geometry::Type::MultiPoint:
  case Geometry::Type::MultiLineString:
  case Geometry::Type::MultiPolygon: {
    std::vector<GeosGeom> members;
    members.reserve(parts.size());
    for (const Geometry::Part &part : parts) {
      if (g.type() == Geometry::Type::MultiPoint)
        members.push_back(own(makePoint(part), "build a point"));
      else if (g.type() == Geometry::Type::MultiLineString)
        members.push_back(own(makeLine(part), "build a line"));
      else
        members.push_back(own(makePolygon(part), "build a polygon"));
    }
    std::vector<GEOSGeometry *> raw;
    for (GeosGeom &m : members)
      raw.push_back(m.release()); // the collection takes ownership of its members
    const int type = g.type() == Geometry::Type::MultiPoint        ? GEOS_MULTIPOINT
                     : g.type() == Geometry::Type::MultiLineString ? GEOS_MULTILINESTRING
                                                                   : GEOS_MULTIPOLYGON;
    return own(GEOSGeom_createCollection_r(handle(), type, raw.data(), static_cast<unsigned int>(raw.size())),
               "build a collection");
  }
  case Geometry::Type::Empty:
    break;
  }
  return own(GEOSGeom_createEmptyCollection_r(handle(), GEOS_GEOMETRYCOLLECTION), "build an empty geometry");
}

Geometry fromGeos(const GEOSGeometry *g)
{
  if (!g) throw Error(Error::Kind::Geos, "GEOS returned no geometry");
  const int type = GEOSGeomTypeId_r(handle(), g);
  const bool empty = GEOSisEmpty_r(handle(), g) == 1;
  switch (type) {
  case GEOS_POINT:
    if (empty) return Geometry::empty(Geometry::Type::Point);
    return Geometry::point(path(g).at(0));
  case GEOS_LINESTRING:
  case GEOS_LINEARRING:
    return Geometry::lineString(path(g));
  case GEOS_POLYGON: {
    if (empty) return Geometry::empty(Geometry::Type::Polygon);
    Polygon poly;
    poly.rings.push_back(path(GEOSGetExteriorRing_r(handle(), g)));
    const int holes = GEOSGetNumInteriorRings_r(handle(), g);
    for (int i = 0; i < holes; ++i)
      poly.rings.push_back(path(GEOSGetInteriorRingN_r(handle(), g, i)));
    return Geometry::polygon(std::move(poly));
  }
  case GEOS_MULTIPOINT:
  case GEOS_MULTILINESTRING:
  case GEOS_MULTIPOLYGON: {
    Geometry out = Geometry::empty(type == GEOS_MULTIPOINT        ? Geometry::Type::MultiPoint
                                   : type == GEOS_MULTILINESTRING ? Geometry::Type::MultiLineString
                                                                  : Geometry::Type::MultiPolygon);
    const int n = GEOSGetNumGeometries_r(handle(), g);
    for (int i = 0; i < n; ++i) {
      Geometry member = fromGeos(GEOSGetGeometryN_r(handle(), g, i));
      if (!member.isEmpty()) out.parts().push_back(std::move(member.parts()[0]));
    }
    return out;
  }
  default:
    return fromCollection(g);
  }
}

bool isValid(const Geometry &g, std::string *reason)
{
  GeosGeom gg;
  try {
    gg = toGeos(g);
  } catch (const Error &e) {
    // GEOS refuses to build some invalid shapes at all (an unclosed or too short ring).
    if (reason) *reason = e.what();
    return false;
  }
  const bool valid = predicate(GEOSisValid_r(handle(), gg.get()), "validity check");
  if (reason) {
    char *text = GEOSisValidReason_r(handle(), gg.get());
    if (!text) fail("validity reason");
    *reason = text;
    GEOSFree_r(handle(), text);
  }
  return valid;
}

Geometry makeValid(const Geometry &g)
{
  const GeosGeom gg = toGeos(g);
  const GeosGeom r = own(GEOSMakeValid_r(handle(), gg.get()), "make valid");
  return fromGeos(r.get());
}

Geometry intersection(const Geometry &a, const Geometry &b)
{
  return binary(GEOSIntersection_r, a, b, "intersection");
}

Geometry difference(const Geometry &a, const Geometry &b)
{
  return binary(GEOSDifference_r, a, b, "difference");
}

Geometry unionOf(const Geometry &a, const Geometry &b)
{
  return binary(GEOSUnion_r, a, b, "union");
}

Geometry buffer(const Geometry &g, double distance, int quadSegs)
{
  const GeosGeom gg = toGeos(g);
  const GeosGeom r = own(GEOSBuffer_r(handle(), gg.get(), distance, quadSegs), "buffer");
  return fromGeos(r.get());
}

Geometry voronoi(const std::vector<Point> &sites, const Envelope &clip)
{
  Geometry out = Geometry::empty(Geometry::Type::MultiPolygon);
  if (sites.empty()) return out;
  Envelope extent = clip;
  for (const Point &p : sites)
    extent.expand(p);
  const GeosGeom siteGeom = toGeos(Geometry::multiPoint(sites));
  const GeosGeom extentGeom = rectangle(extent);
  const GeosGeom diagram =
      own(GEOSVoronoiDiagram_r(handle(), siteGeom.get(), extentGeom.get(), 0.0, 0), "voronoi diagram");
  const GeosGeom clipGeom = clip.isNull() ? rectangle(extent) : rectangle(clip);

  struct Cell
  {
    const GEOSGeometry *geom;
    Envelope env;
  };
  std::vector<Cell> cells;
  const int n = GEOSGetNumGeometries_r(handle(), diagram.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry *cell = GEOSGetGeometryN_r(handle(), diagram.get(), i);
    cells.push_back({cell, fromGeos(cell).envelope()});
  }
  // GEOS (before 3.12) returns cells in its own order: match each site to the cell that holds it.
  for (const Point &site : sites) {
    const GEOSGeometry *found = nullptr;
    const GeosGeom sitePoint = own(GEOSGeom_createPointFromXY_r(handle(), site.x, site.y), "build a point");
    for (const Cell &c : cells) {
      if (site.x < c.env.minX || site.x > c.env.maxX || site.y < c.env.minY || site.y > c.env.maxY) continue;
      if (predicate(GEOSIntersects_r(handle(), c.geom, sitePoint.get()), "voronoi cell lookup")) {
        found = c.geom;
        break;
      }
    }
    // A single distinct site has no diagram: its cell is the whole clip area.
    const GeosGeom clipped = own(found ? GEOSIntersection_r(handle(), found, clipGeom.get())
                                       : GEOSGeom_clone_r(handle(), clipGeom.get()),
                                 "voronoi clip");
    const Geometry cell = fromGeos(clipped.get());
    const std::vector<Polygon> polys = cell.dimension() == 2 ? cell.polygons() : std::vector<Polygon>{};
    out.parts().push_back(polys.empty() ? Geometry::Part{} : polys[0].rings);
  }
  return out;
}

Point pointOnSurface(const Geometry &g)
{
  const GeosGeom gg = toGeos(g);
  return singlePoint(GEOSPointOnSurface_r(handle(), gg.get()), g, "point on surface");
}

Point centroid(const Geometry &g)
{
  const GeosGeom gg = toGeos(g);
  return singlePoint(GEOSGetCentroid_r(handle(), gg.get()), g, "centroid");
}

bool intersects(const Geometry &a, const Geometry &b)
{
  const GeosGeom ga = toGeos(a), gb = toGeos(b);
  return predicate(GEOSIntersects_r(handle(), ga.get(), gb.get()), "intersects");
}

double distanceDeg(const Geometry &a, const Geometry &b)
{
  const GeosGeom ga = toGeos(a), gb = toGeos(b);
  double d = 0;
  if (!GEOSDistance_r(handle(), ga.get(), gb.get(), &d)) fail("distance");
  return d;
}

PreparedGeometry::PreparedGeometry(const Geometry &g)
    : mGeom(toGeos(g))
    , mEnv(g.envelope())
{
  const GEOSPreparedGeometry *p = GEOSPrepare_r(handle(), mGeom.get());
  if (!p) fail("prepare");
  mPrepared = GeosPrepared(p, GeosPreparedDeleter{handle()});
}

bool PreparedGeometry::contains(const Point &p) const
{
  if (p.x < mEnv.minX || p.x > mEnv.maxX || p.y < mEnv.minY || p.y > mEnv.maxY) return false;
  const GeosGeom pt = own(GEOSGeom_createPointFromXY_r(handle(), p.x, p.y), "build a point");
  return predicate(GEOSPreparedContains_r(handle(), mPrepared.get(), pt.get()), "prepared contains");
}

bool PreparedGeometry::intersects(const Geometry &g) const
{
  if (!mEnv.intersects(g.envelope())) return false;
  const GeosGeom gg = toGeos(g);
  return predicate(GEOSPreparedIntersects_r(handle(), mPrepared.get(), gg.get()), "prepared intersects");
}

} // namespace gis
