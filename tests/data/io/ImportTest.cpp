#include "data/store/Encoding.h"
#include "data/io/Importer.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "gis/ChinaOffset.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"
#include "tests/data/io/ImportFixture.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>

#include <iconv.h>

using namespace data;
using namespace importtest;

namespace {

class ImportTest : public ::testing::Test
{
protected:
  void SetUp() override { store = makeProject(dir.file("p.planmap")); }

  ImportOptions options(const std::string &file, const std::string &layer)
  {
    ImportOptions o;
    o.file = file;
    o.layer = layer;
    o.user = "planner1";
    return o;
  }
  ImportReport run(const ImportOptions &o) { return Importer(*store).run(o); }

  testutil::TempDir dir;
  std::unique_ptr<Store> store;
};

std::string errorOf(const std::function<void()> &fn)
{
  try {
    fn();
  } catch (const std::exception &e) {
    return e.what();
  }
  return {};
}

} // namespace

TEST_F(ImportTest, GeoJsonIntoExistingLayerMapsFieldsByNameAndLabel)
{
  const std::string f = dir.file("rivers.geojson");
  writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"NAME":"咸塘港","水质":"IV","Width_M":12.5,"extra":1},
     "geometry":{"type":"LineString","coordinates":[[121.47,31.05],[121.48,31.06]]}},
    {"type":"Feature","properties":{"NAME":"沈庄塘","水质":"V","Width_M":"8"},
     "geometry":{"type":"LineString","coordinates":[[121.50,31.02],[121.51,31.03],[121.52,31.03]]}}]})");
  const ImportReport r = run(options(f, "rivers"));
  EXPECT_TRUE(r.written) << r.text();
  EXPECT_EQ(r.read, 2u);
  EXPECT_EQ(r.fieldMapping.at("水质"), "grade");
  EXPECT_EQ(r.fieldMapping.at("Width_M"), "width_m");
  EXPECT_NE(r.text().find("extra"), std::string::npos) << "unmapped fields are reported";
  EXPECT_GT(r.totalLengthM, 1000.0);
  const auto rivers = store->features("rivers");
  ASSERT_EQ(rivers.size(), 2u);
  EXPECT_EQ(rivers[0].name, "咸塘港");
  EXPECT_EQ(valueToString(rivers[0].attributes.at("grade")), "IV");
  EXPECT_DOUBLE_EQ(*valueToDouble(rivers[1].attributes.at("width_m")), 8.0);
  EXPECT_LT(
      maxVertexDiff(rivers[0].geometry, gis::Geometry::fromWkt("LINESTRING (121.47 31.05, 121.48 31.06)")),
      1e-12);
}

TEST_F(ImportTest, ShapefileInGaussKrugerIsTransformedToLonLat)
{
  // Points in CGCS2000 / 3-degree GK CM 120E (EPSG:4549), made from known lon/lat by PROJ itself.
  const std::string f = dir.file("sites.shp");
  OGRSpatialReferenceH wgs = OSRNewSpatialReference(nullptr);
  OGRSpatialReferenceH gk = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(wgs, 4490);
  OSRImportFromEPSG(gk, 4549);
  OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(gk, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs, gk);
  double x = 121.51, y = 31.06;
  ASSERT_TRUE(OCTTransform(ct, 1, &x, &y, nullptr));
  OCTDestroyCoordinateTransformation(ct);
  OSRRelease(wgs);
  OSRRelease(gk);
  EXPECT_GT(x, 500000.0);
  writeVector(
      f, "ESRI Shapefile", "sites", 4549, wkbPoint, {{"name", OFTString}, {"beds", OFTInteger}},
      {{"POINT (" + std::to_string(x) + " " + std::to_string(y) + ")", {std::string("一号公厕"), 4LL}}});
  const ImportReport r = run(options(f, "toilets"));
  ASSERT_TRUE(r.written) << r.text();
  EXPECT_NE(r.crs.find("4549"), std::string::npos) << r.crs;
  const auto t = store->features("toilets");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_NEAR(t[0].geometry.asPoint().x, 121.51, 1e-7);
  EXPECT_NEAR(t[0].geometry.asPoint().y, 31.06, 1e-7);
  EXPECT_EQ(std::get<std::int64_t>(t[0].attributes.at("beds")), 4);
}

TEST_F(ImportTest, CsvWithLonLatColumnsNeedsACrs)
{
  const std::string f = dir.file("toilets.csv");
  writeText(f, "name,经度,纬度,beds\n浦江一厕,121.50,31.05,2\n浦江二厕,121.52,31.07,\n");
  const std::string msg = errorOf([&] { run(options(f, "toilets")); });
  EXPECT_EQ(msg, f + " has no coordinate system; give --crs EPSG:N");
  EXPECT_EQ(store->featureCount("toilets"), 0u);

  auto o = options(f, "toilets");
  o.crs = "EPSG:4326";
  const ImportReport r = run(o);
  ASSERT_TRUE(r.written) << r.text();
  const auto t = store->features("toilets");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].name, "浦江二厕");
  EXPECT_NEAR(t[1].geometry.asPoint().x, 121.52, 1e-12);
  EXPECT_EQ(std::get<std::int64_t>(t[0].attributes.at("beds")), 2);
  EXPECT_EQ(t[1].attributes.count("beds"), 0u) << "an empty cell is a missing value";
}

