// Database roles and row-level security of the PostGIS store: users connect as their own login
// role and the database itself refuses what their role may not do, whatever client they use.
#include "data/postgis/PostgisStore.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/data/store/StoreFixture.h"

using namespace data;
using namespace testdata;

namespace {

class PgRoleTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
    db = std::make_unique<testutil::PgTestDatabase>();
    auto admin = PostgisStore::create(db->url());
    admin->addUser("", {"planner1", Role::Planner, ""});
    admin->addUser("planner1", {"engineer1", Role::Engineer, ""});
    admin->addUser("planner1", {"engineer2", Role::Engineer, ""});
    admin->addUser("planner1", {"leader1", Role::Leader, ""});
    admin->addLayer("planner1", riversLayer());
    riverId = admin->addFeature("planner1", river("HD-1", 1000));
    plannerEvent = admin->appendEvent("planner1", stretch(riverId, 0, 100, "2020-05-01"));
  }

  // Runs raw SQL on a connection of `user`, expecting the database to refuse it (SQLSTATE 42501).
  void expectDenied(const std::string &user, const std::string &sql)
  {
    PgConnection c(db->urlAs(user));
    try {
      c.exec(sql);
      ADD_FAILURE() << user << " was allowed: " << sql;
    } catch (const PgError &e) {
      EXPECT_EQ(e.sqlState(), "42501") << user << ": " << sql << ": " << e.what();
    }
  }

  std::string insertEventSql(const std::string &user)
  {
    // The server records the time (PgSchema.h).
    return "INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, user_name) "
           "VALUES(gen_random_uuid()::text, " +
           std::to_string(riverId) + ", 'stretch', 'completed', 200, 300, '2020-05-02', " + pgLiteral(user) +
           ")";
  }

  std::unique_ptr<testutil::PgTestDatabase> db;
  std::int64_t riverId = 0;
  Event plannerEvent;
};

} // namespace

TEST_F(PgRoleTest, UsersAreLoginRolesInGroupRoles)
{
  PgConnection c(db->url());
  EXPECT_EQ(c.queryInt("SELECT count(*) FROM pg_roles WHERE rolname IN ('planner1', 'engineer1', 'leader1') "
                       "AND rolcanlogin"),
            3);
  EXPECT_TRUE(c.queryText("SELECT pg_has_role('engineer1', $1, 'MEMBER')::text",
                          {PgParam::text(db->name() + "_engineer")}) == "true");
  EXPECT_TRUE(c.queryText("SELECT pg_has_role('engineer1', $1, 'MEMBER')::text",
                          {PgParam::text(db->name() + "_planner")}) == "false");
}

TEST_F(PgRoleTest, AnEngineerInsertsEventsAsHimselfOnly)
{
  PgConnection own(db->urlAs("engineer1"));
  own.exec(insertEventSql("engineer1")); // the positive control
  expectDenied("engineer1", insertEventSql("planner1"));
  expectDenied("engineer1", insertEventSql("engineer2"));
  PgConnection admin(db->url());
  EXPECT_EQ(admin.queryInt("SELECT count(*) FROM progress_event"), 2);
}

TEST_F(PgRoleTest, AnEngineerNeverUpdatesOrDeletesEventsNorEditsFeatures)
{
  expectDenied("engineer1", "UPDATE progress_event SET note = 'x'");
  expectDenied("engineer1", "DELETE FROM progress_event");
  expectDenied("engineer1",
               "UPDATE feature SET geom_line = ST_GeomFromText('LINESTRING(121 31, 121.1 31)', 4326)");
  expectDenied("engineer1", "UPDATE feature SET name = 'x', attrs = '{}'");
  expectDenied("engineer1", "DELETE FROM feature");
  expectDenied("engineer1", "INSERT INTO layer(id, geometry_type) VALUES('lakes', 'Polygon')");
  expectDenied("engineer1", "INSERT INTO meta(key, value) VALUES('title', 'x')");
  expectDenied("engineer1", "SELECT planmap_add_user('eve', 'planner', '')");
  PgConnection admin(db->url());
  EXPECT_EQ(admin.queryText("SELECT note FROM progress_event"), "");
  EXPECT_EQ(admin.queryInt("SELECT count(*) FROM app_user"), 4);
}

TEST_F(PgRoleTest, ALeaderOnlyReads)
{
  PgConnection leader(db->urlAs("leader1"));
  EXPECT_EQ(leader.queryInt("SELECT count(*) FROM progress_event"), 1);
  EXPECT_EQ(leader.queryInt("SELECT count(*) FROM rivers"), 1); // the layer view
  expectDenied("leader1", insertEventSql("leader1"));
  expectDenied("leader1", "UPDATE feature SET status = 'completed'");
  expectDenied("leader1", "INSERT INTO measurement(uuid, target_id, value, date, user_name, recorded_at) "
                          "VALUES('u', 't', 1, '2020-01-01', 'leader1', 'now')");
  expectDenied("leader1",
               "INSERT INTO attachment(uuid, event_uuid, file_name, mime, data, recorded_at) VALUES('a', " +
                   pgLiteral(plannerEvent.uuid) + ", 'a.jpg', 'image/jpeg', 'x', 'now')");
}

TEST_F(PgRoleTest, EvenTheOwnerCannotRewriteHistory)
{
  PgConnection admin(db->url());
  EXPECT_THROW(admin.exec("UPDATE progress_event SET note = 'x'"), PgError);
  EXPECT_THROW(admin.exec("DELETE FROM progress_event"), PgError);
}

TEST_F(PgRoleTest, StoreOnAnEngineersOwnConnection)
{
  auto store = PostgisStore::open(db->urlAs("engineer1"));
  const Event e = store->appendEvent("engineer1", stretch(riverId, 500, 1000, "2020-05-03"));
  EXPECT_EQ(e.user, "engineer1");
  EXPECT_NEAR(store->feature(riverId)->doneM, 600, 0.01);
  Attachment photo;
  photo.eventUuid = e.uuid;
  photo.fileName = "p.jpg";
  photo.data = "jpeg";
  store->addAttachment("engineer1", photo);

  // Both stores refuse a mark in another engineer's name with the same words (the raw-SQL test
  // above shows the database refuses it too).
  Event asOther = stretch(riverId, 100, 200, "2020-05-04");
  asOther.user = "engineer2";
  try {
    store->appendEvent("engineer1", asOther);
    FAIL() << "recorded progress in another engineer's name";
  } catch (const StoreError &err) {
    EXPECT_EQ(err.kind(), StoreError::Kind::Permission);
    EXPECT_NE(
        std::string(err.what()).find("engineer1 (engineer) may not record progress in the name of engineer2"),
        std::string::npos)
        << err.what();
  }
  photo.eventUuid = plannerEvent.uuid;
  EXPECT_THROW(store->addAttachment("engineer1", photo), StoreError); // not his event
  // Signed in as engineer1, he cannot act as a planner by naming one.
  try {
    store->setMeta("planner1", "title", "x");
    FAIL() << "an engineer's connection acted as a planner";
  } catch (const StoreError &err) {
    EXPECT_EQ(err.kind(), StoreError::Kind::Permission) << err.what();
    EXPECT_NE(std::string(err.what()).find("planner1 (planner) may not change project settings"),
              std::string::npos)
        << err.what();
  }
  EXPECT_EQ(store->events(riverId).size(), 2u);
  EXPECT_EQ(store->meta("title"), "");
}
