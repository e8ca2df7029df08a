#include "gis/Crs.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using gis::Point;
using gis::Transform;

namespace {

std::string errorOf(const std::function<void()> &f)
{
  try {
    f();
  } catch (const gis::Error &e) {
    EXPECT_EQ(e.kind(), gis::Error::Kind::Proj);
    return e.what();
  }
  return "(no error)";
}

} // namespace

TEST(CrsTest, GaussKrugerAtTheCentralMeridian)
{
  const Transform toGk(gis::kCgcs2000, gis::kCgcs2000Gk3_120E);
  const Point p = toGk.forward(Point{120.0, 31.0});
  // On the central meridian the false easting is exact.
  EXPECT_NEAR(p.x, 500000.0, 1e-6);
  // `echo "31 120" | cs2cs -f "%.6f" EPSG:4490 EPSG:4549` (PROJ 9.1.1) prints 3430974.323409: the GRS80
  // meridian arc from the equator to 31° N, since k0 = 1.
  EXPECT_NEAR(p.y, 3430974.323409, 1e-5);
  // The town's centre, 1.5° east of the central meridian: cs2cs gives 643264.135290 3431940.323895.
  const Point town = toGk.forward(Point{121.5, 31.0});
  EXPECT_NEAR(town.x, 643264.135290, 1e-5);
  EXPECT_NEAR(town.y, 3431940.323895, 1e-5);
}

TEST(CrsTest, RoundTripsBetweenWgs84Cgcs2000AndGaussKruger)
{
  const Point p{121.5123456789, 31.0654321};
  for (int gk : {gis::kCgcs2000Gk3_120E, gis::kCgcs2000Gk3_123E}) {
    const Transform wgsToCgcs(gis::kWgs84, gis::kCgcs2000);
    const Transform cgcsToGk(gis::kCgcs2000, gk);
    const Point c = wgsToCgcs.forward(p);
    const Point back = wgsToCgcs.inverse(cgcsToGk.inverse(cgcsToGk.forward(c)));
    EXPECT_NEAR(back.x, p.x, 1e-9);
    EXPECT_NEAR(back.y, p.y, 1e-9);
    const Transform direct(gis::kWgs84, gk);
    const Point viaDirect = direct.inverse(direct.forward(p));
    EXPECT_NEAR(viaDirect.x, p.x, 1e-9);
    EXPECT_NEAR(viaDirect.y, p.y, 1e-9);
  }
}

TEST(CrsTest, AxisOrderIsLonLat)
{
  // EPSG:4326 is officially latitude-first; normalisation keeps x = longitude.
  const Transform t(gis::kWgs84, gis::kCgcs2000Gk3_120E);
  const Point gk = t.forward(Point{121.5, 31.0});
  EXPECT_GT(gk.x, 600000);
  EXPECT_GT(gk.y, 3400000);
}

TEST(CrsTest, TransformsGeometriesAndVectors)
{
  const Transform t(gis::kWgs84, gis::kCgcs2000Gk3_120E);
  const auto poly =
      gis::Geometry::fromWkt("POLYGON ((121.5 31, 121.51 31, 121.51 31.01, 121.5 31.01, 121.5 31))");
  const gis::Geometry projected = t.forward(poly);
  EXPECT_EQ(projected.type(), gis::Geometry::Type::Polygon);
  EXPECT_EQ(projected.vertexCount(), poly.vertexCount());
  // Planar area in GK against the geodesic area: the GK scale factor 1.5° off the central meridian
  // is about 1.00025, i.e. +0.05 % in area.
  const gis::Ring ring = projected.asPolygon().rings[0];
  double twiceArea = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    twiceArea += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
  const double ratio = std::abs(twiceArea) / 2 / gis::geodesicArea(poly);
  EXPECT_NEAR(ratio, 1.0005, 0.0002);

  std::vector<Point> pts = {{121.5, 31}, {121.51, 31.01}};
  t.forward(pts);
  EXPECT_EQ(pts[1], t.forward(Point{121.51, 31.01}));
  const gis::Geometry back = t.inverse(projected);
  EXPECT_NEAR(back.asPolygon().rings[0][2].x, 121.51, 1e-9);
}