TEST_F(ImportTest, CsvWithWktColumnAndNamedCrs)
{
  const std::string f = dir.file("forest.csv");
  writeText(f, "WKT,species\n\"POLYGON ((121.5 31.0, 121.51 31.0, 121.51 31.01, 121.5 31.0))\",香樟\n");
  auto o = options(f, "forest");
  o.crs = "CGCS2000";
  const ImportReport r = run(o);
  ASSERT_TRUE(r.written) << r.text();
  EXPECT_GT(r.totalAreaM2, 1e5);
  EXPECT_EQ(valueToString(store->features("forest")[0].attributes.at("species")), "香樟");
}

TEST_F(ImportTest, TypeErrorsNameTheFeatureAndNothingIsWritten)
{
  const std::string f = dir.file("t.geojson");
  writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"a","beds":"3"},"geometry":{"type":"Point","coordinates":[121.5,31.05]}},
    {"type":"Feature","properties":{"name":"b","beds":"many"},"geometry":{"type":"Point","coordinates":[121.5,31.06]}},
    {"type":"Feature","properties":{"name":"c","kind":"other"},"geometry":{"type":"Point","coordinates":[121.5,31.07]}}]})");
  const ImportReport r = run(options(f, "toilets"));
  EXPECT_FALSE(r.written);
  ASSERT_EQ(r.errors.size(), 2u) << r.text();
  EXPECT_EQ(r.errors[0].feature, "feature 2 (b)");
  EXPECT_NE(r.errors[0].message.find("'many' is not an integer"), std::string::npos) << r.errors[0].message;
  EXPECT_NE(r.errors[1].message.find("not one of overhaul, beautiful"), std::string::npos)
      << r.errors[1].message;
  EXPECT_EQ(store->featureCount("toilets"), 0u);
}

TEST_F(ImportTest, ValidationReportListsRepairsEmptiesDuplicatesAndOutsiders)
{
  const std::string f = dir.file("f.geojson");
  writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[121.50,31.00],[121.51,31.01],[121.51,31.00],[121.50,31.01],[121.50,31.00]]]}},
    {"type":"Feature","properties":{"name":"sq"},"geometry":{"type":"Polygon","coordinates":[[[121.52,31.02],[121.53,31.02],[121.53,31.03],[121.52,31.02]]]}},
    {"type":"Feature","properties":{"name":"sq"},"geometry":{"type":"Polygon","coordinates":[[[121.52,31.02],[121.53,31.02],[121.53,31.03],[121.52,31.02]]]}},
    {"type":"Feature","properties":{"name":"far"},"geometry":{"type":"Polygon","coordinates":[[[116.40,39.90],[116.41,39.90],[116.41,39.91],[116.40,39.90]]]}}]})");
  ImportReport r = run(options(f, "forest"));
  EXPECT_TRUE(r.written) << r.text();
  ASSERT_EQ(r.repaired.size(), 1u);
  EXPECT_EQ(r.repaired[0].feature, "feature 1 (bowtie)");
  ASSERT_EQ(r.duplicates.size(), 1u);
  EXPECT_EQ(r.duplicates[0].feature, "feature 3 (sq)");
  EXPECT_EQ(r.duplicates[0].message, "same geometry and attributes as feature 2 (sq)");
  ASSERT_EQ(r.outside.size(), 1u);
  EXPECT_EQ(r.outside[0].feature, "feature 4 (far)");
  EXPECT_EQ(store->featureCount("forest"), 4u);
  for (const auto &feat : store->features("forest"))
    EXPECT_TRUE(gis::isValid(feat.geometry));

  // A feature without geometry cannot be placed on the map: it is listed and skipped, the rest
  // imports.
  const std::string g = dir.file("g.geojson");
  writeText(g, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[121.52,31.02],[121.53,31.02],[121.53,31.03],[121.52,31.02]]]}},
    {"type":"Feature","properties":{"name":"none"},"geometry":null}]})");
  r = run(options(g, "forest"));
  EXPECT_TRUE(r.written);
  EXPECT_FALSE(r.blocked());
  ASSERT_EQ(r.empty.size(), 1u);
  EXPECT_EQ(r.empty[0].feature, "feature 2 (none)");
  EXPECT_EQ(r.toWrite, 1u);
  EXPECT_NE(r.text().find("imported 1 feature(s) into layer forest (1 without geometry skipped)"),
            std::string::npos)
      << r.text();
  EXPECT_EQ(store->featureCount("forest"), 5u);

  // ... but a real error in the same file still blocks all of it.
  const std::string h = dir.file("h.geojson");
  writeText(h, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"ok2"},"geometry":{"type":"Polygon","coordinates":[[[121.52,31.02],[121.53,31.02],[121.53,31.03],[121.52,31.02]]]}},
    {"type":"Feature","properties":{"name":"none2"},"geometry":null},
    {"type":"Feature","properties":{"name":"line"},"geometry":{"type":"LineString","coordinates":[[121.52,31.02],[121.53,31.02]]}}]})");
  r = run(options(h, "forest"));
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.empty.size(), 1u);
  EXPECT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.text().find("nothing imported: 1 feature(s) with errors"), std::string::npos) << r.text();
  EXPECT_EQ(store->featureCount("forest"), 5u);

  // A file of features none of which has a geometry has nothing to import.
  const std::string n = dir.file("n.geojson");
  writeText(n, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"a"},"geometry":null}]})");
  EXPECT_EQ(errorOf([&] { run(options(n, "forest")); }),
            n + ": nothing to import: none of its 1 feature(s) has a geometry");
  EXPECT_EQ(store->featureCount("forest"), 5u);
}

