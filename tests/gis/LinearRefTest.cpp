#include "gis/LinearRef.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using gis::Geometry;
using gis::Interval;
using gis::IntervalSet;
using gis::LinearRef;
using gis::Point;

namespace {

// North along 121.5° E, then east along 31.01° N: two ~1 km legs near Pujiang.
const gis::LineString kLine = {{121.5, 31.0}, {121.5, 31.01}, {121.51, 31.01}};

std::string wkt(const gis::LineString &line)
{
  return Geometry::lineString(line).toWkt(10);
}

} // namespace

TEST(LinearRefTest, LengthIsTheGeodesicLength)
{
  const LinearRef ref(kLine);
  EXPECT_DOUBLE_EQ(ref.length(), gis::geodesicLength(kLine));
  // 0.01° of meridian at 31° N is about 1109 m, 0.01° of the parallel about 954 m.
  EXPECT_NEAR(ref.length(), 1109 + 954, 3);
  EXPECT_THROW(LinearRef({{1, 1}}), gis::Error);
}

TEST(LinearRefTest, NearestProjectsOntoTheLine)
{
  const LinearRef ref(kLine);
  // 100 m east of the first leg, halfway up it.
  const Point q{121.5 + 100.0 / 95420.0, 31.005};
  const LinearRef::Nearest n = ref.nearest(q);
  EXPECT_NEAR(n.chainage, gis::geodesicDistance(kLine[0], {121.5, 31.005}), 0.01);
  EXPECT_NEAR(n.distance, gis::geodesicDistance(q, {121.5, 31.005}), 0.01);
  EXPECT_NEAR(n.distance, 100, 0.5);
  EXPECT_NEAR(n.point.x, 121.5, 1e-9);
  EXPECT_NEAR(n.point.y, 31.005, 1e-6);

  // Beyond the start and beyond the end the nearest point is the end vertex.
  const LinearRef::Nearest before = ref.nearest({121.5, 30.99});
  EXPECT_EQ(before.chainage, 0);
  EXPECT_EQ(before.point, kLine.front());
  const LinearRef::Nearest after = ref.nearest({121.52, 31.02});
  EXPECT_DOUBLE_EQ(after.chainage, ref.length());
  EXPECT_EQ(after.point, kLine.back());
}

TEST(LinearRefTest, NearestAgreesWithDenseSampling)
{
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> jitter(-0.004, 0.004);
  gis::LineString line;
  for (int i = 0; i < 30; ++i)
    line.push_back({121.46 + 0.003 * i + jitter(rng), 31.05 + jitter(rng) * 3});
  const LinearRef ref(line);
  for (int k = 0; k < 12; ++k) {
    const Point q{121.46 + 0.09 * (k / 20.0) + jitter(rng), 31.05 + jitter(rng) * 4};
    double brute = std::numeric_limits<double>::infinity();
    for (double c = 0; c <= ref.length(); c += 0.5)
      brute = std::min(brute, gis::geodesicDistance(q, ref.pointAt(c)));
    const LinearRef::Nearest n = ref.nearest(q);
    EXPECT_LE(n.distance, brute + 1e-3);
    EXPECT_GE(n.distance, brute - 0.5);
    EXPECT_NEAR(gis::geodesicDistance(n.point, ref.pointAt(n.chainage)), 0, 1e-6);
  }
}

TEST(LinearRefTest, PointAtInterpolatesAndClamps)
{
  const LinearRef ref(kLine);
  const double leg1 = gis::segmentLength(kLine[0], kLine[1]); // the chainage of kLine[1]
  EXPECT_EQ(ref.pointAt(-5), kLine.front());
  EXPECT_EQ(ref.pointAt(1e9), kLine.back());
  EXPECT_EQ(ref.pointAt(leg1), kLine[1]);
  const Point p = ref.pointAt(500);
  const Point expected = gis::geodesicDirect(kLine[0], 0, 500);
  EXPECT_NEAR(p.x, expected.x, 1e-12);
  EXPECT_NEAR(p.y, expected.y, 1e-12);
  EXPECT_NEAR(gis::geodesicDistance(kLine[0], p), 500, 1e-6);
  const Point q = ref.pointAt(leg1 + 300);
  EXPECT_NEAR(gis::geodesicDistance(kLine[1], q), 300, 1e-6);
  EXPECT_NEAR(ref.nearest(q).chainage, leg1 + 300, 1e-3);
}

