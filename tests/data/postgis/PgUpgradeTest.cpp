// A server written by an older PlanMap is upgraded by its owner, keeping every event, or not at
// all when an event cannot be carried over.
#include "data/postgis/PgSchema.h"
#include "data/postgis/PostgisStore.h"
#include "data/spatialite/Schema.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/data/store/StoreFixture.h"

using namespace data;
using namespace testdata;

namespace {

// A server as PlanMap wrote it before these guarantees (schema version 2), with users, a river and
// one event of 250 m, and the river's derived columns forged to say it was accepted (version 2 let
// engineers write them).
std::int64_t makeVersion2Server(const testutil::PgTestDatabase &db, const std::string &date,
                                const std::string &recordedAt)
{
  PgConnection c(db.url());
  c.execScript("BEGIN");
  pgschema::createVersion2(c);
  for (const char *u : {"planner1", "engineer1"})
    c.exec("SELECT planmap_add_user($1, $2, '')",
           {PgParam::text(u), PgParam::text(u[0] == 'p' ? "planner" : "engineer")});
  c.exec("INSERT INTO layer(id, geometry_type, tracked) VALUES('rivers', 'LineString', 1)");
  const std::int64_t id =
      c.queryInt("INSERT INTO feature(layer_id, code, length_m, status, done_m, last_event_date, geom_line) "
                 "VALUES('rivers', 'HD-7', 1000, 'accepted', 1000, $1, "
                 "ST_GeomFromText('LINESTRING(121.5 31.05, 121.51 31.05)', 4326)) RETURNING id",
                 {PgParam::text(date)});
  c.exec("INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, user_name, note, "
         "recorded_at) VALUES('ev-1', $1, 'stretch', 'completed', 0, 250, $2, 'engineer1', 'first', $3)",
         {PgParam::integer(id), PgParam::text(date), PgParam::text(recordedAt)});
  c.execScript("COMMIT");
  return id;
}

} // namespace

TEST(PgUpgrade, AVersion2ServerIsUpgradedWhenItsOwnerOpensIt)
{
  if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
  testutil::PgTestDatabase db;
  const std::int64_t id = makeVersion2Server(db, "2020-03-01", "2020-03-01T10:00:00.000Z");
  // A project role cannot upgrade it, and says who can.
  try {
    PostgisStore::open(db.urlAs("engineer1"));
    ADD_FAILURE() << "an engineer opened a version 2 server";
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Schema);
    EXPECT_NE(std::string(e.what()).find("owner"), std::string::npos) << e.what();
  }

  auto owner = PostgisStore::open(db.url());
  EXPECT_EQ(owner->schemaVersion(), schema::kCurrentVersion);
  const std::vector<Event> old = owner->events(id);
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].date, "2020-03-01");
  EXPECT_EQ(old[0].recordedAt, "2020-03-01T10:00:00.000Z");
  EXPECT_EQ(old[0].enteredBy, "");
  // The forged derived columns are derived again from the events.
  EXPECT_EQ(owner->feature(id)->status, Status::InProgress);
  EXPECT_DOUBLE_EQ(owner->feature(id)->doneM, 250);

  // The upgraded server keeps the new guarantees.
  PgConnection engineer(db.urlAs("engineer1"));
  EXPECT_THROW(engineer.exec("UPDATE feature SET status = 'accepted', done_m = length_m"), PgError);
  EXPECT_THROW(engineer.exec("INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name) "
                             "VALUES('x', " +
                             std::to_string(id) +
                             ", 'status', 'completed', '2020-02-30', "
                             "'engineer1')"),
               PgError);
  auto store = PostgisStore::open(db.urlAs("engineer1"));
  const Event e = store->appendEvent("engineer1", stretch(id, 250, 1000, "2020-04-01"));
  EXPECT_EQ(e.enteredBy, "engineer1");
  EXPECT_EQ(store->feature(id)->status, Status::Completed);
}

TEST(PgUpgrade, AnUnreadableDateStopsTheUpgradeAndNamesTheEvent)
{
  if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
  testutil::PgTestDatabase db;
  makeVersion2Server(db, "2020-02-30", "not-a-time");
  try {
    PostgisStore::open(db.url());
    ADD_FAILURE() << "a version 2 server with a forged date was upgraded";
  } catch (const StoreError &e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("ev-1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("2020-02-30"), std::string::npos) << msg;
  }
  // Nothing changed: still version 2, the event as it was.
  PgConnection c(db.url());
  EXPECT_EQ(c.queryText("SELECT value FROM meta WHERE key = 'schema_version'"), "2");
  EXPECT_EQ(c.queryText("SELECT date || ' ' || recorded_at FROM progress_event"), "2020-02-30 not-a-time");
}