TEST_F(ImportTest, LongReportListsKeepTheirFirstItemsAndCountThemAll)
{
  // 250 toilets in Beijing (outside the town), 3 without geometry: the report keeps the first
  // ImportReport::kKeptItems of a list and counts all of it, in the text as in `counts`.
  const std::string f = dir.file("far.geojson");
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int i = 1; i <= 253; ++i) {
    const std::string geometry =
        i > 250 ? "null"
                : R"({"type":"Point","coordinates":[)" + std::to_string(116.3 + i * 1e-4) + ",39.9]}";
    json += std::string(i > 1 ? "," : "") + R"({"type":"Feature","properties":{"name":"p)" +
            std::to_string(i) + R"("},"geometry":)" + geometry + "}";
  }
  writeText(f, json + "]}");
  ImportReport r = run(options(f, "toilets"));
  ASSERT_TRUE(r.written) << r.text();
  ASSERT_EQ(ImportReport::kKeptItems, 200u);
  EXPECT_EQ(r.counts.outside, 250u);
  ASSERT_EQ(r.outside.size(), 200u);
  EXPECT_EQ(r.outside.front().feature, "feature 1 (p1)");
  EXPECT_EQ(r.outside.back().feature, "feature 200 (p200)");
  EXPECT_NE(r.outside.back().message.find("outside the town boundary"), std::string::npos);
  EXPECT_EQ(r.counts.empty, 3u);
  const std::string text = r.text();
  EXPECT_NE(text.find("outside the town boundary: 250\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  ... and 230 more\n"), std::string::npos) << text;
  EXPECT_NE(text.find("imported 250 feature(s) into layer toilets (3 without geometry skipped)"),
            std::string::npos)
      << text;
  EXPECT_EQ(store->featureCount("toilets"), 250u);

  // The same file into the line layer: 250 errors (wrong kind), all counted, nothing written.
  r = run(options(f, "rivers"));
  EXPECT_FALSE(r.written);
  EXPECT_TRUE(r.blocked());
  EXPECT_EQ(r.counts.errors, 250u);
  EXPECT_EQ(r.errors.size(), 200u);
  EXPECT_EQ(r.blockingCount(), 250u);
  EXPECT_NE(r.text().find("errors: 250\n"), std::string::npos) << r.text();
  EXPECT_NE(r.text().find("nothing imported: 250 feature(s) with errors"), std::string::npos);
  EXPECT_EQ(store->featureCount("rivers"), 0u);
}

TEST_F(ImportTest, WrongGeometryKindIsRefusedAndMultiLinesAreSplit)
{
  const std::string f = dir.file("l.geojson");
  writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"two parts","code":"HD-9"},"geometry":{"type":"MultiLineString","coordinates":[[[121.47,31.05],[121.48,31.06]],[[121.49,31.05],[121.50,31.06]]]}}]})");
  const ImportReport forest = run(options(f, "forest"));
  ASSERT_EQ(forest.errors.size(), 1u);
  EXPECT_NE(forest.errors[0].message.find("is a MultiLineString; layer forest takes Polygon"),
            std::string::npos);

  const ImportReport r = run(options(f, "rivers"));
  ASSERT_TRUE(r.written) << r.text();
  EXPECT_EQ(r.toWrite, 2u);
  const auto rivers = store->features("rivers");
  ASSERT_EQ(rivers.size(), 2u);
  EXPECT_EQ(rivers[0].code, "HD-9-1");
  EXPECT_EQ(rivers[1].code, "HD-9-2");
  EXPECT_EQ(rivers[1].geometry.type(), gis::Geometry::Type::LineString);

  // The same codes again are refused: codes are unique in a project.
  const ImportReport again = run(options(f, "rivers"));
  EXPECT_FALSE(again.written);
}

TEST_F(ImportTest, NewLayerTakesTheFilesFieldsAndMixedKindsAreRefused)
{
  const std::string f = dir.file("v.geojson");
  writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"建东村","户数":312,"Area Code":"A1"},"geometry":{"type":"Point","coordinates":[121.5,31.05]}}]})");
  auto o = options(f, "villages");
  o.newLayer = true;
  o.newLayerName = "村庄";
  const ImportReport r = run(o);
  ASSERT_TRUE(r.written) << r.text();
  const auto layer = store->layer("villages");
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->geometryType, "Point");
  EXPECT_EQ(layer->nameZh, "村庄");
  ASSERT_EQ(layer->fields.size(), 2u);
  EXPECT_EQ(layer->fields[0].name, "field_2");
  EXPECT_EQ(layer->fields[0].labelZh, "户数");
  EXPECT_EQ(layer->fields[0].type, "integer");
  EXPECT_EQ(layer->fields[1].name, "area_code");
  EXPECT_EQ(store->features("villages")[0].name, "建东村");

  const std::string m = dir.file("m.geojson");
  writeText(m, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.5,31.05]}},
    {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[121.5,31.05],[121.6,31.1]]}}]})");
  o = options(m, "mixed");
  o.newLayer = true;
  const std::string msg = errorOf([&] { run(o); });
  EXPECT_EQ(
      msg,
      m + " mixes geometry kinds (1 LineString, 1 Point); a layer holds one kind: import a file of one kind");
  EXPECT_FALSE(store->layer("mixed"));
}

