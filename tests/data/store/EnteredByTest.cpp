// A progress event names who entered it as well as on whose word: a planner entering an
// engineer's report is kept apart from the engineer marking it himself.
#include "data/spatialite/Schema.h"
#include "data/spatialite/Sqlite.h"
#include "tests/data/store/StoreFixture.h"

#include <sqlite3.h>

using namespace data;
using namespace testdata;

TEST_F(StoreTest, AnEventNamesWhoEnteredIt)
{
  const std::int64_t id = store->addFeature("planner1", river("HD-1", 1000));
  Event word = stretch(id, 0, 100, "2020-05-01");
  word.user = "engineer1";
  const Event entered = store->appendEvent("planner1", word);
  EXPECT_EQ(entered.user, "engineer1");
  EXPECT_EQ(entered.enteredBy, "planner1");
  const Event own = store->appendEvent("engineer1", stretch(id, 100, 200, "2020-05-02"));
  EXPECT_EQ(own.enteredBy, "engineer1");

  store.reset();
  store = SpatiaLiteStore::open(path);
  const std::vector<Event> stored = store->events(id);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].user, "engineer1");
  EXPECT_EQ(stored[0].enteredBy, "planner1");
  EXPECT_EQ(stored[1].enteredBy, "engineer1");
  Database raw(path, SQLITE_OPEN_READONLY);
  EXPECT_EQ(raw.queryText("SELECT group_concat(entered_by, ',') FROM progress_event"), "planner1,engineer1");
}

TEST(EnteredBy, AnOlderProjectKeepsItsEventsAndRecordsWhoEntersNewOnes)
{
  testutil::TempDir dir;
  const std::string path = dir.file("v1.planmap");
  {
    Database raw(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("BEGIN");
    schema::createVersion1(raw);
    raw.exec(R"(INSERT INTO app_user VALUES ('planner1', 'planner', ''), ('engineer1', 'engineer', '');
      INSERT INTO layer(id, geometry_type, tracked) VALUES ('sites', 'Point', 1);
      INSERT INTO feature(id, layer_id, code, geom_point) VALUES (3, 'sites', 'S-3', MakePoint(121.5, 31.05, 4326));
      INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name, recorded_at)
        VALUES ('ev-1', 3, 'status', 'in_progress', '2020-03-01', 'engineer1', '2020-03-01T10:00:00.000Z');)");
    raw.exec("COMMIT");
  }
  auto s = SpatiaLiteStore::open(path);
  EXPECT_EQ(s->schemaVersion(), schema::kCurrentVersion);
  // Who entered an event recorded before the project kept it is not known, and not made up.
  EXPECT_EQ(s->events(3).at(0).enteredBy, "");
  s->appendEvent("planner1", statusEvent(3, Status::Completed, "2020-04-01"));
  EXPECT_EQ(s->events(3).at(1).enteredBy, "planner1");
}
