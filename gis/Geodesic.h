#pragma once

#include "gis/Geometry.h"

namespace gis {

// Geodesic measures on the CGCS2000 ellipsoid (a = 6378137, 1/f = 298.257222101; identical to
// WGS84 to well under a millimetre over a town). Coordinates are lon/lat degrees.
constexpr double kMuPerSquareMetre = 15.0 / 10000.0; // 1 mu = 10000/15 m²

struct Ellipsoid
{
  double a; // semi-major axis, metres
  double f; // flattening
};
constexpr Ellipsoid kCgcs2000Ellipsoid{6378137.0, 1.0 / 298.257222101};
constexpr Ellipsoid kWgs84Ellipsoid{6378137.0, 1.0 / 298.257223563};

// The same measure on another ellipsoid: lets tests check PlanMap against published WGS84 figures.
double geodesicDistance(const Ellipsoid &ellipsoid, const Point &a, const Point &b);

double geodesicDistance(const Point &a, const Point &b); // metres
double geodesicLength(const LineString &line);           // metres
// Lines: summed; polygons: perimeter of every ring, holes included; points: 0.
double geodesicLength(const Geometry &g);
double geodesicArea(const Polygon &poly); // m², holes subtracted, always >= 0
double geodesicArea(const Geometry &g);   // polygons: sum; others 0
// Point reached from `from` going `distance` metres at `azimuthDeg` (clockwise from north).
Point geodesicDirect(const Point &from, double azimuthDeg, double distance);
double geodesicAzimuth(const Point &a, const Point &b); // degrees, forward azimuth at a

inline double squareMetresToMu(double m2)
{
  return m2 * kMuPerSquareMetre;
}

} // namespace gis