TEST_F(ImportTest, ExplicitMapDryRunAndRoles)
{
  const std::string f = dir.file("r.geojson");
  writeText(f, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"河名":"咸塘港","编号":"HD-1"},"geometry":{"type":"LineString","coordinates":[[121.47,31.05],[121.48,31.06]]}}]})");
  auto o = options(f, "rivers");
  o.fieldMap = {{"河名", "name"}, {"编号", "code"}};
  o.dryRun = true;
  ImportReport r = run(o);
  EXPECT_FALSE(r.written);
  EXPECT_NE(r.text().find("dry run: 1 feature(s) would be imported"), std::string::npos) << r.text();
  EXPECT_EQ(store->featureCount("rivers"), 0u);

  o.dryRun = false;
  o.user = "leader1";
  EXPECT_THROW(run(o), StoreError);
  EXPECT_EQ(store->featureCount("rivers"), 0u);

  o.user = "planner1";
  o.fieldMap.push_back({"河名", "nosuch"});
  EXPECT_NE(errorOf([&] { run(o); }).find("layer rivers has no field 'nosuch'"), std::string::npos);
  o.fieldMap.pop_back();
  r = run(o);
  ASSERT_TRUE(r.written);
  EXPECT_TRUE(store->featureByCode("HD-1"));
}

TEST_F(ImportTest, RefusesUnreadableAndUnknownInputsClearly)
{
  EXPECT_EQ(errorOf([&] { run(options(dir.file("missing.shp"), "rivers")); }),
            dir.file("missing.shp") + ": no such file");
  const std::string junk = dir.file("junk.geojson");
  writeText(junk, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":");
  EXPECT_NE(errorOf([&] { run(options(junk, "rivers")); }).find(junk), std::string::npos);
  EXPECT_NE(errorOf([&] { run(options(junk, "lakes")); }).find("project has no layer 'lakes'"),
            std::string::npos);
  auto o = options(junk, "rivers");
  o.encoding = "KLINGON";
  EXPECT_NE(errorOf([&] { run(o); }).find("unknown text encoding"), std::string::npos);
  const std::string empty = dir.file("empty.geojson");
  writeText(empty, R"({"type":"FeatureCollection","features":[]})");
  EXPECT_EQ(errorOf([&] { run(options(empty, "rivers")); }), empty + " has no features");
}

TEST_F(ImportTest, GbkShapefileWithoutCpgIsReadAsGb18030)
{
  // A DBF written as raw bytes (ENCODING="": LDID 0), with GBK text in it and no .cpg.
  const std::string f = dir.file("gbk.shp");
  const auto gbk = [](const std::string &utf8) {
    std::string out;
    iconv_t cd = iconv_open("GBK", "UTF-8");
    std::string in = utf8;
    out.resize(in.size() * 2);
    char *src = in.data(), *dst = out.data();
    std::size_t inLeft = in.size(), outLeft = out.size();
    iconv(cd, &src, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return out;
  };
  writeVector(f, "ESRI Shapefile", "gbk", 4326, wkbPoint, {{"NAME", OFTString}},
              {{"POINT (121.5 31.05)", {gbk("浦江镇公厕")}}, {"POINT (121.51 31.06)", {gbk("闵行区")}}},
              {"ENCODING="});
  std::filesystem::remove(dir.file("gbk.cpg")); // GDAL writes an empty one; users' files have none

  ASSERT_FALSE(isValidUtf8(gbk("浦江镇公厕")));
  const ImportReport r = run(options(f, "toilets"));
  ASSERT_TRUE(r.written) << r.text();
  EXPECT_NE(r.text().find("read as GB18030"), std::string::npos) << r.text();
  const auto t = store->features("toilets");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].name, "浦江镇公厕");
  EXPECT_EQ(t[1].name, "闵行区");

  // Forcing the encoding reads the same text, and says so.
  auto o = options(f, "toilets");
  o.encoding = "gbk";
  o.dryRun = true;
  const ImportReport forced = run(o);
  EXPECT_NE(forced.text().find("text read as GBK (--encoding)"), std::string::npos) << forced.text();
}

TEST_F(ImportTest, Gcj02CoordinatesComeInAsWgs84)
{
  const gis::Point wgs{121.51, 31.06};
  const gis::Point gcj = gis::gcj02FromWgs84(wgs);
  const std::string f = dir.file("amap.geojson");
  writeText(
      f,
      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"p\"},"
      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" +
          std::to_string(gcj.x) + "," + std::to_string(gcj.y) + "]}}]}");
  auto o = options(f, "toilets");
  o.offset = ChinaOffset::Gcj02;
  ASSERT_TRUE(run(o).written);
  const gis::Point got = store->features("toilets")[0].geometry.asPoint();
  EXPECT_LT(gis::geodesicDistance(got, wgs), 0.5);
}

TEST_F(ImportTest, ShanghaiDistrictsImportAsSixteenNamedFeatures)
{
  const std::string shared = testutil::sharedDataDir();
  const std::string f = shared + "/shanghai_16_districts_geoboundaries_osm.geojson";
  if (shared.empty() || !std::filesystem::exists(f)) GTEST_SKIP() << "../shared/data absent";
  auto o = options(f, "districts");
  o.newLayer = true;
  const ImportReport r = run(o);
  ASSERT_TRUE(r.written) << r.text();
  EXPECT_EQ(r.read, 16u);
  EXPECT_GT(r.totalAreaM2, 6.0e9); // Shanghai is about 6,340 km²
  EXPECT_LT(r.totalAreaM2, 8.0e9); // with the estuary islands and water
  EXPECT_GE(r.outside.size(), 8u) << "most districts lie far outside the test town";
  const auto districts = store->features("districts");
  ASSERT_EQ(districts.size(), 16u);
  bool minhang = false;
  for (const auto &d : districts) {
    EXPECT_FALSE(d.name.empty());
    minhang |= d.name == "闵行";
  }
  EXPECT_TRUE(minhang);
}

