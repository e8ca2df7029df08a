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

double geodesicDistance(const Point &a, const Point &b); // metres, PROJ's geod_inverse (exact)
// Geodesic length of one segment of a line, metres: the Gauss mid-latitude formula (meridional
// and prime-vertical radii at the mean latitude) with its fourth-order terms, ~20x cheaper than
// geod_inverse and within 1e-9 relative of it up to 10 km, 5e-8 up to 50 km (GeodesicTest);
// segments spanning more than 0.5 degrees go to geod_inverse. Every line length and chainage
// (geodesicLength, LinearRef, the stores' length_m) is a sum of these.
double segmentLength(const Point &a, const Point &b);
double geodesicLength(const LineString &line); // metres
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
