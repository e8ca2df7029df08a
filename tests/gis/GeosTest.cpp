#include "gis/Geos.h"
#include "gis/Error.h"

#include <gtest/gtest.h>

#include <thread>

using gis::Geometry;
using gis::Point;

namespace {

Geometry wkt(const std::string &text)
{
  return Geometry::fromWkt(text);
}

// GEOS may start a ring at any vertex; compare shapes by symmetric difference instead of text.
void expectSameShape(const Geometry &actual, const std::string &expectedWkt)
{
  const Geometry expected = wkt(expectedWkt);
  EXPECT_EQ(actual.type(), expected.type()) << actual.toWkt();
  EXPECT_TRUE(gis::difference(actual, expected).isEmpty()) << actual.toWkt();
  EXPECT_TRUE(gis::difference(expected, actual).isEmpty()) << actual.toWkt();
}

} // namespace

TEST(GeosTest, ConversionRoundTripsEveryType)
{
  for (const char *text :
       {"POINT (121.5 31.05)", "LINESTRING (0 0, 1 1, 2 0)",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", "MULTIPOINT ((1 2), (3 4))",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))", "POINT EMPTY", "LINESTRING EMPTY",
        "POLYGON EMPTY", "MULTIPOLYGON EMPTY", "GEOMETRYCOLLECTION EMPTY"}) {
    const gis::GeosGeom g = gis::toGeos(wkt(text));
    EXPECT_EQ(gis::fromGeos(g.get()).toWkt(), text);
  }
}

TEST(GeosTest, MakeValidSplitsABowTie)
{
  const Geometry bowTie = wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))");
  std::string reason;
  EXPECT_FALSE(gis::isValid(bowTie, &reason));
  EXPECT_NE(reason.find("Self-intersection"), std::string::npos) << reason;
  const Geometry fixed = gis::makeValid(bowTie);
  EXPECT_TRUE(gis::isValid(fixed));
  expectSameShape(fixed, "MULTIPOLYGON (((0 0, 1 1, 0 2, 0 0)), ((1 1, 2 2, 2 0, 1 1)))");

  EXPECT_TRUE(gis::isValid(wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))"), &reason));
  EXPECT_EQ(reason, "Valid Geometry");
}

TEST(GeosTest, InvalidConstructionIsReportedNotThrown)
{
  // A ring that is not closed cannot even be built by GEOS.
  Geometry open = Geometry::polygon(gis::Polygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}});
  std::string reason;
  EXPECT_FALSE(gis::isValid(open, &reason));
  EXPECT_NE(reason.find("closed"), std::string::npos) << reason;
  try {
    gis::buffer(open, 1.0);
    FAIL() << "expected gis::Error";
  } catch (const gis::Error &e) {
    EXPECT_EQ(e.kind(), gis::Error::Kind::Geos);
    EXPECT_NE(std::string(e.what()).find("GEOS build a polygon ring failed"), std::string::npos) << e.what();
  }
}

TEST(GeosTest, OverlayOperations)
{
  const Geometry a = wkt("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))");
  const Geometry b = wkt("POLYGON ((2 2, 6 2, 6 6, 2 6, 2 2))");
  expectSameShape(gis::intersection(a, b), "POLYGON ((2 2, 4 2, 4 4, 2 4, 2 2))");
  expectSameShape(gis::difference(a, b), "POLYGON ((0 0, 4 0, 4 2, 2 2, 2 4, 0 4, 0 0))");
  expectSameShape(gis::unionOf(a, b), "POLYGON ((0 0, 4 0, 4 2, 6 2, 6 6, 2 6, 2 4, 0 4, 0 0))");
  EXPECT_TRUE(gis::intersection(a, wkt("POINT (10 10)")).isEmpty());
  // Touching squares share an edge: the intersection's highest dimension is the line.
  EXPECT_EQ(gis::intersection(a, wkt("POLYGON ((4 0, 8 0, 8 4, 4 4, 4 0))")).dimension(), 1);
  const Geometry buf = gis::buffer(wkt("POINT (0 0)"), 1.0, 8);
  EXPECT_EQ(buf.type(), Geometry::Type::Polygon);
  EXPECT_EQ(buf.vertexCount(), 33u); // 4 quadrants × 8 segments, closed
  EXPECT_TRUE(gis::intersects(a, b));
  EXPECT_FALSE(gis::intersects(a, wkt("POINT (5 5)")));
  EXPECT_DOUBLE_EQ(gis::distanceDeg(a, wkt("POINT (7 4)")), 3.0);
}

