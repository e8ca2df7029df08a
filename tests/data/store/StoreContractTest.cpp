// The Store contract, run against every backend (SpatiaLite file, PostGIS database) so the two
// cannot drift: the same calls must give the same results and the same refusals.
#include "tests/data/store/StoreContract.h"
#include "data/spatialite/Schema.h"

#include <algorithm>

using namespace data;
using namespace testdata;

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values(Kind::SpatiaLite, Kind::Postgis),
                         backendName);

TEST_P(StoreContract, NewProjectHasSchemaMetaAndUsers)
{
  EXPECT_EQ(store->schemaVersion(), schema::kCurrentVersion);
  EXPECT_EQ(store->meta("application"), "PlanMap");
  EXPECT_FALSE(store->meta("created").empty());
  EXPECT_FALSE(store->isSynthetic());
  store->setMeta("planner1", "synthetic", "1");
  store->setMeta("planner1", "title", "浦江镇 2020");
  store->setMeta("planner1", "title", "浦江镇 2020 行动计划");
  EXPECT_TRUE(store->isSynthetic());
  EXPECT_EQ(store->meta("title"), "浦江镇 2020 行动计划");
  EXPECT_THROW(store->setMeta("planner1", "schema_version", "9"), StoreError);

  const auto users = store->users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "engineer1");
  EXPECT_EQ(store->user("leader1")->displayName, "领导");
  EXPECT_EQ(store->user("engineer1")->role, Role::Engineer);
  EXPECT_FALSE(store->user("nobody"));
  expectRefused(
      [&] {
        store->addUser("planner1", {"engineer1", Role::Leader, ""});
      },
      StoreError::Kind::Invalid, "exists");
  expectRefused(
      [&] {
        store->addUser("planner1", {"two words", Role::Leader, ""});
      },
      StoreError::Kind::Invalid, "without spaces");
}

TEST_P(StoreContract, LayersAreSortedAndKeepFields)
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
  LayerDef bad = riversLayer();
  expectRefused([&] { store->addLayer("planner1", bad); }, StoreError::Kind::Invalid, "exists");
  bad.id = "meta";
  expectRefused([&] { store->addLayer("planner1", bad); }, StoreError::Kind::Invalid, "table");
  bad.id = "Rivers2";
  EXPECT_THROW(store->addLayer("planner1", bad), StoreError);
  EXPECT_EQ(store->layers().size(), 4u);
}

TEST_P(StoreContract, FeaturesRoundTripWithGeodesicMeasures)
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
  EXPECT_NEAR(f->lengthM, 1500, 0.01);
  EXPECT_EQ(f->status, Status::Planned);
  EXPECT_EQ(f->version, 1);
  EXPECT_EQ(store->featureByCode("HD-001")->id, id);
  EXPECT_FALSE(store->featureByCode("HD-404"));

  Feature plot;
  plot.layerId = "forest";
  plot.code = "LD-1";
  plot.geometry = square(origin(), 200);
  const auto p = store->feature(store->addFeature("planner1", plot));
  EXPECT_EQ(p->geometry.type(), gis::Geometry::Type::Polygon);
  EXPECT_EQ(p->geometry, plot.geometry);
  EXPECT_NEAR(p->areaM2, 40000, 10);
  Feature two = plot;
  two.code = "LD-2";
  two.geometry = gis::Geometry::multiPolygon(
      {plot.geometry.asPolygon(), square(gis::geodesicDirect(origin(), 90, 500), 100).asPolygon()});
  EXPECT_EQ(store->feature(store->addFeature("planner1", two))->geometry, two.geometry);
  EXPECT_EQ(store->featureCount("forest"), 2u);
  const std::int64_t toilet = addToilet("GC-1", origin());
  EXPECT_EQ(std::get<std::int64_t>(store->feature(toilet)->attributes.at("beds")), 12);
}

