// The importer's bulk write into a project file: indexes, triggers and the packed R-tree kept,
// all or nothing, progress and cancel, WAL mode with other readers.
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
