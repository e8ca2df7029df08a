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
  Geometry forward(const Geometry &g) const;
  Geometry inverse(const Geometry &g) const;

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

// Human name of an EPSG CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 120E"); throws on unknown code.
std::string crsName(const std::string &definition);

} // namespace gis