TEST_P(StoreContract, FeatureInputIsCheckedAllOrNothing)
{
  std::vector<Feature> batch{river("A", 100), river("B", 200, 50), river("A", 300, 100)};
  expectRefused([&] { store->addFeatures("planner1", batch); }, StoreError::Kind::Invalid, "code A");
  Feature f = river("X", 100);
  f.geometry = gis::Geometry::point(origin());
  expectRefused([&] { store->addFeature("planner1", f); }, StoreError::Kind::Invalid, "takes LineString");
  f = river("X", 100);
  f.attributes["grade"] = std::string("VI");
  expectRefused([&] { store->addFeature("planner1", f); }, StoreError::Kind::Invalid, "grade");
  f.layerId = "lakes";
  expectRefused([&] { store->addFeature("planner1", f); }, StoreError::Kind::NotFound, "lakes");
  batch.back().code = "C";
  const auto ids = store->addFeatures("planner1", batch);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST_P(StoreContract, UpdateCarriesAVersionAndStaleEditsConflict)
{
  const std::int64_t id = store->addFeature("planner1", river("HD-1", 1000));
  store->appendEvent("engineer1", stretch(id, 0, 1000, "2020-05-01"));
  Feature edit = *store->feature(id);
  Feature stale = edit;
  edit.name = "改名";
  edit.geometry = riverLine(2000);
  store->updateFeature("planner1", edit);
  const Feature now = *store->feature(id);
  EXPECT_EQ(now.version, 2);
  EXPECT_EQ(now.name, "改名");
  EXPECT_NEAR(now.lengthM, 2000, 0.05);
  EXPECT_EQ(now.status, Status::InProgress); // the done 1000 m no longer cover the longer line
  EXPECT_NEAR(now.doneM, 1000, 0.01);
  stale.name = "stale";
  expectRefused([&] { store->updateFeature("planner1", stale); }, StoreError::Kind::Conflict,
                "changed meanwhile");
  expectRefused([&] { store->deleteFeature("planner1", id); }, StoreError::Kind::Invalid, "progress events");
  const std::int64_t spare = addToilet("GC-9", origin());
  store->deleteFeature("planner1", spare);
  EXPECT_FALSE(store->feature(spare));
}

TEST_P(StoreContract, BboxQueriesReturnExactlyTheIntersectingFeatures)
{
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 20; ++i)
    ids.push_back(addToilet("GC-" + std::to_string(i), gis::geodesicDirect(origin(), 90, i * 100.0)));
  const gis::Point west = gis::geodesicDirect(origin(), 90, 450),
                   east = gis::geodesicDirect(origin(), 90, 1050);
  const gis::Envelope box{west.x, origin().y - 0.001, east.x, origin().y + 0.001};
  const auto hits = store->features("toilets", &box);
  ASSERT_EQ(hits.size(), 6u); // 500 m … 1000 m
  EXPECT_EQ(hits.front().code, "GC-5");
  EXPECT_EQ(hits.back().code, "GC-10");
  const gis::Envelope empty;
  EXPECT_TRUE(store->features("toilets", &empty).empty());
  EXPECT_EQ(store->features("toilets").size(), 20u);
  EXPECT_THROW(store->features("lakes"), StoreError);
}

TEST_P(StoreContract, EventsDeriveStatusAndMergeStretchesAsAUnion)
{
  const std::int64_t riverId = store->addFeature("planner1", river("HD-1", 1000));
  const std::int64_t toiletId = addToilet("GC-1", origin());
  const Event first = store->appendEvent("engineer1", stretch(riverId, 0, 300, "2020-03-01"));
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.uuid.size(), 36u);
  EXPECT_EQ(first.user, "engineer1");
  EXPECT_FALSE(first.recordedAt.empty());
  EXPECT_EQ(store->feature(riverId)->status, Status::InProgress);
  EXPECT_NEAR(store->feature(riverId)->doneM, 300, 1e-6);
  store->appendEvent("engineer1", stretch(riverId, 700, 1000, "2020-04-01"));
  store->appendEvent("engineer1", stretch(riverId, 250, 700.2, "2020-04-15"));
  const Feature done = *store->feature(riverId);
  EXPECT_EQ(done.status, Status::Completed);
  EXPECT_NEAR(done.doneM, done.lengthM, 1e-6);
  EXPECT_EQ(done.version, 1); // progress is not an edit

  store->appendEvent("engineer1", statusEvent(toiletId, Status::Completed, "2020-03-02"));
  expectRefused(
      [&] { store->appendEvent("engineer1", statusEvent(toiletId, Status::InProgress, "2020-05-01")); },
      StoreError::Kind::Invalid, "may not go back");
  expectRefused([&] { store->appendEvent("engineer1", stretch(riverId, 900, 1200, "2020-05-01")); },
                StoreError::Kind::Invalid, "outside the line");
  expectRefused(
      [&] { store->appendEvent("engineer1", statusEvent(999999, Status::Completed, "2020-05-01")); },
      StoreError::Kind::NotFound, "999999");
  Event correction = statusEvent(toiletId, Status::InProgress, "2020-05-02");
  correction.kind = EventKind::Correction;
  expectRefused([&] { store->appendEvent("engineer1", correction); }, StoreError::Kind::Invalid, "note");
  correction.note = "roof still leaking";
  store->appendEvent("engineer1", correction);
  EXPECT_EQ(store->feature(toiletId)->status, Status::InProgress);

  Event retraction;
  retraction.featureId = riverId;
  retraction.kind = EventKind::Retraction;
  retraction.retracts = first.uuid;
  retraction.date = "2020-06-01";
  store->appendEvent("engineer1", retraction);
  EXPECT_NEAR(store->feature(riverId)->doneM, 750, 0.5); // 250–1000 remain
  EXPECT_EQ(store->events(riverId).size(), 4u);
  const auto all = store->allEvents();
  ASSERT_EQ(all.size(), 6u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const Event &a, const Event &b) {
    return a.date != b.date ? a.date < b.date : a.id < b.id;
  }));
  Event again = all.front();
  expectRefused([&] { store->appendEvent("engineer1", again); }, StoreError::Kind::Invalid,
                "already recorded");
}

