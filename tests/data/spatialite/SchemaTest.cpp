#include "tests/data/store/StoreFixture.h"

#include "data/spatialite/Schema.h"
#include "data/spatialite/Sqlite.h"

#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace data;
using namespace testdata;
namespace fs = std::filesystem;

namespace {

struct GdalCloser
{
  void operator()(void *h) const
  {
    if (h) GDALClose(h);
  }
};
using GdalDataset = std::unique_ptr<void, GdalCloser>;

GdalDataset openWithGdal(const std::string &path)
{
  GDALAllRegister();
  return GdalDataset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

std::map<std::string, OGRFieldType> fieldsOf(OGRLayerH layer)
{
  std::map<std::string, OGRFieldType> out;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
    out[OGR_Fld_GetNameRef(fd)] = OGR_Fld_GetType(fd);
  }
  return out;
}

void writeFile(const std::string &path, const std::string &bytes)
{
  std::ofstream(path, std::ios::binary) << bytes;
}

void expectNotAProject(const std::string &path, const std::string &reason)
{
  try {
    openProject(path);
    ADD_FAILURE() << "opened " << path;
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::NotAProject) << e.what();
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(reason), std::string::npos) << msg;
  }
}

} // namespace

TEST_F(StoreTest, GdalSeesEveryLayerAsATypedView)
{
  std::vector<std::int64_t> ids =
      store->addFeatures("planner1", {river("HD-1", 1000), river("HD-2", 600, 100), river("HD-3", 300, 200)});
  Feature toilet;
  toilet.layerId = "toilets";
  toilet.code = "GC-1";
  toilet.attributes = {{"beds", std::int64_t(12)}};
  toilet.geometry = gis::Geometry::point(origin());
  store->addFeature("planner1", toilet);
  Feature plot;
  plot.layerId = "forest";
  plot.code = "LD-1";
  plot.geometry = square(origin(), 100);
  store->addFeature("planner1", plot);
  store->appendEvent("engineer1", stretch(ids[1], 0, 250, "2020-04-01"));
  const Feature done = *store->feature(ids[1]);
  store.reset(); // everything GDAL reads must be in the file

  GdalDataset ds = openWithGdal(path);
  ASSERT_TRUE(ds) << CPLGetLastErrorMsg();
  std::map<std::string, OGRLayerH> layers;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
    OGRLayerH l = GDALDatasetGetLayer(ds.get(), i);
    layers[OGR_L_GetName(l)] = l;
  }
  for (const char *id : {"rivers", "toilets", "forest", "roads"})
    ASSERT_TRUE(layers.count(id)) << id;

  OGRLayerH rivers = layers["rivers"];
  EXPECT_EQ(wkbFlatten(OGR_L_GetGeomType(rivers)), wkbLineString);
  EXPECT_EQ(OGR_L_GetFeatureCount(rivers, 1), 3);
  auto fields = fieldsOf(rivers);
  for (const char *name : {"code", "name", "village", "grade", "status", "last_event_date"})
    EXPECT_EQ(fields.count(name) ? fields[name] : OFTMaxType, OFTString) << name;
  for (const char *name : {"width", "length_m", "done_m"})
    EXPECT_EQ(fields.count(name) ? fields[name] : OFTMaxType, OFTReal) << name;

  OGR_L_SetAttributeFilter(rivers, "code = 'HD-2'");
  OGRFeatureH f = OGR_L_GetNextFeature(rivers);
  ASSERT_TRUE(f);
  EXPECT_EQ(OGR_F_GetFID(f), ids[1]);
  EXPECT_DOUBLE_EQ(OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "done_m")), done.doneM);
  EXPECT_DOUBLE_EQ(OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "length_m")), done.lengthM);
  EXPECT_DOUBLE_EQ(OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "width")), 4.5);
  EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "status")), "in_progress");
  EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "village")), "建东村");
  OGRGeometryH g = OGR_F_GetGeometryRef(f);
  ASSERT_TRUE(g);
  EXPECT_EQ(OGR_G_GetPointCount(g), static_cast<int>(done.geometry.asLineString().size()));
  EXPECT_DOUBLE_EQ(OGR_G_GetX(g, 0), done.geometry.asLineString()[0].x);
  OGR_F_Destroy(f);
  OGR_L_SetAttributeFilter(rivers, nullptr);

  OGRLayerH toilets = layers["toilets"];
  EXPECT_EQ(wkbFlatten(OGR_L_GetGeomType(toilets)), wkbPoint);
  const OGRFieldType beds = fieldsOf(toilets)["beds"];
  EXPECT_TRUE(beds == OFTInteger || beds == OFTInteger64) << beds;
  EXPECT_EQ(OGR_L_GetFeatureCount(toilets, 1), 1);
  OGRLayerH forest = layers["forest"];
  EXPECT_EQ(wkbFlatten(OGR_L_GetGeomType(forest)), wkbMultiPolygon);
  EXPECT_TRUE(fieldsOf(forest).count("area_m2"));
  OGRLayerH roads = layers["roads"];
  EXPECT_EQ(wkbFlatten(OGR_L_GetGeomType(roads)), wkbLineString);
  EXPECT_EQ(OGR_L_GetFeatureCount(roads, 1), 0);
  EXPECT_FALSE(fieldsOf(roads).count("status")); // not tracked

  // GDAL's own spatial filter agrees with the store's bbox query.
  OGR_L_SetSpatialFilterRect(rivers, 121.49, 31.0505, 121.52, 31.06);
  EXPECT_EQ(OGR_L_GetFeatureCount(rivers, 1), 2);
}

