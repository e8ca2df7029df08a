#include "gis/Geodesic.h"

#include <geodesic.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

using gis::Point;

namespace {

// Rows of GeographicLib's GeodTest set (WGS84), as carried in PROJ's geodtest.c and GeographicLib's
// own test suites: lat1, lon1, azi1, lat2, lon2, azi2, s12 (metres).
struct Case
{
  double lat1, lon1, azi1, lat2, lon2, azi2, s12;
};
constexpr Case kKarney[] = {
    {35.60777, -139.44815, 111.098748429560326, -11.17491, -69.95921, 129.289270889708762,
     8935244.5604818305},
    {55.52454, 106.05087, 22.020059880982801, 77.03196, 197.18234, 109.112041110671519, 4105086.1713924406},
    {-21.97856, 142.59065, -32.44456876433189, 41.84138, 98.56635, -41.84359951440466, 8394328.894657671},
};

// Total surface of an ellipsoid of revolution (closed form): 2πa² + π b²/e · ln((1+e)/(1−e)).
double ellipsoidSurface(const gis::Ellipsoid &ell)
{
  const double e2 = ell.f * (2 - ell.f);
  const double e = std::sqrt(e2);
  const double b = ell.a * (1 - ell.f);
  return 2 * std::numbers::pi * ell.a * ell.a + std::numbers::pi * b * b / e * std::log((1 + e) / (1 - e));
}

} // namespace

TEST(GeodesicTest, DistanceMatchesKarneyTestSetOnWgs84)
{
  for (const Case &c : kKarney)
    EXPECT_NEAR(gis::geodesicDistance(gis::kWgs84Ellipsoid, {c.lon1, c.lat1}, {c.lon2, c.lat2}), c.s12, 1e-6);
}

TEST(GeodesicTest, Cgcs2000DistanceWithinAMillimetreOfWgs84)
{
  // CGCS2000 and WGS84 differ only in 1/f (298.257222101 vs 298.257223563): a relative change of
  // 1.6e-11 in f moves distances of ~9000 km by well under 1 mm, so the WGS84 figures hold to 1 mm.
  for (const Case &c : kKarney) {
    EXPECT_NEAR(gis::geodesicDistance({c.lon1, c.lat1}, {c.lon2, c.lat2}), c.s12, 1e-3);
    EXPECT_NEAR(gis::geodesicAzimuth({c.lon1, c.lat1}, {c.lon2, c.lat2}), c.azi1, 1e-8);
  }
}

TEST(GeodesicTest, DirectReachesTheInverseEndPoint)
{
  for (const Case &c : kKarney) {
    const Point p = gis::geodesicDirect({c.lon1, c.lat1}, c.azi1, c.s12);
    // 1e-8 degrees is about a millimetre.
    EXPECT_NEAR(p.y, c.lat2, 1e-8);
    EXPECT_NEAR(std::remainder(p.x - c.lon2, 360.0), 0.0, 1e-8);
  }
}

TEST(GeodesicTest, AreaOfALuneTriangleIsItsShareOfTheEllipsoid)
{
  // Equator and meridians are geodesics, so the triangle equator(0..1°E) + two meridians to the
  // North Pole is exactly 1/720 of the ellipsoid's surface.
  const gis::Polygon lune{{{{0, 0}, {1, 0}, {1, 90}, {0, 0}}}};
  EXPECT_NEAR(gis::geodesicArea(lune), ellipsoidSurface(gis::kCgcs2000Ellipsoid) / 720.0, 1.0);
  // Orientation does not matter: the area is always positive.
  const gis::Polygon reversed{{{{0, 0}, {1, 90}, {1, 0}, {0, 0}}}};
  EXPECT_NEAR(gis::geodesicArea(reversed), gis::geodesicArea(lune), 1e-3);
}

TEST(GeodesicTest, AreaSubtractsHolesAndSumsMultiPolygons)
{
  const auto outer =
      gis::Geometry::fromWkt("POLYGON ((121.5 31, 121.51 31, 121.51 31.01, 121.5 31.01, 121.5 31))");
  const auto inner = gis::Geometry::fromWkt(
      "POLYGON ((121.502 31.002, 121.504 31.002, 121.504 31.004, 121.502 31.004, 121.502 31.002))");
  const double a = gis::geodesicArea(outer);
  const double b = gis::geodesicArea(inner);
  // A 0.01° cell at 31° N: about 954 m × 1109 m.
  EXPECT_NEAR(a, 1.058e6, 0.01e6);
  gis::Polygon holed = outer.asPolygon();
  holed.rings.push_back(inner.asPolygon().rings[0]);
  EXPECT_NEAR(gis::geodesicArea(holed), a - b, 1e-6);
  EXPECT_NEAR(gis::geodesicLength(gis::Geometry::polygon(holed)),
              gis::geodesicLength(outer) + gis::geodesicLength(inner), 1e-9);
  const auto multi = gis::Geometry::multiPolygon({outer.asPolygon(), inner.asPolygon()});
  EXPECT_NEAR(gis::geodesicArea(multi), a + b, 1e-6);
  EXPECT_EQ(gis::geodesicArea(gis::Geometry::fromWkt("LINESTRING (0 0, 1 1)")), 0.0);
}

