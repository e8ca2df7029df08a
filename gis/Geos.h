#pragma once

#include "gis/Geometry.h"

#include <geos_c.h>

#include <memory>
#include <string>

namespace gis {

// One GEOS handle per thread (reentrant _r API). GEOS errors are captured into the handle and
// thrown as gis::Error(Geos) by the helpers below.
class GeosContext
{
public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext &) = delete;
  GeosContext &operator=(const GeosContext &) = delete;
  GEOSContextHandle_t handle() const { return mHandle; }
  const std::string &lastError() const { return mLastError; }
  void clearLastError() { mLastError.clear(); }
  // The calling thread's context, created on first use.
  static GeosContext &forThread();

private:
  static void onError(const char *message, void *userdata);
  GEOSContextHandle_t mHandle = nullptr;
  std::string mLastError;
};

// The deleters use the context of the thread that made the object: destroy it while that thread's
// context lives (on that thread, or on a pool thread that outlives it).
struct GeosGeomDeleter
{
  GEOSContextHandle_t h = nullptr;
  void operator()(GEOSGeometry *g) const;
};
using GeosGeom = std::unique_ptr<GEOSGeometry, GeosGeomDeleter>;

struct GeosPreparedDeleter
{
  GEOSContextHandle_t h = nullptr;
  void operator()(const GEOSPreparedGeometry *g) const;
};
using GeosPrepared = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

// Conversions and operations; all use GeosContext::forThread() and throw gis::Error(Geos).
// fromGeos turns a GeometryCollection into the multi-geometry of its highest-dimension members (an
// intersection of polygons that also touches at a point keeps its polygons), and an empty one into
// Geometry().
GeosGeom toGeos(const Geometry &g);
Geometry fromGeos(const GEOSGeometry *g);
bool isValid(const Geometry &g, std::string *reason = nullptr);
Geometry makeValid(const Geometry &g);
Geometry intersection(const Geometry &a, const Geometry &b);
Geometry difference(const Geometry &a, const Geometry &b);
Geometry unionOf(const Geometry &a, const Geometry &b);
Geometry buffer(const Geometry &g, double distance, int quadSegs = 8);
// Voronoi cells as a MultiPolygon with one part per site, in the order of `sites` (equal sites share
// a cell), each clipped to `clip`; a site whose cell lies wholly outside `clip` gets an empty part.
Geometry voronoi(const std::vector<Point> &sites, const Envelope &clip);
Point pointOnSurface(const Geometry &g);
Point centroid(const Geometry &g);
bool intersects(const Geometry &a, const Geometry &b);
double distanceDeg(const Geometry &a, const Geometry &b); // planar, in coordinate units

// A prepared polygon for fast repeated point-in-polygon / intersects tests. GEOS builds its index
// lazily on first use, so one instance must be used by one thread at a time.
class PreparedGeometry
{
public:
  explicit PreparedGeometry(const Geometry &g);
  bool contains(const Point &p) const;
  bool intersects(const Geometry &g) const;
  const Envelope &envelope() const { return mEnv; }

private:
  GeosGeom mGeom;
  GeosPrepared mPrepared;
  Envelope mEnv;
};

} // namespace gis
