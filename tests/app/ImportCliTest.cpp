// planmap-cli import / export as a user runs them: the real binary, real files, real
// GDAL on the way back (ogrinfo).
#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"
#include "tests/data/io/ImportFixture.h"

#include "data/store/Store.h"
#include "gis/ChinaOffset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>

using testutil::runCli;

namespace {

class ImportCliTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    project = dir.file("p.planmap");
    importtest::makeProject(project);
  }
  std::size_t count(const std::string &layer) const
  {
    return data::openProject(project)->featureCount(layer);
  }

  testutil::TempDir dir;
  std::string project;
};

// Feature count, CRS line and the whole dump of `ogrinfo -al` on a file.
struct OgrInfo
{
  long count = -1;
  std::string summary, dump;
};

OgrInfo ogrinfo(const std::string &file)
{
  OgrInfo i;
  const auto s = testutil::run("/usr/bin/ogrinfo", {"-so", "-al", file});
  EXPECT_EQ(s.exitCode, 0) << s.err;
  i.summary = s.out;
  std::smatch m;
  if (std::regex_search(i.summary, m, std::regex("Feature Count: (\\d+)"))) i.count = std::stol(m[1]);
  i.dump = testutil::run("/usr/bin/ogrinfo", {"-al", "-q", file}).out;
  return i;
}

std::size_t occurrences(const std::string &text, const std::string &what)
{
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

const char *kToilets = R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"公厕甲","beds":3},"geometry":{"type":"Point","coordinates":[121.50,31.05]}},
  {"type":"Feature","properties":{"name":"公厕乙","beds":5},"geometry":{"type":"Point","coordinates":[121.51,31.06]}}]})";

} // namespace