TEST_P(StoreContract, BatchOfEventsIsOneTransaction)
{
  const std::int64_t riverId = store->addFeature("planner1", river("HD-1", 1000));
  expectRefused(
      [&] {
        store->appendEvents(
            "engineer1", {stretch(riverId, 0, 100, "2020-03-01"), stretch(riverId, 100, 2000, "2020-03-02")});
      },
      StoreError::Kind::Invalid, "outside the line");
  EXPECT_TRUE(store->events(riverId).empty());
  EXPECT_EQ(store->feature(riverId)->status, Status::Planned);
}

TEST_P(StoreContract, RolesRefuseInTheStoresOwnWords)
{
  const std::int64_t toiletId = addToilet("GC-1", origin());
  const Event e = store->appendEvent("engineer1", statusEvent(toiletId, Status::InProgress, "2020-03-01"));
  expectRefused(
      [&] { store->appendEvent("leader1", statusEvent(toiletId, Status::Completed, "2020-04-01")); },
      StoreError::Kind::Permission, "leader1 (leader) may not record progress");
  Event forged = statusEvent(toiletId, Status::Completed, "2020-04-01");
  forged.user = "planner1";
  expectRefused([&] { store->appendEvent("engineer1", forged); }, StoreError::Kind::Permission,
                "engineer1 (engineer) may not record progress in the name of planner1");
  EXPECT_EQ(store->events(toiletId).size(), 1u);
  Event onBehalf = statusEvent(toiletId, Status::Completed, "2020-04-01");
  onBehalf.user = "engineer1";
  EXPECT_EQ(store->appendEvent("planner1", onBehalf).user, "engineer1");
  Event leaders = statusEvent(toiletId, Status::Accepted, "2020-04-02");
  leaders.user = "leader1"; // a planner may enter a planner's or engineer's word, never a leader's
  expectRefused([&] { store->appendEvent("planner1", leaders); }, StoreError::Kind::Permission,
                "planner1 may not record progress in the name of leader1 (leader)");
  expectRefused([&] { store->setMeta("engineer1", "title", "x"); }, StoreError::Kind::Permission,
                "engineer1 (engineer) may not change project settings");
  Feature f = *store->feature(toiletId);
  f.name = "x";
  expectRefused([&] { store->updateFeature("engineer1", f); }, StoreError::Kind::Permission,
                "engineer1 (engineer) may not edit features");
  expectRefused([&] { store->deleteFeature("leader1", toiletId); }, StoreError::Kind::Permission,
                "leader1 (leader) may not delete features");
  expectRefused(
      [&] {
        store->addUser("engineer1", {"x", Role::Planner, ""});
      },
      StoreError::Kind::Permission, "may not add users");
  expectRefused([&] { store->appendEvent("ghost", statusEvent(toiletId, Status::Completed, "2020-04-01")); },
                StoreError::Kind::UnknownUser, "ghost");
  Attachment photo;
  photo.eventUuid = e.uuid;
  photo.fileName = "p.jpg";
  photo.data = "jpeg";
  expectRefused([&] { store->addAttachment("leader1", photo); }, StoreError::Kind::Permission,
                "attach photos");
  EXPECT_EQ(store->addAttachment("engineer1", photo).eventUuid, e.uuid);
}

