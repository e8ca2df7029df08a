#include "data/io/Exporter.h"
#include "data/io/Importer.h"
#include "tests/data/io/ImportFixture.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>

using namespace data;
using namespace importtest;

namespace {

// A project with Chinese names and attributes in three layers and some progress.
class ExportTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    store = makeProject(dir.file("p.planmap"), false);
    Feature r;
    r.layerId = "rivers";
    r.code = "HD-001";
    r.name = "咸塘港";
    r.geometry = gis::Geometry::fromWkt(
        "LINESTRING (121.4712345678 31.0512345678, 121.4798765432 31.0598765432, 121.49 31.06)");
    r.attributes = {{"grade", std::string("劣V类")}, {"width_m", 12.25}};
    Feature r2 = r;
    r2.code = "HD-002";
    r2.name = "沈庄塘";
    r2.geometry = gis::Geometry::fromWkt("LINESTRING (121.50 31.02, 121.51 31.03)");
    r2.attributes = {{"grade", std::string("IV")}};
    Feature t;
    t.layerId = "toilets";
    t.code = "GC-1";
    t.name = "浦江一厕";
    t.geometry = gis::Geometry::fromWkt("POINT (121.5123456789 31.0612345678)");
    t.attributes = {{"beds", std::int64_t{3}}, {"kind", std::string("overhaul")}};
    Feature p;
    p.layerId = "forest";
    p.code = "LD-1";
    p.name = "香樟林";
    p.geometry =
        gis::Geometry::fromWkt("POLYGON ((121.50 31.00, 121.51 31.00, 121.51 31.01, 121.50 31.01, 121.50 "
                               "31.00), (121.502 31.002, 121.502 31.004, 121.504 31.004, 121.502 31.002))");
    p.attributes = {{"species", std::string("香樟")}};
    ids = store->addFeatures("planner1", {r, r2, t, p});
    Event e;
    e.featureId = ids[0];
    e.kind = EventKind::Stretch;
    e.fromM = 0;
    e.toM = 300;
    e.date = "2020-06-01";
    e.user = "engineer1";
    store->appendEvent("engineer1", e);
    Event done;
    done.featureId = ids[2];
    done.kind = EventKind::Status;
    done.status = Status::Completed;
    done.date = "2020-09-01";
    store->appendEvent("engineer1", done);
  }

  ExportResult exportTo(const std::string &out, std::vector<std::string> layers, const std::string &crs = {},
                        const std::string &asOf = {}, const std::string &format = {})
  {
    ExportOptions o;
    o.format = format;
    o.out = out;
    o.layers = std::move(layers);
    o.crs = crs;
    o.asOf = asOf;
    return Exporter(*store).run(o);
  }

  // Imports `file` into a fresh project as a new layer and returns its features.
  std::vector<Feature> reimport(const std::string &file, const std::string &crs = {},
                                const std::string &sourceLayer = {})
  {
    const std::string path = dir.file("back" + std::to_string(++reimports) + ".planmap");
    auto back = makeProject(path, false);
    ImportOptions o;
    o.file = file;
    o.layer = "back";
    o.newLayer = true;
    o.crs = crs;
    o.sourceLayer = sourceLayer;
    o.user = "planner1";
    const ImportReport r = Importer(*back).run(o);
    EXPECT_TRUE(r.written) << r.text();
    return back->features("back");
  }

  const Feature &original(const std::string &code)
  {
    static std::vector<Feature> all;
    all.clear();
    for (const char *l : {"rivers", "toilets", "forest"})
      for (auto &f : store->features(l))
        all.push_back(f);
    for (const auto &f : all)
      if (f.code == code) return f;
    throw std::runtime_error("no " + code);
  }

  void expectSame(const std::vector<Feature> &back, bool attributes = true)
  {
    ASSERT_FALSE(back.empty());
    for (const auto &b : back) {
      const Feature &o = original(b.code);
      EXPECT_EQ(b.name, o.name);
      EXPECT_LT(maxVertexDiff(b.geometry, o.geometry), 1e-7) << b.code << " " << b.geometry.toWkt();
      if (!attributes) continue;
      for (const auto &[k, v] : o.attributes) {
        ASSERT_TRUE(b.attributes.count(k)) << b.code << " lost " << k;
        EXPECT_EQ(valueToString(b.attributes.at(k)), valueToString(v)) << b.code << " " << k;
      }
    }
  }

  testutil::TempDir dir;
  std::unique_ptr<Store> store;
  std::vector<std::int64_t> ids;
  int reimports = 0;
};

std::size_t gdalCount(const std::string &file, std::string *srsName = nullptr)
{
  gis::GdalDataset ds = gis::openVector(file);
  std::size_t n = 0;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
    OGRLayerH l = GDALDatasetGetLayer(ds.get(), i);
    n += static_cast<std::size_t>(OGR_L_GetFeatureCount(l, TRUE));
    if (srsName && OGR_L_GetSpatialRef(l)) *srsName = OSRGetName(OGR_L_GetSpatialRef(l));
  }
  return n;
}

} // namespace

