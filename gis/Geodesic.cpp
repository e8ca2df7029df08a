#include "gis/Geodesic.h"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gis {

namespace {

// geod_geodesic is read-only after geod_init, so one instance serves every thread.
const geod_geodesic &cgcs2000()
{
  static const geod_geodesic g = [] {
    geod_geodesic init;
    geod_init(&init, kCgcs2000Ellipsoid.a, kCgcs2000Ellipsoid.f);
    return init;
  }();
  return g;
}

double pathLength(const std::vector<Point> &path)
{
  double total = 0;
  for (std::size_t i = 1; i < path.size(); ++i)
    total += segmentLength(path[i - 1], path[i]);
  return total;
}

double ringArea(const Ring &ring)
{
  std::size_t n = ring.size();
  if (n > 1 && ring.front() == ring.back()) --n; // geod_polygonarea closes the ring itself
  if (n < 3) return 0;
  std::vector<double> lats(n), lons(n);
  for (std::size_t i = 0; i < n; ++i) {
    lats[i] = ring[i].y;
    lons[i] = ring[i].x;
  }
  double area = 0;
  geod_polygonarea(&cgcs2000(), lats.data(), lons.data(), static_cast<int>(n), &area, nullptr);
  return std::abs(area);
}

} // namespace

double geodesicDistance(const Ellipsoid &ellipsoid, const Point &a, const Point &b)
{
  geod_geodesic g;
  geod_init(&g, ellipsoid.a, ellipsoid.f);
  double s12 = 0;
  geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

double geodesicDistance(const Point &a, const Point &b)
{
  double s12 = 0;
  geod_inverse(&cgcs2000(), a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

double segmentLength(const Point &a, const Point &b)
{
  constexpr double kDeg = std::numbers::pi / 180.0;
  constexpr double kE2 = kCgcs2000Ellipsoid.f * (2 - kCgcs2000Ellipsoid.f);
  constexpr double kMaxSpan = 0.5 * kDeg; // beyond it the series' error grows past 1e-7: use PROJ
  const double phi = (a.y + b.y) * (0.5 * kDeg);
  const double dPhi = (b.y - a.y) * kDeg;
  const double dLam = std::remainder(b.x - a.x, 360.0) * kDeg;
  const double s = std::sin(phi), c = std::cos(phi);
  if (dPhi * dPhi + c * c * dLam * dLam > kMaxSpan * kMaxSpan) return geodesicDistance(a, b);
  const double w2 = 1 - kE2 * s * s;
  const double n = kCgcs2000Ellipsoid.a / std::sqrt(w2); // prime-vertical radius
  const double m = n * (1 - kE2) / w2;                   // meridional radius
  const double x = n * c * dLam;
  // The meridian arc over dPhi: M at the mean latitude plus its second-order change.
  const double y = m * dPhi * (1 + kE2 * (c * c - s * s) * dPhi * dPhi / 8);
  // Fourth-order terms of the spherical law of cosines about the mean latitude (a parallel is
  // not a geodesic: an east-west chord is shorter than the parallel's arc by dLam^2 sin^2 / 24).
  const double s2 = x * x + y * y - dLam * dLam * (x * x * s * s + y * y * (3 - 2 * c * c)) / 12;
  return std::sqrt(std::max(s2, 0.0));
}

double geodesicLength(const LineString &line)
{
  return pathLength(line);
}

double geodesicLength(const Geometry &g)
{
  if (g.dimension() < 1) return 0;
  double total = 0;
  for (const Geometry::Part &part : g.parts())
    for (const auto &path : part)
      total += pathLength(path);
  return total;
}

double geodesicArea(const Polygon &poly)
{
  if (poly.rings.empty()) return 0;
  double area = ringArea(poly.rings[0]);
  for (std::size_t i = 1; i < poly.rings.size(); ++i)
    area -= ringArea(poly.rings[i]);
  return std::max(area, 0.0);
}

double geodesicArea(const Geometry &g)
{
  if (g.dimension() != 2) return 0;
  double total = 0;
  for (const Geometry::Part &part : g.parts())
    total += geodesicArea(Polygon{part});
  return total;
}

Point geodesicDirect(const Point &from, double azimuthDeg, double distance)
{
  double lat = 0, lon = 0;
  geod_direct(&cgcs2000(), from.y, from.x, azimuthDeg, distance, &lat, &lon, nullptr);
  return Point{lon, lat};
}

double geodesicAzimuth(const Point &a, const Point &b)
{
  double azi1 = 0;
  geod_inverse(&cgcs2000(), a.y, a.x, b.y, b.x, nullptr, &azi1, nullptr);
  return azi1;
}

} // namespace gis