TEST(LinearRefTest, SubLineKeepsInteriorVerticesAndInterpolatesEnds)
{
  const LinearRef ref(kLine);
  const double leg1 = gis::segmentLength(kLine[0], kLine[1]);       // the chainage of kLine[1]
  const gis::LineString sub = ref.subLine(ref.length() - 200, 400); // reversed arguments are swapped
  const Point start = gis::geodesicDirect(kLine[0], 0, 400);
  const Point end =
      gis::geodesicDirect(kLine[1], gis::geodesicAzimuth(kLine[1], kLine[2]), ref.length() - 200 - leg1);
  EXPECT_EQ(wkt(sub), wkt({start, kLine[1], end}));
  EXPECT_NEAR(gis::geodesicLength(sub), ref.length() - 600, 1e-3);

  EXPECT_EQ(wkt(ref.subLine(-100, 1e9)), wkt(kLine));
  EXPECT_EQ(wkt(ref.subLine(0, leg1)), wkt({kLine[0], kLine[1]}));
  EXPECT_EQ(ref.subLine(100, 200).size(), 2u);
}

TEST(IntervalSetTest, UnionMergesOverlappingAndAdjacent)
{
  IntervalSet set(0.5);
  set.add({0, 100});
  set.add({300, 400});
  set.add({50, 150});    // overlaps the first
  set.add({150.4, 200}); // within tolerance of the first: merges
  set.add({250, 260});
  EXPECT_EQ(set.intervals(), (std::vector<Interval>{{0, 200}, {250, 260}, {300, 400}}));
  EXPECT_DOUBLE_EQ(set.totalLength(), 310);
  set.add({400, 300}); // reversed, already covered
  set.add({70, 70});   // zero length: nothing
  EXPECT_DOUBLE_EQ(set.totalLength(), 310);
  set.add({190, 310}); // bridges three
  EXPECT_EQ(set.intervals(), (std::vector<Interval>{{0, 400}}));
}

TEST(IntervalSetTest, DifferenceSplitsAnInterval)
{
  IntervalSet set;
  set.add({0, 1000});
  set.subtract({200, 300});
  EXPECT_EQ(set.intervals(), (std::vector<Interval>{{0, 200}, {300, 1000}}));
  set.subtract({900, 2000});
  set.subtract({-10, 50});
  EXPECT_EQ(set.intervals(), (std::vector<Interval>{{50, 200}, {300, 900}}));
  EXPECT_DOUBLE_EQ(set.totalLength(), 750);

  IntervalSet other;
  other.add({100, 350});
  other.add({800, 850});
  IntervalSet copy = set;
  copy.subtract(other);
  EXPECT_EQ(copy.intervals(), (std::vector<Interval>{{50, 100}, {350, 800}, {850, 900}}));
  copy.unite(other);
  EXPECT_EQ(copy.intervals(), (std::vector<Interval>{{50, 900}}));
  copy.subtract(copy);
  EXPECT_TRUE(copy.empty());
}

TEST(IntervalSetTest, CoversWithTolerance)
{
  IntervalSet set;
  set.add({0, 500});
  set.add({500.3, 1000});
  EXPECT_TRUE(set.covers(100, 400, 0));
  EXPECT_FALSE(set.covers(400, 600, 0));   // the 0.3 m gap
  EXPECT_TRUE(set.covers(400, 600, 0.5));  // gap ignored
  EXPECT_TRUE(set.covers(1000.4, 0, 0.5)); // whole river, ends within tolerance
  EXPECT_FALSE(set.covers(0, 1001, 0.5));
  EXPECT_FALSE(IntervalSet().covers(0, 1, 0.5));
  set.subtract({700, 710});
  EXPECT_FALSE(set.covers(0, 1000, 0.5));
  EXPECT_TRUE(set.covers(0, 1000, 10.1));
}
