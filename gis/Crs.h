#pragma once

#include "gis/Geometry.h"

#include <memory>
#include <string>

namespace gis {

// EPSG codes used throughout PlanMap.
constexpr int kWgs84 = 4326;
constexpr int kCgcs2000 = 4490;
constexpr int kCgcs2000Gk3_120E = 4549; // CGCS2000 / 3-degree Gauss-Kruger CM 120E
constexpr int kCgcs2000Gk3_123E = 4550; // CGCS2000 / 3-degree Gauss-Kruger CM 123E

// The CGCS2000 3-degree GK zone (EPSG code without zone prefix) whose central meridian is nearest.
int cgcs2000Gk3ZoneFor(double lon);

// A coordinate transformation between two CRSs, always in x=lon/easting, y=lat/northing order
// (proj_normalize_for_visualization). Owns its PJ and its own PJ_CONTEXT, so one instance must only be
// used from one thread at a time; create one per thread.
class Transform
{
public:
  // Definitions are anything PROJ accepts: "EPSG:4326", WKT, PROJ strings. Throws gis::Error(Proj).
  Transform(const std::string &from, const std::string &to);
  Transform(int fromEpsg, int toEpsg);
  ~Transform();
  Transform(Transform &&) noexcept;
  Transform &operator=(Transform &&) noexcept;
  Transform(const Transform &) = delete;
  Transform &operator=(const Transform &) = delete;

  Point forward(const Point &p) const; // throws gis::Error(Proj) on failure (inf)
  Point inverse(const Point &p) const;
  void forward(std::vector<Point> &pts) const;
  // In place on separate coordinate arrays (no copy: for millions of vertices). On failure throws
  // gis::Error(Proj) naming the first bad point's index; the arrays are then partly transformed.
  void forward(double *xs, double *ys, std::size_t n) const;
  Geometry forward(const Geometry &g) const;
  Geometry inverse(const Geometry &g) const;

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

// EPSG:4326 (or CGCS2000 geographic) to a CGCS2000 3-degree Gauss-Krüger zone without zone prefix
// (EPSG:4534..4554), computed directly with Krüger's series to order n^6 on the CGCS2000
// ellipsoid (accurate to nanometres within the zone; CrsTest compares it with PROJ to < 1 mm).
// PROJ's transform costs hundreds of millions of instructions to create and about 1,600 a point;
// this one nothing to create and a few hundred a point. Stateless: share it between threads.
class GaussKruger3
{
public:
  explicit GaussKruger3(int epsg); // throws gis::Error(Input) outside 4534..4554
  static bool handles(int epsg) { return epsg >= 4534 && epsg <= 4554; }
  int epsg() const { return mEpsg; }
  double centralMeridian() const { return mLon0; }
  Point forward(const Point &lonLat) const;
  void forward(double *xs, double *ys, std::size_t n) const; // in place
  void forward(std::vector<Point> &pts) const;

private:
  int mEpsg;
  double mLon0;
};

// Human name of an EPSG CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 120E"); throws on unknown code.
std::string crsName(const std::string &definition);

} // namespace gis
