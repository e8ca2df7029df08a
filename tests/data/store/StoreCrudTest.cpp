#include "tests/data/store/StoreFixture.h"

#include "data/spatialite/Schema.h"

#include <algorithm>

using namespace data;
using namespace testdata;

TEST_F(StoreTest, NewProjectHasSchemaAndMeta)
{
  EXPECT_EQ(store->schemaVersion(), schema::kCurrentVersion);
  EXPECT_FALSE(store->meta("created").empty());
  EXPECT_FALSE(store->isSynthetic());
  store->setMeta("planner1", "synthetic", "1");
  store->setMeta("planner1", "title", "浦江镇 2020");
  EXPECT_TRUE(store->isSynthetic());
  EXPECT_EQ(store->meta("title"), "浦江镇 2020");
  EXPECT_THROW(store->setMeta("planner1", "schema_version", "9"), StoreError);
  EXPECT_EQ(store->schemaVersion(), schema::kCurrentVersion);
}

TEST_F(StoreTest, CreateRefusesAnExistingFile)
{
  try {
    SpatiaLiteStore::create(path);
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, UsersAndBootstrap)
{
  const auto users = store->users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(store->user("engineer1")->role, Role::Engineer);
  EXPECT_EQ(store->user("leader1")->displayName, "领导");
  EXPECT_FALSE(store->user("nobody"));
  EXPECT_THROW(store->addUser("planner1", {"engineer1", Role::Leader, ""}), StoreError);
  EXPECT_THROW(store->addUser("planner1", {"two words", Role::Leader, ""}), StoreError);

  testutil::TempDir other;
  auto fresh = SpatiaLiteStore::create(other.file("p.planmap"));
  EXPECT_THROW(fresh->addUser("", {"eng", Role::Engineer, ""}), StoreError); // first user must be a planner
  fresh->addUser("", {"boss", Role::Planner, ""});
  EXPECT_THROW(fresh->addUser("", {"eng", Role::Engineer, ""}), StoreError); // bootstrap is over
}

TEST_F(StoreTest, LayersAreSortedAndKeepFields)
{
  const auto layers = store->layers();
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers.front().id, "roads");
  EXPECT_EQ(layers.back().id, "toilets");
  const auto rivers = store->layer("rivers");
  ASSERT_TRUE(rivers);
  EXPECT_EQ(rivers->nameZh, "河道");
  EXPECT_TRUE(rivers->tracked);
  ASSERT_EQ(rivers->fields.size(), 3u);
  EXPECT_EQ(rivers->fields[2].values, (std::vector<std::string>{"II", "III", "IV", "V", "worse"}));
  EXPECT_EQ(rivers->fields[0].labelZh, "村");
  EXPECT_FALSE(store->layer("nope"));

  LayerDef bad = riversLayer();
  EXPECT_THROW(store->addLayer("planner1", bad), StoreError); // exists
  bad.id = "meta";                                            // a table of the project
  EXPECT_THROW(store->addLayer("planner1", bad), StoreError);
  bad.id = "Rivers2";
  EXPECT_THROW(store->addLayer("planner1", bad), StoreError);
  bad.id = "rivers2";
  bad.fields.push_back({"status", "text", false, {}, "", ""});
  EXPECT_THROW(store->addLayer("planner1", bad), StoreError);
  bad.fields.back() = {"depth", "decimal", false, {}, "", ""};
  EXPECT_THROW(store->addLayer("planner1", bad), StoreError);
  EXPECT_EQ(store->layers().size(), 4u);
}