// Large batches take the store's bulk path (triggers off, BLOBs written directly, R-trees filled
// once): what it stores must be what the row-by-row path stores, with the spatial indexes and the
// triggers intact, and a failing batch must leave nothing behind.
TEST_F(ImportTest, BulkStoreWriteKeepsGeometryIndexesTriggersAndAllOrNothing)
{
  auto *sl = dynamic_cast<SpatiaLiteStore *>(store.get());
  ASSERT_NE(sl, nullptr);
  Database &db = sl->database();
  const std::string triggerCount =
      "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'feature'";
  const std::int64_t triggersBefore = db.queryInt(triggerCount);
  ASSERT_GE(triggersBefore, 9);

  auto batch = [](const std::string &layer, const std::string &prefix, std::size_t n) {
    std::vector<Feature> fs;
    for (std::size_t i = 0; i < n; ++i) {
      Feature f;
      f.layerId = layer;
      f.code = prefix + std::to_string(i);
      f.name = "名称 " + std::to_string(i);
      const double x = 121.46 + 0.0003 * static_cast<double>(i), y = 31.0 + 0.0002 * static_cast<double>(i);
      if (layer == "toilets") {
        f.geometry = gis::Geometry::point({x, y});
        f.attributes["beds"] = static_cast<std::int64_t>(i % 7);
      } else if (layer == "rivers") {
        f.geometry = gis::Geometry::lineString({{x, y}, {x + 0.001, y + 0.0005}, {x + 0.002, y}});
        f.attributes["width_m"] = 2.5;
      } else if (i % 2 == 0) {
        f.geometry = gis::Geometry::fromWkt(
            "POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 0.001) +
            " " + std::to_string(y) + ", " + std::to_string(x + 0.001) + " " + std::to_string(y + 0.001) +
            ", " + std::to_string(x) + " " + std::to_string(y) + "))");
      } else {
        // Two parts, one with a hole.
        f.geometry = gis::Geometry::fromWkt(
            "MULTIPOLYGON (((121.50 31.00, 121.51 31.00, 121.51 31.01, 121.50 31.01, 121.50 31.00), "
            "(121.502 31.002, 121.502 31.004, 121.504 31.004, 121.502 31.002)), "
            "((121.52 31.02, 121.53 31.02, 121.53 31.03, 121.52 31.02)))");
      }
      fs.push_back(std::move(f));
    }
    return fs;
  };
  const std::int64_t firstId = db.queryInt("SELECT max(id) FROM feature") + 1;
  store->addFeatures("planner1", batch("toilets", "WC-", 300));
  store->addFeatures("planner1", batch("rivers", "HD-", 300));
  store->addFeatures("planner1", batch("forest", "LD-", 300));
  EXPECT_EQ(store->featureCount("toilets"), 300u);
  EXPECT_EQ(store->featureCount("rivers"), 300u);
  EXPECT_EQ(store->featureCount("forest"), 300u);

  // The BLOBs are byte for byte what SpatiaLite makes of the same WKB.
  for (const std::string c : {"geom_point", "geom_line", "geom_poly"}) {
    SCOPED_TRACE(c);
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM feature WHERE id >= " + std::to_string(firstId) + " AND " +
                          c + " IS NOT NULL"),
              300);
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM feature WHERE " + c + " IS NOT NULL AND " + c +
                          " != GeomFromWKB(AsBinary(" + c + "), 4326)"),
              0);
    EXPECT_EQ(
        db.queryInt("SELECT count(*) FROM feature WHERE " + c + " IS NOT NULL AND NOT ST_IsValid(" + c + ")"),
        0);
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM idx_feature_" + c),
              db.queryInt("SELECT count(*) FROM feature WHERE " + c + " IS NOT NULL"));
    EXPECT_EQ(db.queryInt("SELECT CheckSpatialIndex('feature', '" + c + "')"), 1);
  }
  EXPECT_EQ(db.queryInt(triggerCount), triggersBefore);
  const Feature river = *store->featureByCode("HD-10");
  EXPECT_EQ(river.name, "名称 10");
  EXPECT_NEAR(river.lengthM, gis::geodesicLength(river.geometry), 1e-6);
  EXPECT_GT(river.lengthM, 100);
  const Feature plot = *store->featureByCode("LD-1");
  EXPECT_EQ(plot.geometry.parts().size(), 2u);
  EXPECT_EQ(plot.geometry.parts()[0].size(), 2u) << "the hole survives";
  gis::Envelope box{121.4595, 30.9995, 121.4615, 31.0015};
  EXPECT_EQ(store->features("toilets", &box).size(), 6u) << "the R-tree finds the new points";

  // A batch failing on its last feature leaves nothing, and the triggers are back.
  auto bad = batch("toilets", "WC2-", 300);
  bad.back().code = "WC-5";
  EXPECT_THROW(store->addFeatures("planner1", bad), StoreError);
  EXPECT_EQ(store->featureCount("toilets"), 300u);
  EXPECT_EQ(db.queryInt(triggerCount), triggersBefore);
  EXPECT_EQ(db.queryInt("SELECT count(*) FROM idx_feature_geom_point"), 300);
  // ... and a single insert afterwards is indexed by the restored trigger.
  Feature one = batch("toilets", "WC3-", 1).front();
  const std::int64_t id = store->addFeature("planner1", one);
  EXPECT_EQ(db.queryInt("SELECT count(*) FROM idx_feature_geom_point WHERE pkid = " + std::to_string(id)), 1);
  EXPECT_EQ(db.queryInt("SELECT CheckSpatialIndex('feature', 'geom_point')"), 1);
}

