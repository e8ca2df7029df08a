#include "gis/Ogr.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace {

std::string errorOf(const std::string &path)
{
  try {
    gis::openVector(path);
  } catch (const gis::Error &e) {
    EXPECT_EQ(e.kind(), gis::Error::Kind::Gdal);
    return e.what();
  }
  return "(no error)";
}

gis::Geometry geometryOf(OGRFeatureH f)
{
  OGRGeometryH g = OGR_F_GetGeometryRef(f);
  std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
  OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char *>(wkb.data()));
  return gis::Geometry::fromWkb(reinterpret_cast<const unsigned char *>(wkb.data()), wkb.size());
}

} // namespace

TEST(OgrTest, OpensAVectorFileAndReadsItsFeatures)
{
  testutil::TempDir dir;
  const std::string path = dir.file("sites.geojson");
  std::ofstream(path) << R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"toilet 1"},"geometry":{"type":"Point","coordinates":[121.5,31.05]}},
    {"type":"Feature","properties":{"name":"river"},"geometry":{"type":"LineString","coordinates":[[121.5,31],[121.51,31.01]]}}]})";
  const gis::GdalDataset ds = gis::openVector(path);
  ASSERT_EQ(GDALDatasetGetLayerCount(ds.get()), 1);
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  EXPECT_EQ(OGR_L_GetFeatureCount(layer, 1), 2);
  OGR_L_ResetReading(layer);
  std::vector<std::string> wkts;
  for (gis::OgrFeature f(OGR_L_GetNextFeature(layer)); f; f.reset(OGR_L_GetNextFeature(layer)))
    wkts.push_back(geometryOf(f.get()).toWkt());
  EXPECT_EQ(wkts, (std::vector<std::string>{"POINT (121.5 31.05)", "LINESTRING (121.5 31, 121.51 31.01)"}));
}

TEST(OgrTest, ErrorsNameTheFileAndGdalsReason)
{
  testutil::TempDir dir;
  const std::string missing = dir.file("missing.shp");
  const std::string err = errorOf(missing);
  EXPECT_NE(err.find("cannot open '" + missing + "'"), std::string::npos) << err;
  EXPECT_NE(err.find("No such file"), std::string::npos) << err;
  EXPECT_NE(gis::lastGdalError(), "");

  const std::string garbage = dir.file("notes.txt");
  std::ofstream(garbage) << "not a GIS file\n";
  const std::string err2 = errorOf(garbage);
  EXPECT_NE(err2.find("notes.txt"), std::string::npos) << err2;
  EXPECT_NE(err2.find("not recognized"), std::string::npos) << err2;

  // The error record is per thread: another thread has seen none.
  std::string other = "unset";
  std::thread([&] { other = gis::lastGdalError(); }).join();
  EXPECT_EQ(other, "");
}

TEST(OgrTest, MinhangBoundaryFromSharedData)
{
  const std::string dir = testutil::sharedDataDir();
  if (dir.empty()) GTEST_SKIP() << "shared data folder absent";
  const gis::GdalDataset ds = gis::openVector(dir + "/minhang_district_geoboundaries_osm.geojson");
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  OGR_L_ResetReading(layer);
  gis::OgrFeature f(OGR_L_GetNextFeature(layer));
  ASSERT_TRUE(f);
  const gis::Geometry minhang = geometryOf(f.get());
  EXPECT_TRUE(gis::isValid(minhang));
  // An independent implementation on the same polygon: SpatiaLite 5.0.1 (librttopo spheroid area),
  // `ogrinfo -dialect SQLite -sql "SELECT ST_Area(geometry, 1) ..."` gives 373.056726805 km².
  // librttopo's series is good to about 1e-6, hence the 1000 m² tolerance.
  EXPECT_NEAR(gis::geodesicArea(minhang), 373.056726805e6, 1000.0);
  // Pujiang Town's government seat lies inside Minhang; People's Square (city centre) does not.
  const gis::PreparedGeometry prepared(minhang);
  EXPECT_TRUE(prepared.contains({121.513, 31.085}));
  EXPECT_FALSE(prepared.contains({121.4737, 31.2304}));
}