TEST_F(StoreTest, FeatureRoundTripWithGeodesicMeasures)
{
  const Feature in = river("HD-001", 1500);
  const std::int64_t id = store->addFeature("planner1", in);
  const auto f = store->feature(id);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "HD-001");
  EXPECT_EQ(f->layerId, "rivers");
  EXPECT_EQ(f->name, in.name);
  EXPECT_EQ(f->attributes, in.attributes);
  EXPECT_EQ(f->geometry, in.geometry);
  EXPECT_NEAR(f->lengthM, gis::geodesicLength(in.geometry), 1e-6);
  EXPECT_NEAR(f->lengthM, 1500, 0.01);
  EXPECT_EQ(f->status, Status::Planned);
  EXPECT_EQ(f->version, 1);
  EXPECT_EQ(store->featureByCode("HD-001")->id, id);
  EXPECT_FALSE(store->featureByCode("HD-404"));

  Feature plot;
  plot.layerId = "forest";
  plot.code = "LD-1";
  plot.geometry = square(origin(), 200);
  const std::int64_t pid = store->addFeature("planner1", plot);
  const auto p = store->feature(pid);
  EXPECT_EQ(p->geometry.type(), gis::Geometry::Type::Polygon);
  EXPECT_EQ(p->geometry, plot.geometry);
  EXPECT_NEAR(p->areaM2, gis::geodesicArea(plot.geometry), 1e-3);
  EXPECT_NEAR(p->areaM2, 40000, 10);

  // Multipolygons are kept as such.
  Feature two = plot;
  two.code = "LD-2";
  two.geometry = gis::Geometry::multiPolygon(
      {plot.geometry.asPolygon(), square(gis::geodesicDirect(origin(), 90, 500), 100).asPolygon()});
  const auto t = store->feature(store->addFeature("planner1", two));
  EXPECT_EQ(t->geometry, two.geometry);
  EXPECT_NEAR(t->areaM2, gis::geodesicArea(two.geometry), 1e-3);
  EXPECT_EQ(store->featureCount("forest"), 2u);
}