TEST(GeosTest, PointOnSurfaceAndCentroid)
{
  // An L shape whose centroid lies outside it; the point on surface never does.
  const Geometry l = wkt("POLYGON ((0 0, 10 0, 10 1, 1 1, 1 10, 0 10, 0 0))");
  const Point c = gis::centroid(l);
  // Bottom bar 10 × 1 centred at x = 5, upright bar 1 × 9 centred at x = 0.5.
  EXPECT_NEAR(c.x, (10 * 5 + 9 * 0.5) / 19, 1e-9);
  EXPECT_NEAR(c.x, c.y, 1e-12);
  EXPECT_FALSE(gis::PreparedGeometry(l).contains(c));
  EXPECT_TRUE(gis::PreparedGeometry(l).contains(gis::pointOnSurface(l)));
  EXPECT_THROW(gis::centroid(Geometry::empty(Geometry::Type::Polygon)), gis::Error);
}

TEST(GeosTest, VoronoiOfThreePointsClippedToTheEnvelope)
{
  const std::vector<Point> sites = {{1, 1}, {3, 1}, {1, 3}};
  const Geometry cells = gis::voronoi(sites, gis::Envelope{0, 0, 4, 4});
  ASSERT_EQ(cells.type(), Geometry::Type::MultiPolygon);
  const std::vector<gis::Polygon> polys = cells.polygons();
  ASSERT_EQ(polys.size(), 3u);
  // Bisectors x = 2, y = 2 and the diagonal y = x meet at (2, 2); cells follow the site order.
  expectSameShape(Geometry::polygon(polys[0]), "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))");
  expectSameShape(Geometry::polygon(polys[1]), "POLYGON ((2 0, 4 0, 4 4, 2 2, 2 0))");
  expectSameShape(Geometry::polygon(polys[2]), "POLYGON ((0 2, 2 2, 4 4, 0 4, 0 2))");

  // A repeated site shares its cell; a site whose cell lies outside the clip gets an empty part.
  const Geometry more = gis::voronoi({{1, 1}, {3, 1}, {1, 1}, {9, 1}}, gis::Envelope{0, 0, 4, 4});
  const std::vector<gis::Polygon> morePolys = more.polygons();
  ASSERT_EQ(morePolys.size(), 4u);
  EXPECT_EQ(morePolys[0], morePolys[2]);
  expectSameShape(Geometry::polygon(morePolys[1]), "POLYGON ((2 0, 4 0, 4 4, 2 4, 2 0))");
  EXPECT_TRUE(morePolys[3].rings.empty());
  EXPECT_TRUE(more.toWkt().ends_with(", EMPTY)")) << more.toWkt();

  const Geometry one = gis::voronoi({{1, 1}}, gis::Envelope{0, 0, 4, 4});
  expectSameShape(Geometry::polygon(one.polygons().at(0)), "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))");
}

TEST(GeosTest, PreparedContainsAndIntersects)
{
  const gis::PreparedGeometry holed(
      wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))"));
  EXPECT_TRUE(holed.contains({1, 1}));
  EXPECT_FALSE(holed.contains({5, 5}));  // in the hole
  EXPECT_FALSE(holed.contains({0, 5}));  // on the boundary
  EXPECT_FALSE(holed.contains({11, 5})); // outside the envelope
  EXPECT_TRUE(holed.intersects(wkt("LINESTRING (-1 -1, 1 1)")));
  EXPECT_FALSE(holed.intersects(wkt("POINT (5 5)")));
  EXPECT_EQ(holed.envelope(), (gis::Envelope{0, 0, 10, 10}));
}

TEST(GeosTest, ContextPerThread)
{
  const Geometry a = wkt("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))");
  std::vector<std::size_t> counts(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      EXPECT_NE(gis::GeosContext::forThread().handle(), nullptr);
      for (int k = 0; k < 200; ++k)
        counts[i] = gis::buffer(a, 1.0 + i).vertexCount();
    });
  for (auto &t : threads)
    t.join();
  for (std::size_t c : counts)
    EXPECT_EQ(c, counts[0]);
}