TEST_F(StoreTest, OgrinfoListsLayersWithTheirGeometryType)
{
  if (!fs::exists("/usr/bin/ogrinfo")) GTEST_SKIP() << "ogrinfo not installed";
  store->addFeature("planner1", river("HD-1", 1000));
  const auto all = testutil::run("/usr/bin/ogrinfo", {"-ro", "-q", path});
  ASSERT_EQ(all.exitCode, 0) << all.err;
  EXPECT_NE(all.out.find("rivers (Line String)"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("toilets (Point)"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("forest (Multi Polygon)"), std::string::npos) << all.out;
  const auto one = testutil::run("/usr/bin/ogrinfo", {"-ro", "-so", path, "rivers"});
  EXPECT_NE(one.out.find("Geometry: Line String"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("Feature Count: 1"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("done_m: Real"), std::string::npos) << one.out;
}

TEST(Schema, OpenRefusesWhatIsNotAProjectAndLeavesItAlone)
{
  testutil::TempDir dir;
  expectNotAProject(dir.file("missing.planmap"), "no such file");
  expectNotAProject(dir.path(), "not a regular file");

  const std::string text = dir.file("notes.planmap");
  std::string bytes;
  for (int i = 0; i < 200; ++i)
    bytes += "this is not a database, line " + std::to_string(i) + "\n";
  writeFile(text, bytes);
  expectNotAProject(text, "not an SQLite database");
  EXPECT_EQ(testutil::readFile(text), bytes);

  const std::string empty = dir.file("empty.planmap");
  writeFile(empty, "");
  expectNotAProject(empty, "no meta table");
  EXPECT_EQ(fs::file_size(empty), 0u);

  const std::string other = dir.file("other.sqlite");
  {
    Database raw(other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("CREATE TABLE things(x); INSERT INTO things VALUES (1), (2)");
  }
  const std::string otherBytes = testutil::readFile(other);
  expectNotAProject(other, "no meta table");
  EXPECT_EQ(testutil::readFile(other), otherBytes);
  EXPECT_FALSE(fs::exists(other + "-wal"));

  const std::string foreign = dir.file("foreign.sqlite");
  {
    Database raw(foreign, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('application', "
             "'QGIS')");
  }
  const std::string foreignBytes = testutil::readFile(foreign);
  expectNotAProject(foreign, "'QGIS'");
  EXPECT_EQ(testutil::readFile(foreign), foreignBytes);
}

TEST(Schema, NewerSchemaIsRefused)
{
  testutil::TempDir dir;
  const std::string path = dir.file("future.planmap");
  createProject(path);
  {
    Database raw(path, SQLITE_OPEN_READWRITE);
    raw.exec("UPDATE meta SET value = '" + std::to_string(schema::kCurrentVersion + 1) +
             "' WHERE key = 'schema_version'");
  }
  try {
    openProject(path);
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Schema);
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(Schema, ReopeningKeepsEverything)
{
  testutil::TempDir dir;
  const std::string path = dir.file("p.planmap");
  std::string before;
  {
    auto s = createProject(path);
    s->addUser("", {"planner1", Role::Planner, ""});
    s->addUser("planner1", {"engineer1", Role::Engineer, ""});
    s->addLayer("planner1", riversLayer());
    const std::int64_t id = s->addFeature("planner1", river("HD-1", 800));
    s->appendEvent("engineer1", stretch(id, 100, 200, "2020-05-05"));
    before = snapshot(*s);
  }
  auto s = openProject(path);
  EXPECT_EQ(s->schemaVersion(), schema::kCurrentVersion);
  EXPECT_EQ(snapshot(*s), before);
}

TEST(Schema, Version1ProjectIsUpgradedWithItsData)
{
  testutil::TempDir dir;
  const std::string path = dir.file("v1.planmap");
  const gis::Geometry line = riverLine(1000);
  {
    // A project as version 1 wrote it, with one river and one stretch event.
    Database raw(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("BEGIN");
    schema::createVersion1(raw);
    raw.exec(R"(INSERT INTO app_user VALUES ('planner1', 'planner', '规划'), ('engineer1', 'engineer', '');
      INSERT INTO layer(id, name_zh, name_en, geometry_type, tracked, sort_order, fields_json)
        VALUES ('rivers', '河道', 'Rivers', 'LineString', 1, 0, '[{"name":"village","type":"text"}]');)");
    Statement f =
        raw.prepare("INSERT INTO feature(id, layer_id, code, name, attrs, status, done_m, length_m, "
                    "geom_line) VALUES (7, 'rivers', 'HD-7', '七号河', '{\"village\":\"建新村\"}', "
                    "'in_progress', 250, ?, GeomFromText(?, 4326))");
    f.bindReal(1, gis::geodesicLength(line)).bindText(2, line.toWkt(17)).run();
    raw.exec(
        "INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, user_name, note, "
        "recorded_at) VALUES ('ev-1', 7, 'stretch', 'completed', 0, 250, '2020-03-01', 'engineer1', "
        "'first reach', '2020-03-01T10:00:00.000Z')");
    raw.exec("COMMIT");
    EXPECT_FALSE(raw.tableExists("attachment"));
    EXPECT_EQ(raw.queryText("SELECT value FROM meta WHERE key = 'schema_version'"), "1");
  }

  auto s = openProject(path);
  EXPECT_EQ(s->schemaVersion(), schema::kCurrentVersion);
  const auto f = s->feature(7);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "HD-7");
  EXPECT_EQ(std::get<std::string>(f->attributes.at("village")), "建新村");
  EXPECT_EQ(f->status, Status::InProgress);
  EXPECT_DOUBLE_EQ(f->doneM, 250);
  const auto evs = s->events(7);
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].uuid, "ev-1");
  EXPECT_EQ(evs[0].note, "first reach");
  EXPECT_EQ(s->user("planner1")->displayName, "规划");

  // What version 2 added works on the old data: last_event_date, attachments, the layer view.
  Attachment a;
  a.eventUuid = "ev-1";
  a.fileName = "p.jpg";
  a.data = "jpeg";
  s->addAttachment("engineer1", a);
  EXPECT_EQ(s->attachments("ev-1").size(), 1u);
  s->appendEvent("engineer1", stretch(7, 250, 1000, "2020-04-01"));
  EXPECT_EQ(s->feature(7)->status, Status::Completed);
  s.reset();
  {
    Database raw(path, SQLITE_OPEN_READONLY);
    EXPECT_EQ(raw.queryText("SELECT last_event_date FROM feature WHERE id = 7"), "2020-04-01");
  }
  GdalDataset ds = openWithGdal(path);
  ASSERT_TRUE(ds);
  OGRLayerH rivers = GDALDatasetGetLayerByName(ds.get(), "rivers");
  ASSERT_TRUE(rivers);
  EXPECT_EQ(OGR_L_GetFeatureCount(rivers, 1), 1);
  EXPECT_TRUE(fieldsOf(rivers).count("village"));
  EXPECT_TRUE(fieldsOf(rivers).count("last_event_date"));
}
