#include "gis/ChinaOffset.h"

#include <cmath>
#include <numbers>

namespace gis {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kXPi = kPi * 3000.0 / 180.0;
// Krasovsky 1940 ellipsoid, as in the GCJ-02 formula.
constexpr double kA = 6378245.0;
constexpr double kEe = 0.00669342162296594323;

double offsetLat(double x, double y)
{
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double offsetLon(double x, double y)
{
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// Inverts `forward` near `target` by fixed-point iteration: the offset varies slowly (its derivative
// is ~1e-5), so each step gains about five digits.
template <typename Forward> Point invert(const Point &target, Forward forward)
{
  Point p = target;
  for (int i = 0; i < 30; ++i) {
    const Point f = forward(p);
    const double dx = f.x - target.x;
    const double dy = f.y - target.y;
    p.x -= dx;
    p.y -= dy;
    if (std::fabs(dx) < 1e-12 && std::fabs(dy) < 1e-12) break;
  }
  return p;
}

template <typename Fn> Geometry mapVertices(Geometry g, Fn fn)
{
  for (auto &part : g.parts())
    for (auto &path : part)
      for (auto &pt : path)
        pt = fn(pt);
  return g;
}

} // namespace

bool insideChinaOffsetArea(const Point &p)
{
  return p.x >= 72.004 && p.x <= 137.8347 && p.y >= 0.8293 && p.y <= 55.8271;
}

Point gcj02FromWgs84(const Point &wgs)
{
  if (!insideChinaOffsetArea(wgs)) return wgs;
  const double dLat0 = offsetLat(wgs.x - 105.0, wgs.y - 35.0);
  const double dLon0 = offsetLon(wgs.x - 105.0, wgs.y - 35.0);
  const double radLat = wgs.y / 180.0 * kPi;
  double magic = std::sin(radLat);
  magic = 1 - kEe * magic * magic;
  const double sqrtMagic = std::sqrt(magic);
  const double dLat = (dLat0 * 180.0) / ((kA * (1 - kEe)) / (magic * sqrtMagic) * kPi);
  const double dLon = (dLon0 * 180.0) / (kA / sqrtMagic * std::cos(radLat) * kPi);
  return {wgs.x + dLon, wgs.y + dLat};
}

Point wgs84FromGcj02(const Point &gcj)
{
  if (!insideChinaOffsetArea(gcj)) return gcj;
  return invert(gcj, [](const Point &p) { return gcj02FromWgs84(p); });
}

Point bd09FromGcj02(const Point &gcj)
{
  if (!insideChinaOffsetArea(gcj)) return gcj;
  const double z = std::sqrt(gcj.x * gcj.x + gcj.y * gcj.y) + 0.00002 * std::sin(gcj.y * kXPi);
  const double theta = std::atan2(gcj.y, gcj.x) + 0.000003 * std::cos(gcj.x * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Point gcj02FromBd09(const Point &bd)
{
  if (!insideChinaOffsetArea(bd)) return bd;
  return invert(bd, [](const Point &p) { return bd09FromGcj02(p); });
}

Point wgs84FromBd09(const Point &bd)
{
  return wgs84FromGcj02(gcj02FromBd09(bd));
}

Point bd09FromWgs84(const Point &wgs)
{
  return bd09FromGcj02(gcj02FromWgs84(wgs));
}

Geometry wgs84FromGcj02(const Geometry &g)
{
  return mapVertices(g, [](const Point &p) { return wgs84FromGcj02(p); });
}

Geometry wgs84FromBd09(const Geometry &g)
{
  return mapVertices(g, [](const Point &p) { return wgs84FromBd09(p); });
}

} // namespace gis