// A bulk write of more rows than an R-tree holds rebuilds that tree packed (data/ImportRtree.h),
// writing the rtree module's tables itself: the tree must pass SQLite's own rtreecheck(), hold
// bit for bit the boxes an INSERT would store, answer window queries as a tree built row by row
// does, and take later inserts and deletes.
TEST_F(ImportTest, PackedRtreeIsAValidTreeWithTheBoxesAnInsertStores)
{
  auto *sl = dynamic_cast<SpatiaLiteStore *>(store.get());
  ASSERT_NE(sl, nullptr);
  Database &db = sl->database();
  std::vector<Feature> fs;
  for (int i = 0; i < 4000; ++i) { // 4,000 lines: leaves, one level of inner nodes and the root
    Feature f;
    f.layerId = "rivers";
    f.code = "HD-" + std::to_string(i);
    const double x = 121.40 + 0.2 * std::fmod(i * 0.618034, 1.0),
                 y = 30.95 + 0.2 * std::fmod(i * 0.414214, 1.0);
    f.geometry =
        gis::Geometry::lineString({{x, y}, {x + 0.0007 * (i % 5), y + 0.0011}, {x + 0.002, y - 0.0003}});
    fs.push_back(std::move(f));
  }
  store->addFeatures("planner1", fs);
  // The reference: the same boxes inserted row by row into a fresh rtree.
  db.exec("CREATE VIRTUAL TABLE temp.ref USING rtree(pkid, xmin, xmax, ymin, ymax)");
  db.exec("INSERT INTO temp.ref SELECT id, MbrMinX(geom_line), MbrMaxX(geom_line), MbrMinY(geom_line), "
          "MbrMaxY(geom_line) FROM feature WHERE geom_line IS NOT NULL");
  auto check = [&](const char *when) {
    SCOPED_TRACE(when);
    EXPECT_EQ(db.queryText("SELECT rtreecheck('idx_feature_geom_line')"), "ok");
    EXPECT_EQ(db.queryInt("SELECT CheckSpatialIndex('feature', 'geom_line')"), 1);
    EXPECT_EQ(db.queryInt("SELECT count(*) FROM idx_feature_geom_line"),
              db.queryInt("SELECT count(*) FROM temp.ref"));
    EXPECT_EQ(
        db.queryInt("SELECT count(*) FROM idx_feature_geom_line i JOIN temp.ref r ON r.pkid = i.pkid WHERE "
                    "i.xmin = r.xmin AND i.xmax = r.xmax AND i.ymin = r.ymin AND i.ymax = r.ymax"),
        db.queryInt("SELECT count(*) FROM temp.ref"));
    for (int w = 0; w < 25; ++w) {
      const double x0 = 121.40 + 0.008 * w, y0 = 30.95 + 0.0075 * w, d = 0.004 + 0.002 * (w % 4);
      const std::string where =
          " WHERE xmin <= " + std::to_string(x0 + d) + " AND xmax >= " + std::to_string(x0) +
          " AND ymin <= " + std::to_string(y0 + d) + " AND ymax >= " + std::to_string(y0);
      EXPECT_EQ(db.queryText("SELECT group_concat(pkid) FROM (SELECT pkid FROM idx_feature_geom_line" +
                             where + " ORDER BY pkid)"),
                db.queryText("SELECT group_concat(pkid) FROM (SELECT pkid FROM temp.ref" + where +
                             " ORDER BY pkid)"))
          << where;
    }
  };
  check("packed");
  EXPECT_GE(db.queryInt("SELECT count(*) FROM idx_feature_geom_line_parent"), 80) << "more than one level";

  // Row by row afterwards (the restored triggers) and deletes: still one valid tree.
  std::vector<Feature> more(fs.begin(), fs.begin() + 3);
  for (auto &f : more)
    f.code += "b";
  const auto ids = store->addFeatures("planner1", more);
  for (std::size_t i = 0; i < 3; ++i)
    db.exec("INSERT INTO temp.ref SELECT id, MbrMinX(geom_line), MbrMaxX(geom_line), MbrMinY(geom_line), "
            "MbrMaxY(geom_line) FROM feature WHERE id = " +
            std::to_string(ids[i]));
  for (std::int64_t id = ids[0] - 1; id > ids[0] - 1500; id -= 3) {
    store->deleteFeature("planner1", id);
    db.exec("DELETE FROM temp.ref WHERE pkid = " + std::to_string(id));
  }
  check("after inserts and deletes");
  db.exec("DROP TABLE temp.ref");
}