TEST_F(StoreTest, AddFeaturesIsAllOrNothing)
{
  std::vector<Feature> batch{river("A", 100), river("B", 200, 50), river("A", 300, 100)}; // duplicate code
  try {
    store->addFeatures("planner1", batch);
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Invalid);
    EXPECT_NE(std::string(e.what()).find("code A"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store->featureCount("rivers"), 0u);
  batch.back().code = "C";
  const auto ids = store->addFeatures("planner1", batch);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(store->feature(ids[1])->code, "B");
}

TEST_F(StoreTest, FeatureInputIsChecked)
{
  Feature f = river("X", 100);
  f.geometry = gis::Geometry::point(origin());
  EXPECT_THROW(store->addFeature("planner1", f), StoreError); // wrong geometry type
  f = river("X", 100);
  f.attributes["width"] = std::string("wide");
  EXPECT_THROW(store->addFeature("planner1", f), StoreError);
  f = river("X", 100);
  f.attributes["grade"] = std::string("VI");
  EXPECT_THROW(store->addFeature("planner1", f), StoreError);
  f = river("X", 100);
  f.layerId = "lakes";
  EXPECT_THROW(store->addFeature("planner1", f), StoreError);
  f = river("X", 100);
  f.geometry =
      gis::Geometry::multiLineString({riverLine(100).asLineString(), riverLine(100, 40).asLineString()});
  EXPECT_THROW(store->addFeature("planner1", f), StoreError);
  Feature plot;
  plot.layerId = "forest";
  plot.geometry = gis::Geometry::polygon({{{origin(), {121.51, 31.05}, origin()}}});
  EXPECT_THROW(store->addFeature("planner1", plot), StoreError);
  EXPECT_EQ(store->featureCount("rivers") + store->featureCount("forest"), 0u);

  // Integers are accepted for real fields and stored as numbers of the field's type.
  f = river("X", 100);
  f.attributes["width"] = std::int64_t(5);
  const auto stored = store->feature(store->addFeature("planner1", f));
  EXPECT_EQ(std::get<double>(stored->attributes.at("width")), 5.0);
}

TEST_F(StoreTest, UpdateChecksVersionAndRecomputesMeasures)
{
  const std::int64_t id = store->addFeature("planner1", river("HD-1", 1000));
  Feature f = *store->feature(id);
  f.name = "新名字";
  f.geometry = riverLine(1200);
  store->updateFeature("planner1", f);
  Feature g = *store->feature(id);
  EXPECT_EQ(g.version, 2);
  EXPECT_EQ(g.name, "新名字");
  EXPECT_NEAR(g.lengthM, 1200, 0.01);

  // A stale copy is refused and changes nothing.
  f.name = "stale";
  try {
    store->updateFeature("planner1", f);
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Conflict);
    EXPECT_NE(std::string(e.what()).find("HD-1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store->feature(id)->name, "新名字");

  // Shortening a completed river keeps it completed: progress is re-derived on the new length.
  store->appendEvent("engineer1", stretch(id, 0, 1200, "2020-05-01"));
  g = *store->feature(id);
  EXPECT_EQ(g.status, Status::Completed);
  g.geometry = riverLine(800);
  store->updateFeature("planner1", g);
  g = *store->feature(id);
  EXPECT_NEAR(g.doneM, 800, 0.01);
  EXPECT_EQ(g.status, Status::Completed);
  EXPECT_EQ(g.version, 3);

  Feature missing = g;
  missing.id = 9999;
  EXPECT_THROW(store->updateFeature("planner1", missing), StoreError);
}

TEST_F(StoreTest, DeleteKeepsRecordedProgress)
{
  const std::int64_t a = addToilet("GC-1", origin());
  const std::int64_t b = addToilet("GC-2", gis::geodesicDirect(origin(), 45, 300));
  store->appendEvent("engineer1", statusEvent(b, Status::InProgress, "2020-04-01"));
  store->deleteFeature("planner1", a);
  EXPECT_FALSE(store->feature(a));
  try {
    store->deleteFeature("planner1", b);
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_NE(std::string(e.what()).find("GC-2"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(store->feature(b));
  EXPECT_THROW(store->deleteFeature("planner1", a), StoreError);
}

TEST_F(StoreTest, BboxQueriesUseTheSpatialIndex)
{
  std::vector<Feature> grid;
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j) {
      Feature f;
      f.layerId = "toilets";
      f.code = "P" + std::to_string(i) + "-" + std::to_string(j);
      f.geometry = gis::Geometry::point({121.45 + i * 0.01, 31.00 + j * 0.01});
      grid.push_back(f);
    }
  store->addFeatures("planner1", grid);
  // Every point has its row in the R*Tree of the point column.
  EXPECT_EQ(store->database().queryInt("SELECT count(*) FROM idx_feature_geom_point"), 144);

  const gis::Envelope box{121.475, 31.035, 121.515, 31.0751};
  const auto hits = store->features("toilets", &box);
  std::vector<std::string> expected;
  for (const Feature &f : store->features("toilets"))
    if (box.intersects(f.geometry.envelope())) expected.push_back(f.code);
  std::vector<std::string> got;
  for (const Feature &f : hits)
    got.push_back(f.code);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got.size(), 4u * 4u);

  // The index follows edits: a moved point is found at its new place only.
  Feature moved = *store->featureByCode("P0-0");
  moved.geometry = gis::Geometry::point({121.49, 31.05});
  store->updateFeature("planner1", moved);
  const auto after = store->features("toilets", &box);
  EXPECT_EQ(after.size(), 17u);
  const gis::Envelope corner{121.449, 30.999, 121.451, 31.001};
  EXPECT_TRUE(store->features("toilets", &corner).empty());

  // Lines are found by their envelope, other layers' features never.
  const std::int64_t rid = store->addFeature("planner1", river("HD-9", 2000));
  const gis::Envelope onRiver{121.505, 31.049, 121.506, 31.051};
  const auto rivers = store->features("rivers", &onRiver);
  ASSERT_EQ(rivers.size(), 1u);
  EXPECT_EQ(rivers[0].id, rid);
  EXPECT_THROW(store->features("lakes", &box), StoreError);
}

TEST_F(StoreTest, PlanTargetsAndMeasurements)
{
  PlanRecord plan{"pujiang-2020", "浦江镇2020年行动计划",    "Pujiang 2020", "闵浦府[2020]41号", "2020-01-01",
                  "2020-12-31",   R"({"id":"pujiang-2020"})"};
  std::vector<TargetRecord> targets{
      {"rivers-km", "water", "河道整治", "River remediation", "length", 87.1, ">=", "km", "rivers", "{}"},
      {"pm25", "air", "PM2.5", "PM2.5", "indicator", 50, "<=", "µg/m³", "", "{}"}};
  store->setPlan("planner1", plan, targets);
  ASSERT_TRUE(store->plan());
  EXPECT_EQ(store->plan()->docNumber, "闵浦府[2020]41号");
  ASSERT_EQ(store->targets().size(), 2u);
  EXPECT_EQ(store->targets()[0].id, "rivers-km");
  EXPECT_EQ(store->targets()[1].comparator, "<=");

  const Measurement m =
      store->addMeasurement("planner1", {0, "", "pm25", 38.5, "2020-06-30", "", "June", ""});
  EXPECT_FALSE(m.uuid.empty());
  EXPECT_EQ(m.user, "planner1");
  store->addMeasurement("planner1", {0, "", "pm25", 41, "2020-03-31", "", "", ""});
  const auto ms = store->measurements("pm25");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].date, "2020-03-31");
  EXPECT_EQ(store->measurements().size(), 2u);
  EXPECT_THROW(store->addMeasurement("planner1", {0, "", "nope", 1, "2020-06-30", "", "", ""}), StoreError);
  EXPECT_THROW(store->addMeasurement("planner1", {0, "", "pm25", 1, "June", "", "", ""}), StoreError);

  // Replacing the plan replaces its targets but keeps the measurement history.
  targets.pop_back();
  targets[0].goal = 90;
  store->setPlan("planner1", plan, targets);
  EXPECT_EQ(store->targets().size(), 1u);
  EXPECT_EQ(store->targets()[0].goal, 90);
  EXPECT_EQ(store->measurements().size(), 2u);
  targets[0].kind = "volume";
  EXPECT_THROW(store->setPlan("planner1", plan, targets), StoreError);
  EXPECT_EQ(store->targets()[0].kind, "length");
}

TEST_F(StoreTest, AttachmentsKeepBytesAndPosition)
{
  const std::int64_t id = addToilet("GC-1", origin());
  const Event e = store->appendEvent("engineer1", statusEvent(id, Status::Completed, "2020-05-01"));
  Attachment a;
  a.eventUuid = e.uuid;
  a.fileName = "IMG_0001.jpg";
  a.data = std::string("\xFF\xD8\xFF\x00\x01 jpeg bytes \x00", 17);
  a.thumbnail = std::string("\x89PNG\x00", 5);
  a.position = gis::Point{121.5012, 31.0498};
  a.takenAt = "2020-05-01T09:30:00";
  const Attachment stored = store->addAttachment("engineer1", a);
  EXPECT_FALSE(stored.uuid.empty());
  const auto list = store->attachments(e.uuid);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].data, a.data);
  EXPECT_EQ(list[0].thumbnail, a.thumbnail);
  ASSERT_TRUE(list[0].position);
  EXPECT_EQ(*list[0].position, *a.position);
  EXPECT_EQ(list[0].takenAt, a.takenAt);
  a.eventUuid = "no-such-event";
  EXPECT_THROW(store->addAttachment("engineer1", a), StoreError);
  EXPECT_TRUE(store->attachments("no-such-event").empty());
}