TEST_F(ExportTest, GeoPackageRoundTripKeepsGeometryAttributesAndProgress)
{
  const std::string out = dir.file("all.gpkg");
  const ExportResult r = exportTo(out, {});
  EXPECT_EQ(r.format, "GPKG");
  EXPECT_EQ(r.features, 4u);
  std::string srs;
  EXPECT_EQ(gdalCount(out, &srs), 4u);
  EXPECT_EQ(srs, "WGS 84");
  const auto rivers = reimport(out, {}, "rivers");
  expectSame(rivers);
  ASSERT_EQ(rivers.size(), 2u);
  // The derived columns come back as plain attributes, renamed off the new layer's own columns.
  EXPECT_EQ(valueToString(rivers[0].attributes.at("status_1")), "in_progress");
  EXPECT_NEAR(*valueToDouble(rivers[0].attributes.at("done_m_1")), 300.0, 1e-6);
  EXPECT_EQ(valueToString(rivers[0].attributes.at("last_event")), "2020-06-01");
  EXPECT_NEAR(*valueToDouble(rivers[0].attributes.at("length_m_1")), original("HD-001").lengthM, 1e-6);
  expectSame(reimport(out, {}, "toilets"));
  expectSame(reimport(out, {}, "forest"));
}

TEST_F(ExportTest, StatusAsOfADateBeforeTheWork)
{
  const std::string out = dir.file("asof.gpkg");
  exportTo(out, {"toilets"}, {}, "2020-08-01");
  const auto back = reimport(out);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(valueToString(back[0].attributes.at("status_1")), "planned");
  exportTo(dir.file("now.gpkg"), {"toilets"});
  EXPECT_EQ(valueToString(reimport(dir.file("now.gpkg"))[0].attributes.at("status_1")), "completed");
}

TEST_F(ExportTest, ShapefileHasUtf8CpgAndShortFieldNames)
{
  const std::string out = dir.file("rivers.shp");
  const ExportResult r = exportTo(out, {"rivers"});
  EXPECT_EQ(r.format, "ESRI Shapefile");
  EXPECT_EQ(testutil::readFile(dir.file("rivers.cpg")).substr(0, 5), "UTF-8");
  EXPECT_EQ(gdalCount(out), 2u);
  expectSame(reimport(out));

  // Long field names are cut to 10 characters, uniquely, and the notes say so.
  data::LayerDef sites{"eldercare", "养老", "Elder care", "Point", true, 40, {}};
  sites.fields = {data::FieldDef{"beds_planned_2020", "integer"},
                  data::FieldDef{"beds_planned_2021", "integer"}};
  store->addLayer("planner1", sites);
  Feature f;
  f.layerId = "eldercare";
  f.name = "长者照护之家";
  f.geometry = gis::Geometry::fromWkt("POINT (121.5 31.05)");
  f.attributes = {{"beds_planned_2020", std::int64_t{20}}, {"beds_planned_2021", std::int64_t{29}}};
  store->addFeature("planner1", f);
  const ExportResult e = exportTo(dir.file("eldercare.shp"), {"eldercare"});
  ASSERT_EQ(e.notes.size(), 2u);
  EXPECT_NE(e.notes[0].find("beds_planned_2020 written as beds_plann"), std::string::npos) << e.notes[0];
  EXPECT_NE(e.notes[1].find("written as beds_pla_1"), std::string::npos) << e.notes[1];
  const auto back = reimport(dir.file("eldercare.shp"));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].name, "长者照护之家");
  EXPECT_EQ(valueToString(back[0].attributes.at("beds_plann")), "20");
  EXPECT_EQ(valueToString(back[0].attributes.at("beds_pla_1")), "29");
}

TEST_F(ExportTest, GeoJsonCsvKmlDxfRoundTrips)
{
  exportTo(dir.file("rivers.geojson"), {"rivers"});
  expectSame(reimport(dir.file("rivers.geojson")));

  exportTo(dir.file("forest.csv"), {"forest"});
  EXPECT_EQ(testutil::readFile(dir.file("forest.csv")).substr(0, 3), "\xEF\xBB\xBF")
      << "BOM for spreadsheets";
  expectSame(reimport(dir.file("forest.csv"), "EPSG:4326"));

  exportTo(dir.file("toilets.kml"), {"toilets"});
  const std::string kml = testutil::readFile(dir.file("toilets.kml"));
  EXPECT_NE(kml.find("浦江一厕"), std::string::npos);
  EXPECT_NE(kml.find("<Style>"), std::string::npos) << "features styled by status";
  expectSame(reimport(dir.file("toilets.kml")), false);

  exportTo(dir.file("rivers.dxf"), {"rivers"});
  EXPECT_EQ(gdalCount(dir.file("rivers.dxf")), 2u);
}