// The GUI wizard's hooks: progress by stage, and a cancel flag that leaves the project exactly as
// it was at any stage, even after the rows went in.
TEST_F(ImportTest, ProgressIsReportedAndCancelLeavesTheProjectAsItWas)
{
  const std::string f = dir.file("many.geojson");
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 3000; ++i)
    json += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"name":"p)" + std::to_string(i) +
            R"("},"geometry":{"type":"Point","coordinates":[)" + std::to_string(121.46 + i * 1e-5) +
            ",31.05]}}";
  writeText(f, json + "]}");

  auto *sl = dynamic_cast<SpatiaLiteStore *>(store.get());
  const std::string triggerCount =
      "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'feature'";
  const std::int64_t triggers = sl->database().queryInt(triggerCount);
  for (const std::string stopAt : {"reading", "validating", "writing"}) {
    SCOPED_TRACE(stopAt);
    std::atomic<bool> cancel{false};
    ImportOptions o = options(f, "survey_" + stopAt);
    o.newLayer = true;
    o.cancel = &cancel;
    std::vector<std::string> stages;
    o.progress = [&](const std::string &stage, std::size_t done, std::size_t total) {
      if (stages.empty() || stages.back() != stage) stages.push_back(stage);
      EXPECT_LE(done, total == 0 ? done : total);
      // Cancel once the stage has begun and, for writing, once every row is in.
      if (stage == stopAt && (stage != "writing" || done == total)) cancel = true;
    };
    const std::string msg = errorOf([&] { run(o); });
    EXPECT_EQ(msg, f + ": import cancelled; nothing written");
    EXPECT_EQ(stages.back(), stopAt);
    EXPECT_FALSE(store->layer(o.layer)) << "the new layer is gone too";
    EXPECT_EQ(sl->database().queryInt("SELECT count(*) FROM feature WHERE layer_id = '" + o.layer + "'"), 0);
    EXPECT_EQ(sl->database().queryInt(triggerCount), triggers);
  }

  // Uncancelled: every stage in order, validation reaching 3000 of 3000.
  ImportOptions o = options(f, "survey");
  o.newLayer = true;
  std::vector<std::string> stages;
  std::size_t lastValidated = 0;
  o.progress = [&](const std::string &stage, std::size_t done, std::size_t) {
    if (stages.empty() || stages.back() != stage) stages.push_back(stage);
    if (stage == "validating") lastValidated = done;
  };
  EXPECT_TRUE(run(o).written);
  EXPECT_EQ(stages, (std::vector<std::string>{"reading", "validating", "writing"}));
  EXPECT_EQ(lastValidated, 3000u);
  EXPECT_EQ(store->featureCount("survey"), 3000u);
}

// Found by the fuzz target: GDAL 3.6 crashed (SIGSEGV) on a CSV with two columns matching the
// longitude wildcard ("lon*") once the geometry columns were dropped. The importer names the
// columns exactly, so the file imports, the second column as an attribute.
TEST_F(ImportTest, CsvWithTwoLongitudeLikeColumnsImports)
{
  const std::string f = dir.file("two.csv");
  writeText(f, "name,lon,lonx,lat\n公厕甲,121.50,a,31.05\n公厕乙,121.51,b,31.06\n");
  ImportOptions o = options(f, "pts");
  o.newLayer = true;
  o.crs = "EPSG:4326";
  const ImportReport r = run(o);
  ASSERT_TRUE(r.written) << r.text();
  const auto feats = store->features("pts");
  ASSERT_EQ(feats.size(), 2u);
  EXPECT_EQ(feats[0].name, "公厕甲");
  EXPECT_NEAR(feats[0].geometry.asPoint().x, 121.50, 1e-9);
  EXPECT_NEAR(feats[0].geometry.asPoint().y, 31.05, 1e-9);
  EXPECT_EQ(valueToString(feats[1].attributes.at("lonx")), "b");
}

// Also found by the fuzz target: a header naming "lon" twice crashed GDAL the same way. Such a
// file is refused (which lon?) with the CSV hint, without a crash.
TEST_F(ImportTest, CsvRepeatingALongitudeColumnIsRefusedWithoutCrash)
{
  const std::string f = dir.file("rep.csv");
  writeText(f, "name,lon,lat,lon\n公厕甲,121.50,31.05,121.6\n");
  ImportOptions o = options(f, "pts");
  o.newLayer = true;
  o.crs = "EPSG:4326";
  const std::string msg = errorOf([&] { run(o); });
  EXPECT_NE(msg.find("no feature has a geometry (a CSV needs a WKT column or longitude/latitude columns"),
            std::string::npos)
      << msg;
  EXPECT_FALSE(store->layer("pts"));
}

// The importer reads a file one feature at a time, so a report item is written before it is known
// whether a later layer has features too; every label still names the layer of a multi-layer file,
// the duplicate's first feature included.
TEST_F(ImportTest, LabelsOfAMultiLayerFileNameTheirLayer)
{
  const std::string f = dir.file("walk.gpx");
  writeText(f, R"(<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="31.05" lon="121.50"><name>gate</name></wpt>
<wpt lat="31.05" lon="121.50"><name>gate</name></wpt>
<trk><name>path</name><trkseg><trkpt lat="31.05" lon="121.50"/><trkpt lat="31.06" lon="121.51"/></trkseg></trk>
</gpx>
)");
  const ImportReport r = run(options(f, "toilets"));
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.read, 3u);
  ASSERT_EQ(r.duplicates.size(), 1u) << r.text();
  EXPECT_EQ(r.duplicates[0].feature, "feature 2 of layer waypoints (gate)");
  EXPECT_EQ(r.duplicates[0].message, "same geometry and attributes as feature 1 of layer waypoints (gate)");
  ASSERT_EQ(r.errors.size(), 1u) << r.text();
  EXPECT_EQ(r.errors[0].feature, "feature 1 of layer tracks (path)");
  EXPECT_EQ(store->featureCount("toilets"), 0u);

  // One layer of it: plain labels.
  ImportOptions o = options(f, "toilets");
  o.sourceLayer = "waypoints";
  o.dryRun = true;
  const ImportReport one = run(o);
  ASSERT_EQ(one.duplicates.size(), 1u) << one.text();
  EXPECT_EQ(one.duplicates[0].feature, "feature 2 (gate)");
  EXPECT_EQ(one.duplicates[0].message, "same geometry and attributes as feature 1 (gate)");
  EXPECT_EQ(one.toWrite, 2u);
  EXPECT_EQ(one.preview.size(), 2u);
}