TEST_F(StoreTest, NestedTransactionsJoinAndRollBackTogether)
{
  EXPECT_THROW(store->transaction([&] {
    addToilet("GC-1", origin());
    store->transaction([&] { addToilet("GC-2", origin()); });
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_EQ(store->featureCount("toilets"), 0u);

  // A failed inner part can be caught without losing the outer work.
  store->transaction([&] {
    addToilet("GC-1", origin());
    EXPECT_THROW(addToilet("GC-1", origin()), StoreError);
  });
  EXPECT_EQ(store->featureCount("toilets"), 1u);
}

TEST_F(StoreTest, TwoConnectionsSeeEachOtherAndConflictOnStaleEdits)
{
  const std::int64_t id = store->addFeature("planner1", river("HD-1", 1000));
  auto other = openProject(path);
  Feature mine = *store->feature(id);
  Feature theirs = *other->feature(id);
  theirs.name = "their name";
  other->updateFeature("planner1", theirs);
  other->appendEvent("engineer1", stretch(id, 0, 100, "2020-05-01"));
  EXPECT_EQ(store->feature(id)->name, "their name");
  EXPECT_EQ(store->events(id).size(), 1u);
  mine.name = "my name";
  try {
    store->updateFeature("planner1", mine);
    FAIL();
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Conflict);
  }
  EXPECT_EQ(other->feature(id)->name, "their name");
}