TEST_F(ExportTest, ReprojectedExportComesBackToTheSameLonLat)
{
  const std::string out = dir.file("gk.gpkg");
  exportTo(out, {"rivers", "toilets"}, "EPSG:4549");
  std::string srs;
  gdalCount(out, &srs);
  EXPECT_NE(srs.find("Gauss-Kruger"), std::string::npos) << srs;
  expectSame(reimport(out, {}, "rivers"));
  EXPECT_THROW(exportTo(dir.file("x.kml"), {"rivers"}, "EPSG:4549"), ExportError);
}

TEST_F(ExportTest, SeveralLayersInAOneLayerFormatGoToAFolder)
{
  const std::string out = dir.file("shp");
  const ExportResult r = exportTo(out, {"rivers", "toilets"}, {}, {}, "Shapefile");
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(gdalCount(out + "/rivers.shp"), 2u);
  EXPECT_EQ(gdalCount(out + "/toilets.shp"), 1u);
}

TEST_F(ExportTest, RefusalsLeaveNothingBehind)
{
  EXPECT_THROW(exportTo(dir.file("x.gpkg"), {"lakes"}), ExportError);
  EXPECT_THROW(exportTo(dir.file("x.xyz"), {"rivers"}), ExportError);
  EXPECT_THROW(exportTo(dir.file("x.gpkg"), {"rivers"}, "EPSG:999999"), ExportError);
  for (const auto &e : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(name.rfind("p.planmap", 0) == 0) << "left behind: " << name;
  }
}

// Enough rivers for several progress reports (one every 256 features).
class ExportCancelTest : public ExportTest
{
protected:
  void SetUp() override
  {
    ExportTest::SetUp();
    std::vector<Feature> many;
    for (int i = 0; i < 1000; ++i) {
      Feature f;
      f.layerId = "rivers";
      f.code = "HD-" + std::to_string(1000 + i);
      f.name = "河" + std::to_string(i);
      const double x = 121.40 + 0.0001 * i;
      f.geometry = gis::Geometry::fromWkt("LINESTRING (" + std::to_string(x) + " 31.0, " + std::to_string(x) +
                                          " 31.01)");
      many.push_back(f);
    }
    store->addFeatures("planner1", many);
  }

  // Exports, setting the cancel flag from the progress callback once 512 features are written.
  void exportAndCancel(const std::string &out, const std::string &format)
  {
    std::atomic<bool> cancel{false};
    std::size_t seenDone = 0, seenTotal = 0;
    ExportOptions o;
    o.out = out;
    o.format = format;
    o.cancel = &cancel;
    o.progress = [&cancel, &seenDone, &seenTotal](std::size_t done, std::size_t total) {
      seenDone = done;
      seenTotal = total;
      if (done >= 512) cancel = true;
    };
    EXPECT_THROW(Exporter(*store).run(o), ExportCancelled);
    EXPECT_GE(seenDone, 512u);
    EXPECT_LT(seenDone, seenTotal) << "cancelled mid-way, not at the end";
  }

  void expectOnlyTheProject()
  {
    for (const auto &e : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = e.path().filename().string();
      EXPECT_TRUE(name.rfind("p.planmap", 0) == 0) << "left behind: " << name;
    }
  }
};

TEST_F(ExportCancelTest, CancelMidWayLeavesNoGeoPackage)
{
  exportAndCancel(dir.file("all.gpkg"), "");
  EXPECT_FALSE(std::filesystem::exists(dir.file("all.gpkg")));
  expectOnlyTheProject();
}

TEST_F(ExportCancelTest, CancelMidWayLeavesNoShapefileFolder)
{
  exportAndCancel(dir.file("shp"), "Shapefile");
  EXPECT_FALSE(std::filesystem::exists(dir.file("shp")));
  expectOnlyTheProject();
}

TEST_F(ExportCancelTest, CancelLeavesAnExistingFolderAndItsFiles)
{
  std::filesystem::create_directories(dir.file("shp"));
  std::ofstream(dir.file("shp/keep.txt")) << "mine";
  exportAndCancel(dir.file("shp"), "Shapefile");
  std::vector<std::string> names;
  for (const auto &e : std::filesystem::directory_iterator(dir.file("shp")))
    names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"keep.txt"});
}

TEST_F(ExportCancelTest, ProgressReachesTheTotal)
{
  std::vector<std::pair<std::size_t, std::size_t>> seen;
  ExportOptions o;
  o.out = dir.file("all.gpkg");
  o.progress = [&seen](std::size_t done, std::size_t total) { seen.emplace_back(done, total); };
  const ExportResult r = Exporter(*store).run(o);
  ASSERT_GE(seen.size(), 4u); // the start, every 256, each layer, the end
  EXPECT_EQ(seen.front().first, 0u);
  EXPECT_EQ(seen.back().first, r.features);
  EXPECT_EQ(seen.back().second, r.features);
  EXPECT_GE(r.features, 1004u);
  for (std::size_t i = 1; i < seen.size(); ++i)
    EXPECT_LE(seen[i - 1].first, seen[i].first);
}