TEST(GeodesicTest, LengthOfLinesAndPerimeters)
{
  const auto line = gis::Geometry::fromWkt("LINESTRING (121.5 31, 121.5 31.01, 121.51 31.01)");
  const double expected =
      gis::segmentLength({121.5, 31}, {121.5, 31.01}) + gis::segmentLength({121.5, 31.01}, {121.51, 31.01});
  EXPECT_DOUBLE_EQ(gis::geodesicLength(line), expected);
  EXPECT_DOUBLE_EQ(gis::geodesicLength(line.asLineString()), expected);
  // The same line measured with PROJ's geodesic: 1.1 km and 0.95 km segments, within 1e-9.
  const double proj = gis::geodesicDistance({121.5, 31}, {121.5, 31.01}) +
                      gis::geodesicDistance({121.5, 31.01}, {121.51, 31.01});
  EXPECT_NEAR(gis::geodesicLength(line), proj, proj * 1e-9);
  const auto square = gis::Geometry::fromWkt("POLYGON ((121.5 31, 121.5 31.01, 121.51 31.01, 121.5 31))");
  EXPECT_NEAR(gis::geodesicLength(square), expected + gis::segmentLength({121.51, 31.01}, {121.5, 31}), 1e-9);
  EXPECT_EQ(gis::geodesicLength(gis::Geometry::point({1, 2})), 0.0);
}

// segmentLength (the Gauss mid-latitude formula every line length sums) against PROJ's
// geod_inverse on the CGCS2000 ellipsoid: segments of 1 m to 50 km in 24 directions at latitudes
// 0-60 degrees, each end placed by geod_direct. The bound: 1e-8 m + 2e-9 of the length up to 10 km
// (the rivers' segments are metres to a few hundred metres: 2 mm in 1,000 km of river), 5e-8
// of the length up to 50 km. Longer segments are PROJ's own figure.
TEST(GeodesicTest, SegmentLengthAgreesWithProjGeodesic)
{
  geod_geodesic g;
  geod_init(&g, gis::kCgcs2000Ellipsoid.a, gis::kCgcs2000Ellipsoid.f);
  double worstShort = 0, worstLong = 0;
  for (const double length : {1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0, 20000.0, 50000.0})
    for (double lat = 0; lat <= 60; lat += 7.5)
      for (double azimuth = 0; azimuth < 360; azimuth += 15) {
        const Point a{121.47 + lat / 100, lat}; // the longitude varies a little too
        double lat2 = 0, lon2 = 0, s12 = 0;
        geod_direct(&g, a.y, a.x, azimuth + 2.5, length, &lat2, &lon2, nullptr);
        const Point b{lon2, lat2};
        geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
        const double error = std::abs(gis::segmentLength(a, b) - s12);
        const double bound = length <= 10000 ? 1e-8 + 2e-9 * s12 : 5e-8 * s12;
        EXPECT_LE(error, bound) << length << " m at " << lat << " N, azimuth " << azimuth + 2.5;
        double &worst = length <= 10000 ? worstShort : worstLong;
        worst = std::max(worst, error / s12);
        // Either direction gives the same length.
        EXPECT_NEAR(gis::segmentLength(b, a), gis::segmentLength(a, b), 1e-12 * s12 + 1e-12);
      }
  char worst[64];
  std::snprintf(worst, sizeof worst, "%.2e / %.2e", worstShort, worstLong);
  RecordProperty("worst_relative_error_to_10km_and_50km", worst);
  // A typical river segment, 150 m at the town's latitude: well under a micrometre apart.
  EXPECT_NEAR(gis::segmentLength({121.5, 31.05}, {121.5012, 31.0509}),
              gis::geodesicDistance({121.5, 31.05}, {121.5012, 31.0509}), 1e-6);
}

TEST(GeodesicTest, SegmentLengthOfLongAndWrappingSegments)
{
  // Past 0.5 degrees a segment is measured by geod_inverse itself, so long lines stay exact.
  for (const Case &c : kKarney)
    EXPECT_EQ(gis::segmentLength({c.lon1, c.lat1}, {c.lon2, c.lat2}),
              gis::geodesicDistance({c.lon1, c.lat1}, {c.lon2, c.lat2}));
  EXPECT_EQ(gis::segmentLength({121.0, 31.0}, {121.6, 31.0}),
            gis::geodesicDistance({121.0, 31.0}, {121.6, 31.0}));
  // Across the antimeridian the short way round counts.
  const double across = gis::segmentLength({179.9995, 10}, {-179.9995, 10.0003});
  EXPECT_NEAR(across, gis::geodesicDistance({179.9995, 10}, {-179.9995, 10.0003}), 1e-6);
  EXPECT_LT(across, 200);
  EXPECT_EQ(gis::segmentLength({121.5, 31}, {121.5, 31}), 0.0);
}

TEST(GeodesicTest, MuConversion)
{
  // 1 mu = 10000/15 m², so 1 ha = 15 mu and the plan's 150 mu of forest is 10 ha.
  EXPECT_DOUBLE_EQ(gis::squareMetresToMu(10000.0 / 15.0), 1.0);
  EXPECT_DOUBLE_EQ(gis::squareMetresToMu(10000.0), 15.0);
  EXPECT_DOUBLE_EQ(gis::squareMetresToMu(100000.0), 150.0);
}
