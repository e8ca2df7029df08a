#include "gis/ChinaOffset.h"
#include "gis/Geodesic.h"

#include <gtest/gtest.h>

using namespace gis;

namespace {

// A 0.5-degree grid over the offset area's mainland part.
template <typename Fn> void forChinaGrid(Fn fn)
{
  for (double lat = 18.0; lat <= 53.5; lat += 0.5)
    for (double lon = 73.5; lon <= 135.0; lon += 0.5)
      fn(Point{lon, lat});
}

} // namespace

TEST(ChinaOffset, Gcj02RoundTripWithinHalfMetreOverChina)
{
  double worst = 0;
  forChinaGrid([&](const Point &wgs) {
    const Point back = wgs84FromGcj02(gcj02FromWgs84(wgs));
    worst = std::max(worst, geodesicDistance(wgs, back));
  });
  EXPECT_LT(worst, 0.5);
  EXPECT_LT(worst, 0.01) << "the iteration should converge far below the required 0.5 m";
}

TEST(ChinaOffset, Bd09RoundTripWithinHalfMetreOverChina)
{
  double worst = 0;
  forChinaGrid([&](const Point &wgs) {
    const Point back = wgs84FromBd09(bd09FromWgs84(wgs));
    worst = std::max(worst, geodesicDistance(wgs, back));
  });
  EXPECT_LT(worst, 0.5);
}

TEST(ChinaOffset, OffsetIsTheKnownFewHundredMetres)
{
  // GCJ-02 shifts points by roughly 100-700 m inside China; BD-09 adds about another kilometre.
  forChinaGrid([&](const Point &wgs) {
    const double d = geodesicDistance(wgs, gcj02FromWgs84(wgs));
    ASSERT_GT(d, 10.0) << wgs.x << " " << wgs.y;
    ASSERT_LT(d, 1000.0) << wgs.x << " " << wgs.y;
  });
  const Point pujiang{121.51, 31.06};
  const double bd = geodesicDistance(pujiang, bd09FromWgs84(pujiang));
  EXPECT_GT(bd, 500.0);
  EXPECT_LT(bd, 2000.0);
}

TEST(ChinaOffset, PointsOutsideChinaPassUnchanged)
{
  for (const Point p : {Point{2.35, 48.85}, Point{-74.0, 40.7}, Point{151.2, -33.87}, Point{139.0, 35.7},
                        Point{70.0, 30.0}, Point{100.0, 60.0}}) {
    EXPECT_FALSE(insideChinaOffsetArea(p));
    EXPECT_EQ(gcj02FromWgs84(p), p);
    EXPECT_EQ(wgs84FromGcj02(p), p);
    EXPECT_EQ(bd09FromWgs84(p), p);
    EXPECT_EQ(wgs84FromBd09(p), p);
  }
}

TEST(ChinaOffset, GeometryConversionMovesEveryVertex)
{
  const Point a{121.47, 31.05};
  const Point b{121.52, 31.10};
  const Geometry gcj = Geometry::lineString({gcj02FromWgs84(a), gcj02FromWgs84(b)});
  const Geometry wgs = wgs84FromGcj02(gcj);
  ASSERT_EQ(wgs.type(), Geometry::Type::LineString);
  EXPECT_LT(geodesicDistance(wgs.asLineString()[0], a), 0.01);
  EXPECT_LT(geodesicDistance(wgs.asLineString()[1], b), 0.01);
}