// Rows written through the import's bulk path are the rows addFeatures writes: same attributes
// JSON, lengths, areas and geometry BLOBs, for lines and polygons.
TEST_F(ImportTest, BulkImportWritesWhatAddFeaturesWrites)
{
  std::vector<InFeature> lines, polys;
  for (int i = 0; i < 300; ++i) {
    const double x = 121.46 + i * 1e-4;
    lines.push_back({"LINESTRING (" + std::to_string(x) + " 31.0, " + std::to_string(x + 0.01) + " 31.01, " +
                         std::to_string(x) + " 31.02)",
                     {std::string("G") + std::to_string(i % 5), 2.5 + i}});
    polys.push_back({"POLYGON ((" + std::to_string(x) + " 31.0, " + std::to_string(x + 1e-4) + " 31.0, " +
                         std::to_string(x) + " 31.0001, " + std::to_string(x) + " 31.0))",
                     {std::string("pine \"") + std::to_string(i) + "\""}});
  }
  writeVector(dir.file("l.gpkg"), "GPKG", "l", 4326, wkbLineString,
              {{"grade", OFTString}, {"width_m", OFTReal}}, lines);
  writeVector(dir.file("p.gpkg"), "GPKG", "p", 4326, wkbPolygon, {{"species", OFTString}}, polys);
  ASSERT_TRUE(run(options(dir.file("l.gpkg"), "rivers")).written);
  ASSERT_TRUE(run(options(dir.file("p.gpkg"), "forest")).written);

  auto *sl = dynamic_cast<SpatiaLiteStore *>(store.get());
  ASSERT_NE(sl, nullptr);
  const std::string rows = "SELECT layer_id, coalesce(code, ''), name, attrs, status, length_m, area_m2, "
                           "hex(geom_point), hex(geom_line), hex(geom_poly) FROM feature WHERE layer_id = ";
  for (const std::string layer : {"rivers", "forest"}) {
    SCOPED_TRACE(layer);
    const std::vector<Feature> imported = store->features(layer);
    ASSERT_EQ(imported.size(), 300u);
    // The same features again through addFeatures, into a fresh project.
    auto other = makeProject(dir.file("q_" + layer + ".planmap"));
    std::vector<Feature> again = imported;
    for (auto &f : again)
      f.id = 0;
    other->addFeatures("planner1", again);
    auto *osl = dynamic_cast<SpatiaLiteStore *>(other.get());
    Statement a = sl->database().prepare(rows + "'" + layer + "' ORDER BY id");
    Statement b = osl->database().prepare(rows + "'" + layer + "' ORDER BY id");
    std::size_t n = 0;
    while (a.step()) {
      ASSERT_TRUE(b.step());
      for (int c = 0; c < 10; ++c)
        ASSERT_EQ(a.text(c), b.text(c)) << "row " << n << " column " << c;
      ++n;
    }
    EXPECT_FALSE(b.step());
    EXPECT_EQ(n, 300u);
    EXPECT_EQ(sl->database().queryInt("SELECT count(*) FROM feature WHERE layer_id = '" + layer +
                                      "' AND NOT json_valid(attrs)"),
              0);
  }
}

// The bulk write goes through a rollback journal (each page written once) when the importer's
// connection is the only one; afterwards the project is in WAL mode with synchronous = NORMAL
// again. With another connection open it writes through the WAL, and that reader sees the rows.
TEST_F(ImportTest, BulkWriteLeavesTheProjectInWalModeWithOrWithoutOtherReaders)
{
  const std::string f = dir.file("points.geojson");
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 2000; ++i)
    json += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"name":"p)" + std::to_string(i) +
            R"("},"geometry":{"type":"Point","coordinates":[)" + std::to_string(121.46 + i * 1e-5) +
            ",31.05]}}";
  writeText(f, json + "]}");
  auto *sl = dynamic_cast<SpatiaLiteStore *>(store.get());
  ASSERT_NE(sl, nullptr);

  ImportOptions alone = options(f, "alone");
  alone.newLayer = true;
  EXPECT_TRUE(run(alone).written);
  EXPECT_EQ(store->featureCount("alone"), 2000u);
  EXPECT_EQ(sl->database().queryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(sl->database().queryInt("PRAGMA synchronous"), 1);
  EXPECT_FALSE(std::filesystem::exists(dir.file("p.planmap-journal")));

  const std::unique_ptr<Store> reader = openProject(dir.file("p.planmap"));
  EXPECT_EQ(reader->featureCount("alone"), 2000u);
  ImportOptions shared = options(f, "shared");
  shared.newLayer = true;
  EXPECT_TRUE(run(shared).written);
  EXPECT_EQ(reader->featureCount("shared"), 2000u);
  EXPECT_EQ(sl->database().queryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(sl->database().queryInt("PRAGMA synchronous"), 1);
  EXPECT_EQ(sl->database().queryInt("SELECT CheckSpatialIndex('feature', 'geom_point')"), 1);
}