TEST(CrsTest, ZoneChoice)
{
  EXPECT_EQ(gis::cgcs2000Gk3ZoneFor(121.4), gis::kCgcs2000Gk3_120E);
  EXPECT_EQ(gis::cgcs2000Gk3ZoneFor(121.6), gis::kCgcs2000Gk3_123E);
  EXPECT_EQ(gis::cgcs2000Gk3ZoneFor(75.0), 4534);
  EXPECT_EQ(gis::cgcs2000Gk3ZoneFor(135.0), 4554);
  // The returned code's name says the same central meridian.
  EXPECT_EQ(gis::crsName("EPSG:" + std::to_string(gis::cgcs2000Gk3ZoneFor(116.4))),
            "CGCS2000 / 3-degree Gauss-Kruger CM 117E");
  EXPECT_THROW(gis::cgcs2000Gk3ZoneFor(10.0), gis::Error);
}

TEST(CrsTest, NamesAndErrors)
{
  EXPECT_EQ(gis::crsName("EPSG:4549"), "CGCS2000 / 3-degree Gauss-Kruger CM 120E");
  EXPECT_EQ(gis::crsName("EPSG:4490"), "China Geodetic Coordinate System 2000");
  EXPECT_NE(errorOf([] { gis::crsName("EPSG:999999"); }).find("EPSG:999999"), std::string::npos);
  EXPECT_NE(errorOf([] { Transform(999999, 4326); }).find("from EPSG:999999 to EPSG:4326"),
            std::string::npos);
  const Transform t(gis::kWgs84, gis::kCgcs2000Gk3_120E);
  const std::string err = errorOf([&] { t.forward(Point{400.0, 95.0}); });
  EXPECT_NE(err.find("cannot transform (400"), std::string::npos) << err;
  std::vector<Point> pts = {{121.5, 31}, {400, 95}};
  EXPECT_THROW(t.forward(pts), gis::Error);
  EXPECT_EQ(pts[0], (Point{121.5, 31})); // untouched on failure
}

TEST(CrsTest, OneTransformPerThread)
{
  std::vector<Point> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&results, i] {
      const Transform t(gis::kWgs84, gis::kCgcs2000Gk3_120E);
      for (int k = 0; k < 1000; ++k)
        results[i] = t.forward(Point{121.5, 31.0});
    });
  for (auto &th : threads)
    th.join();
  for (const Point &p : results)
    EXPECT_EQ(p, results[0]);
}

// The direct Gauss-Krüger formula the map loader uses against PROJ's EPSG:4326 -> GK transform,
// over every zone's width (±1.6° from the central meridian) and China's latitudes.
TEST(CrsTest, DirectGaussKrugerMatchesProjToAMillimetre)
{
  for (int epsg : {4534, gis::kCgcs2000Gk3_120E, gis::kCgcs2000Gk3_123E, 4554}) {
    const gis::GaussKruger3 direct(epsg);
    const Transform proj(gis::kWgs84, epsg);
    std::vector<Point> lonLat;
    for (double dLon = -1.6; dLon <= 1.6001; dLon += 0.2)
      for (double lat = 18.0; lat <= 53.5; lat += 0.5)
        lonLat.push_back({direct.centralMeridian() + dLon + 0.0123, lat + 0.0077});
    std::vector<Point> viaProj = lonLat;
    proj.forward(viaProj);
    std::vector<double> xs, ys;
    for (const Point &p : lonLat) {
      xs.push_back(p.x);
      ys.push_back(p.y);
    }
    direct.forward(xs.data(), ys.data(), xs.size());
    double worst = 0;
    for (std::size_t i = 0; i < lonLat.size(); ++i) {
      const Point d = direct.forward(lonLat[i]);
      EXPECT_EQ(d.x, xs[i]);
      EXPECT_EQ(d.y, ys[i]);
      worst = std::max(worst, std::hypot(d.x - viaProj[i].x, d.y - viaProj[i].y));
    }
    EXPECT_LT(worst, 0.001) << "EPSG:" << epsg;
  }
  // On the central meridian at 31° N: the meridian arc (see GaussKrugerAtTheCentralMeridian).
  const Point p = gis::GaussKruger3(gis::kCgcs2000Gk3_120E).forward(Point{120.0, 31.0});
  EXPECT_NEAR(p.x, 500000.0, 1e-6);
  EXPECT_NEAR(p.y, 3430974.323409, 1e-5);
  EXPECT_THROW(gis::GaussKruger3(4326), gis::Error);
}
