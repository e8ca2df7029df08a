#include "gis/Geometry.h"
#include "gis/Error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using gis::Geometry;

namespace {

std::string roundTripWkt(const std::string &wkt)
{
  return Geometry::fromWkt(wkt).toWkt();
}

std::vector<unsigned char> fromHex(const std::string &hex)
{
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string toHex(const std::string &bytes)
{
  static const char *digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

Geometry fromWkbHex(const std::string &hex)
{
  const auto bytes = fromHex(hex);
  return Geometry::fromWkb(bytes.data(), bytes.size());
}

std::string wktErrorOf(const std::string &wkt)
{
  try {
    Geometry::fromWkt(wkt);
  } catch (const gis::Error &e) {
    EXPECT_EQ(e.kind(), gis::Error::Kind::Input);
    return e.what();
  }
  return "(no error)";
}

const std::vector<std::string> kEveryType = {
    "POINT (121.5 31.05)",
    "LINESTRING (121.5 31, 121.51 31.01, 121.52 31.005)",
    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
    "MULTIPOINT ((1 2), (3 4))",
    "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))",
    "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (5.2 5.1, 5.8 5.1, 5.8 5.7, 5.2 5.1)))",
    "POINT EMPTY",
    "LINESTRING EMPTY",
    "POLYGON EMPTY",
    "MULTIPOINT EMPTY",
    "MULTILINESTRING EMPTY",
    "MULTIPOLYGON EMPTY",
    "GEOMETRYCOLLECTION EMPTY",
};

} // namespace

TEST(GeometryTest, WktRoundTripsEveryType)
{
  for (const std::string &wkt : kEveryType)
    EXPECT_EQ(roundTripWkt(wkt), wkt);
}

TEST(GeometryTest, WktReaderAcceptsVariants)
{
  EXPECT_EQ(roundTripWkt("  point(1   2)  "), "POINT (1 2)");
  EXPECT_EQ(roundTripWkt("POINT Z (1 2 3)"), "POINT (1 2)");
  EXPECT_EQ(roundTripWkt("LINESTRING ZM (0 0 5 6, 1 1 7 8)"), "LINESTRING (0 0, 1 1)");
  EXPECT_EQ(roundTripWkt("LINESTRING (0 0 5, 1 1 7)"), "LINESTRING (0 0, 1 1)");
  EXPECT_EQ(roundTripWkt("SRID=4326;POINT(121.5 31)"), "POINT (121.5 31)");
  EXPECT_EQ(roundTripWkt("MULTIPOINT (1 2, 3 4)"), "MULTIPOINT ((1 2), (3 4))");
  EXPECT_EQ(roundTripWkt("MULTILINESTRING (EMPTY, (0 0, 1 1))"), "MULTILINESTRING ((0 0, 1 1))");
  EXPECT_EQ(roundTripWkt("POINT (+1.5e2 -3E-1)"), "POINT (150 -0.3)");
}

TEST(GeometryTest, WktKeepsFullPrecisionWith17Digits)
{
  const Geometry g = Geometry::point({121.45812345678901, 31.123456789012345});
  EXPECT_EQ(Geometry::fromWkt(g.toWkt(17)), g);
  EXPECT_EQ(Geometry::point({0.1, 1.0 / 3}).toWkt(6), "POINT (0.1 0.333333)");
}

TEST(GeometryTest, MalformedWktThrowsWithMessage)
{
  EXPECT_NE(wktErrorOf("").find("expected a geometry type"), std::string::npos);
  EXPECT_NE(wktErrorOf("CIRCLE (1 2)").find("unknown geometry type 'CIRCLE'"), std::string::npos);
  EXPECT_NE(wktErrorOf("POINT (1)").find("expected a number at character 9"), std::string::npos);
  EXPECT_NE(wktErrorOf("LINESTRING (0 0, 1 1").find("expected ')'"), std::string::npos);
  EXPECT_NE(wktErrorOf("LINESTRING (0 0)").find("at least 2 points"), std::string::npos);
  EXPECT_NE(wktErrorOf("POLYGON ((0 0, 1 0, 1 1, 0 1))").find("must be closed"), std::string::npos);
  EXPECT_NE(wktErrorOf("POINT (1 2) junk").find("unexpected text after the geometry"), std::string::npos);
  EXPECT_NE(wktErrorOf("POINT (nan 2)").find("expected a number"), std::string::npos);
  EXPECT_NE(wktErrorOf("GEOMETRYCOLLECTION (POINT (1 2))").find("not supported"), std::string::npos);
  // The message quotes the input so a user can find the feature.
  EXPECT_NE(wktErrorOf("POINT (1 2").find("\"POINT (1 2\""), std::string::npos);
}

TEST(GeometryTest, WkbRoundTripsEveryType)
{
  for (const std::string &wkt : kEveryType) {
    const Geometry g = Geometry::fromWkt(wkt);
    const std::string wkb = g.toWkb();
    const Geometry back = Geometry::fromWkb(reinterpret_cast<const unsigned char *>(wkb.data()), wkb.size());
    EXPECT_EQ(back, g) << wkt;
    EXPECT_EQ(back.toWkt(), wkt);
  }
}

TEST(GeometryTest, WkbMatchesTheStandardEncoding)
{
  // POINT (1 2) in little-endian ISO WKB, as printed by PostGIS ST_AsBinary and in the OGC examples.
  EXPECT_EQ(toHex(Geometry::point({1, 2}).toWkb()), "0101000000000000000000F03F0000000000000040");
  // LINESTRING (0 0, 1 1): type 2, two points.
  EXPECT_EQ(toHex(Geometry::lineString({{0, 0}, {1, 1}}).toWkb()), "010200000002000000"
                                                                   "00000000000000000000000000000000"
                                                                   "000000000000F03F000000000000F03F");
}

TEST(GeometryTest, WkbReaderAcceptsBigEndianAndDropsZM)
{
  EXPECT_EQ(fromWkbHex("00000000013FF00000000000004000000000000000").toWkt(), "POINT (1 2)");
  // ISO POINT Z (1 2 3): type 1001.
  EXPECT_EQ(fromWkbHex("01E9030000000000000000F03F00000000000000400000000000000840").toWkt(), "POINT (1 2)");
  // ISO POINT ZM (1 2 3 4): type 3001.
  EXPECT_EQ(fromWkbHex("01B90B0000000000000000F03F000000000000004000000000000008400000000000001040").toWkt(),
            "POINT (1 2)");
  // PostGIS EWKB SRID=4326;POINT(1 2): SRID flag 0x20000000 then the SRID.
  EXPECT_EQ(fromWkbHex("0101000020E6100000000000000000F03F0000000000000040").toWkt(), "POINT (1 2)");
}

TEST(GeometryTest, BadWkbThrows)
{
  EXPECT_THROW(fromWkbHex(""), gis::Error);
  EXPECT_THROW(fromWkbHex("0101000000000000000000F03F"), gis::Error);                   // truncated
  EXPECT_THROW(fromWkbHex("0263000000000000000000F03F0000000000000040"), gis::Error);   // bad byte order
  EXPECT_THROW(fromWkbHex("0109000000000000000000F03F0000000000000040"), gis::Error);   // unknown type
  EXPECT_THROW(fromWkbHex("010200000000FFFFFF"), gis::Error);                           // huge count
  EXPECT_THROW(fromWkbHex("0101000000000000000000F03F000000000000004000"), gis::Error); // trailing byte
  try {
    fromWkbHex("0101000000000000000000F03F");
  } catch (const gis::Error &e) {
    EXPECT_EQ(e.kind(), gis::Error::Kind::Input);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos);
  }
}

TEST(GeometryTest, AccessorsEnvelopeAndVertexCount)
{
  const Geometry poly = Geometry::fromWkt(kEveryType[2]);
  EXPECT_EQ(poly.type(), Geometry::Type::Polygon);
  EXPECT_EQ(poly.dimension(), 2);
  EXPECT_STREQ(poly.typeName(), "Polygon");
  EXPECT_EQ(poly.vertexCount(), 10u);
  EXPECT_EQ(poly.asPolygon().rings.size(), 2u);
  EXPECT_EQ(poly.envelope(), (gis::Envelope{0, 0, 10, 10}));
  EXPECT_THROW(poly.asLineString(), gis::Error);

  const Geometry multi = Geometry::fromWkt(kEveryType[4]);
  EXPECT_EQ(multi.lines().size(), 2u);
  EXPECT_EQ(multi.vertexCount(), 5u);
  EXPECT_THROW(multi.asLineString(), gis::Error); // two parts
  EXPECT_EQ(Geometry::fromWkt("MULTILINESTRING ((0 0, 1 1))").asLineString().size(), 2u);
  EXPECT_THROW(multi.polygons(), gis::Error);

  EXPECT_EQ(Geometry::fromWkt("POINT (3 4)").asPoint(), (gis::Point{3, 4}));
  EXPECT_THROW(Geometry::fromWkt("POINT EMPTY").asPoint(), gis::Error);
  EXPECT_TRUE(Geometry().isEmpty());
  EXPECT_EQ(Geometry().dimension(), -1);
  EXPECT_TRUE(Geometry().envelope().isNull());
  EXPECT_EQ(Geometry::fromWkt(kEveryType[5]).polygons().size(), 2u);
}