TEST_P(StoreContract, PlanTargetsAndMeasurements)
{
  EXPECT_FALSE(store->plan());
  store->setPlan(
      "planner1", {"pujiang-2020", "浦江镇", "Pujiang", "闵浦府[2020]41号", "2020-01-01", "2020-12-31", "{}"},
      {{"rivers", "env", "河道整治", "River remediation", "length", 87.1, ">=", "km", "rivers", "{}"},
       {"aqi", "env", "优良率", "AQI", "indicator", 75, ">=", "%", "", "{}"}});
  EXPECT_EQ(store->plan()->docNumber, "闵浦府[2020]41号");
  const auto targets = store->targets();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].id, "rivers");
  EXPECT_DOUBLE_EQ(targets[0].goal, 87.1);
  store->setPlan("planner1", {"p2", "", "", "", "", "", "{}"},
                 {{"aqi", "env", "", "", "indicator", 80, ">=", "%", "", "{}"}});
  ASSERT_EQ(store->targets().size(), 1u);
  EXPECT_EQ(store->plan()->id, "p2");
  const Measurement m =
      store->addMeasurement("planner1", {0, "", "aqi", 78.5, "2020-06-30", "", "six months", ""});
  EXPECT_EQ(m.user, "planner1");
  store->addMeasurement("planner1", {0, "", "aqi", 81, "2020-03-31", "", "", ""});
  const auto ms = store->measurements("aqi");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].date, "2020-03-31");
  EXPECT_TRUE(store->measurements("rivers").empty());
  expectRefused(
      [&] {
        store->addMeasurement("planner1", {0, "", "nope", 1, "2020-06-30", "", "", ""});
      },
      StoreError::Kind::NotFound, "nope");
}

TEST_P(StoreContract, AttachmentsKeepBytesAndPosition)
{
  const std::int64_t toiletId = addToilet("GC-1", origin());
  const Event e = store->appendEvent("engineer1", statusEvent(toiletId, Status::Completed, "2020-03-01"));
  Attachment a;
  a.eventUuid = e.uuid;
  a.fileName = "现场.jpg";
  a.data = std::string("\xff\xd8\x00\x01\x02\x00\xff\xd9", 8);
  a.thumbnail = std::string("\x89PNG\x00", 5);
  a.position = gis::Point{121.5012345678, 31.0512345678};
  a.takenAt = "2020-03-01T10:00:00";
  const Attachment stored = store->addAttachment("engineer1", a);
  EXPECT_EQ(stored.uuid.size(), 36u);
  const auto list = store->attachments(e.uuid);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].data, a.data);
  EXPECT_EQ(list[0].thumbnail, a.thumbnail);
  EXPECT_EQ(list[0].fileName, a.fileName);
  ASSERT_TRUE(list[0].position);
  EXPECT_DOUBLE_EQ(list[0].position->x, a.position->x);
  EXPECT_DOUBLE_EQ(list[0].position->y, a.position->y);
  a.eventUuid = "no-such-event";
  expectRefused([&] { store->addAttachment("engineer1", a); }, StoreError::Kind::NotFound, "no-such-event");
}

TEST_P(StoreContract, NestedTransactionsJoinAndRollBackTogether)
{
  const std::string before = snapshot(*store);
  EXPECT_THROW(store->transaction([&] {
    store->addFeature("planner1", river("T-1", 100));
    store->transaction([&] { store->setMeta("planner1", "title", "inner"); });
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_EQ(snapshot(*store), before);
  store->transaction([&] {
    store->addFeature("planner1", river("T-2", 100));
    try {
      store->transaction([&] {
        store->setMeta("planner1", "title", "inner");
        store->addFeature("planner1", river("T-2", 100)); // duplicate code: inner part fails
      });
    } catch (const StoreError &) {
    }
  });
  EXPECT_TRUE(store->featureByCode("T-2"));
  EXPECT_EQ(store->meta("title"), "");
}
