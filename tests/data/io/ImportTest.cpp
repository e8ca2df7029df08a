#include "data/io/Importer.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/Encoding.h"
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