TEST_F(ImportCliTest, DryRunPrintsTheReportAndWritesNothing)
{
  const std::string f = dir.file("t.geojson");
  importtest::writeText(f, kToilets);
  auto r = runCli({"import", project, f, "--layer", "toilets", "--dry-run", "--user", "planner1"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("features read: 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fields: beds->beds name->name"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dry run: 2 feature(s) would be imported; nothing written"), std::string::npos)
      << r.out;
  EXPECT_EQ(count("toilets"), 0u);

  r = runCli({"import", project, f, "--layer", "toilets", "--user", "planner1"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2 feature(s) into layer toilets"), std::string::npos) << r.out;
  EXPECT_EQ(count("toilets"), 2u);
}

TEST_F(ImportCliTest, CsvWithoutCrsNeedsCrsAndWritesNothingUntilGiven)
{
  const std::string f = dir.file("sites.csv");
  importtest::writeText(f, "name,lon,lat,beds\n长者照护之家,121.49,31.04,30\n敬老院,121.53,31.08,120\n");
  auto r = runCli({"import", project, f, "--layer", "toilets", "--user", "planner1"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_NE(r.err.find(f + " has no coordinate system; give --crs EPSG:N"), std::string::npos) << r.err;
  EXPECT_EQ(count("toilets"), 0u);

  r = runCli({"import", project, f, "--layer", "toilets", "--crs", "EPSG:4326", "--user", "planner1"});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_EQ(count("toilets"), 2u);
  const auto feats = data::openProject(project)->features("toilets");
  ASSERT_EQ(feats.size(), 2u);
  EXPECT_EQ(feats[0].name, "长者照护之家");
  EXPECT_NEAR(feats[0].geometry.asPoint().x, 121.49, 1e-9);
}

TEST_F(ImportCliTest, FromGcj02ConvertsToWgs84)
{
  const std::string f = dir.file("gcj.geojson");
  importtest::writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"web map point"},"geometry":{"type":"Point","coordinates":[121.5,31.05]}}]})");
  auto r = runCli({"import", project, f, "--layer", "toilets", "--from-gcj02", "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  const auto feats = data::openProject(project)->features("toilets");
  ASSERT_EQ(feats.size(), 1u);
  const gis::Point got = feats[0].geometry.asPoint();
  const gis::Point want = gis::wgs84FromGcj02(gis::Geometry::point({121.5, 31.05})).asPoint();
  EXPECT_NEAR(got.x, want.x, 1e-9);
  EXPECT_NEAR(got.y, want.y, 1e-9);
  // GCJ-02 is some hundreds of metres off WGS84 around Shanghai.
  EXPECT_GT(std::hypot(got.x - 121.5, got.y - 31.05), 0.002);
}

TEST_F(ImportCliTest, EncodingOptionReadsGbkText)
{
  const std::string f = dir.file("gbk.csv");
  // "公厕" in GBK, written as raw bytes.
  importtest::writeText(f, "name,lon,lat\n\xb9\xab\xb2\xde,121.50,31.05\n");
  auto r = runCli({"import", project, f, "--layer", "toilets", "--crs", "EPSG:4326", "--encoding", "GBK",
                   "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("(--encoding)"), std::string::npos) << r.out;
  const auto feats = data::openProject(project)->features("toilets");
  ASSERT_EQ(feats.size(), 1u);
  EXPECT_EQ(feats[0].name, "公厕");

  r = runCli({"import", project, f, "--layer", "toilets", "--crs", "EPSG:4326", "--encoding", "NO-SUCH",
              "--dry-run", "--user", "planner1"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("unknown text encoding"), std::string::npos) << r.err;
}

TEST_F(ImportCliTest, MapSendsSourceFieldsWhereTheUserSays)
{
  const std::string f = dir.file("r.geojson");
  importtest::writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"nm":"咸塘港","WQ":"IV","w":12.5},"geometry":{"type":"LineString","coordinates":[[121.47,31.05],[121.48,31.06]]}}]})");
  auto r = runCli({"import", project, f, "--layer", "rivers", "--map", "nm=name", "--map", "WQ=grade",
                   "--map", "w=width_m", "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  const auto feats = data::openProject(project)->features("rivers");
  ASSERT_EQ(feats.size(), 1u);
  EXPECT_EQ(feats[0].name, "咸塘港");
  EXPECT_EQ(data::valueToString(feats[0].attributes.at("grade")), "IV");
  EXPECT_DOUBLE_EQ(std::get<double>(feats[0].attributes.at("width_m")), 12.5);

  r = runCli(
      {"import", project, f, "--layer", "rivers", "--map", "nope=name", "--dry-run", "--user", "planner1"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

TEST_F(ImportCliTest, NewLayerTakesTheFilesFieldsThenExportsToGeoPackageOgrinfoReads)
{
  const std::string f = dir.file("t.geojson");
  importtest::writeText(f, kToilets);
  auto r = runCli({"import", project, f, "--layer", "survey", "--new-layer", "调查点", "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  auto store = data::openProject(project);
  const auto layer = store->layer("survey");
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->nameZh, "调查点");
  EXPECT_EQ(layer->geometryType, "Point");
  EXPECT_EQ(store->featureCount("survey"), 2u);
  ASSERT_FALSE(layer->fields.empty());
  EXPECT_EQ(layer->fields[0].name, "beds");

  // One layer to GeoPackage.
  const std::string one = dir.file("survey.gpkg");
  r = runCli({"export", project, "--layer", "survey", "--out", one});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("exported 2 feature(s) as GPKG"), std::string::npos) << r.out;
  OgrInfo i = ogrinfo(one);
  EXPECT_EQ(i.count, 2);
  EXPECT_NE(i.summary.find("EPSG\",4326"), std::string::npos) << i.summary;
  EXPECT_NE(i.dump.find("公厕甲"), std::string::npos);
  EXPECT_NE(i.dump.find("公厕乙"), std::string::npos);

  // The whole project: one GeoPackage layer per project layer with features.
  const std::string all = dir.file("all.gpkg");
  r = runCli({"export", project, "--all", "--out", all});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  i = ogrinfo(all);
  EXPECT_NE(i.summary.find("Layer name: survey"), std::string::npos) << i.summary;
  EXPECT_NE(i.summary.find("Layer name: boundary"), std::string::npos) << i.summary;
  EXPECT_NE(i.dump.find("浦江镇"), std::string::npos);
  EXPECT_NE(i.dump.find("公厕甲"), std::string::npos);
}

TEST(ImportCli, ExportAsOfShowsTheStatusOfThatDate)
{
  testutil::TempDir dir;
  const std::string sample = testutil::sampleProjectCopy(dir);
  const std::string now = dir.file("now.gpkg"), before = dir.file("before.gpkg");
  auto r = runCli({"export", sample, "--layer", "rivers", "--out", now});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  r = runCli({"export", sample, "--layer", "rivers", "--out", before, "--as-of", "2019-12-31"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("(status as of 2019-12-31)"), std::string::npos) << r.out;
  const OgrInfo a = ogrinfo(now), b = ogrinfo(before);
  EXPECT_EQ(a.count, b.count);
  EXPECT_GT(a.count, 0);
  // Before the plan started nothing is under way; today some rivers are done.
  EXPECT_EQ(occurrences(b.dump, "status (String) = planned"), static_cast<std::size_t>(b.count))
      << b.dump.substr(0, 2000);
  EXPECT_GT(occurrences(a.dump, "status (String) = completed") +
                occurrences(a.dump, "status (String) = accepted") +
                occurrences(a.dump, "status (String) = in_progress"),
            0u);
}
