// The PostGIS server's own guarantees, whatever client writes to it: derived progress changes only
// through events, dates and times are typed and recorded times are the server's, an event names
// who entered it, and project roles log in with a password only.
#include "data/postgis/PostgisStore.h"
#include "data/store/FeatureRules.h"
#include "data/store/Progress.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/data/store/StoreFixture.h"

#include <atomic>

using namespace data;
using namespace testdata;

namespace {

class PgPrivilegeTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
    db = std::make_unique<testutil::PgTestDatabase>();
    admin = PostgisStore::create(db->url());
    admin->addUser("", {"planner1", Role::Planner, ""});
    admin->addUser("planner1", {"engineer1", Role::Engineer, ""});
    admin->addUser("planner1", {"leader1", Role::Leader, ""});
    admin->addLayer("planner1", riversLayer());
    riverId = admin->addFeature("planner1", river("HD-1", 1000));
  }

  // Runs `sql` as `user`, expecting the database to refuse it with one of `sqlStates` ("42501" no
  // privilege, "22007"/"22008" not a date or time); the features and the logs stay as they were.
  void expectRefused(const std::string &user, const std::string &sql, const std::string &sqlStates)
  {
    const std::string before = state();
    PgConnection c(db->urlAs(user));
    try {
      c.exec(sql);
      ADD_FAILURE() << user << " was allowed: " << sql;
    } catch (const PgError &e) {
      EXPECT_NE(sqlStates.find(e.sqlState()), std::string::npos) << user << ": " << sql << ": " << e.what();
    }
    EXPECT_EQ(state(), before) << sql;
  }

  std::string state()
  {
    PgConnection c(db->url());
    return c.queryText("SELECT string_agg(concat_ws('|', id, status, done_m, last_event_date, name), ';') "
                       "FROM feature") +
           "/" + c.queryText("SELECT count(*)::text FROM progress_event") + "/" +
           c.queryText("SELECT count(*)::text FROM measurement");
  }

  std::string eventSql(const std::string &user, const std::string &date, const std::string &extraColumn = "",
                       const std::string &extraValue = "")
  {
    return "INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, user_name" +
           extraColumn + ") VALUES(gen_random_uuid()::text, " + std::to_string(riverId) +
           ", 'stretch', 'completed', 0, 1000, " + pgLiteral(date) + ", " + pgLiteral(user) + extraValue +
           ")";
  }

  // The feature's derived columns equal the replay of its events (data/Progress.h).
  void expectCacheIsTheReplay(std::int64_t id)
  {
    const Feature f = *admin->feature(id);
    const FeatureProgress p = deriveProgress(admin->events(id), f.lengthM);
    EXPECT_EQ(statusName(f.status), statusName(p.status)) << featureLabel(f);
    EXPECT_DOUBLE_EQ(f.doneM, p.doneM()) << featureLabel(f);
    PgConnection c(db->url());
    EXPECT_EQ(c.queryText("SELECT last_event_date FROM feature WHERE id = $1", {PgParam::integer(id)}),
              p.lastEventDate);
  }

  std::unique_ptr<testutil::PgTestDatabase> db;
  std::unique_ptr<PostgisStore> admin;
  std::int64_t riverId = 0;
};

} // namespace

TEST_F(PgPrivilegeTest, DerivedProgressChangesOnlyThroughEvents)
{
  const std::string forge =
      "UPDATE feature SET status = 'accepted', done_m = length_m WHERE id = " + std::to_string(riverId);
  expectRefused("engineer1", forge, "42501");
  expectRefused("planner1", forge, "42501");
  expectRefused("planner1", "UPDATE feature SET last_event_date = '2020-06-01'", "42501");
  expectRefused("planner1",
                "INSERT INTO feature(layer_id, code, status, done_m) VALUES('rivers', 'HD-9', 'accepted', 5)",
                "42501");

  // A planner still edits names and attributes directly.
  PgConnection planner(db->urlAs("planner1"));
  planner.exec("UPDATE feature SET name = 'renamed', attrs = '{\"village\":\"建新村\"}' WHERE id = $1",
               {PgParam::integer(riverId)});
  EXPECT_EQ(admin->feature(riverId)->name, "renamed");

  // An event written by any client updates the derived columns: the database derives them.
  PgConnection engineer(db->urlAs("engineer1"));
  engineer.exec(eventSql("engineer1", "2020-05-01"));
  const Feature f = *admin->feature(riverId);
  EXPECT_EQ(f.status, Status::Completed);
  EXPECT_NEAR(f.doneM, f.lengthM, kCoverageTolerance);
  expectCacheIsTheReplay(riverId);
}

TEST_F(PgPrivilegeTest, TheDatabaseDerivesWhatTheRulesDerive)
{
  const std::int64_t other = admin->addFeature("planner1", river("HD-2", 800, 100));
  std::vector<Event> steps{
      stretch(riverId, 0, 300, "2020-03-01"), stretch(riverId, 250, 600.004, "2020-03-02"),
      stretch(riverId, 600.01, 700, "2020-03-02"), stretch(riverId, 900, 1000, "2020-02-28")};
  Event cut;
  cut.featureId = riverId;
  cut.kind = EventKind::Correction;
  cut.status = Status::InProgress;
  cut.fromM = 100;
  cut.toM = 100.005;
  cut.date = "2020-03-05";
  cut.note = "sliver";
  steps.push_back(cut);
  cut.fromM = 200;
  cut.toM = 260;
  cut.note = "not done after all";
  steps.push_back(cut);
  for (const Event &e : steps) {
    admin->appendEvent("engineer1", e);
    expectCacheIsTheReplay(riverId);
  }
  const Event whole = admin->appendEvent("engineer1", stretch(riverId, 0, 1000, "2020-04-01"));
  expectCacheIsTheReplay(riverId);
  EXPECT_EQ(admin->feature(riverId)->status, Status::Completed);
  Event back;
  back.featureId = riverId;
  back.kind = EventKind::Retraction;
  back.retracts = whole.uuid;
  back.date = "2020-04-02";
  admin->appendEvent("planner1", back);
  expectCacheIsTheReplay(riverId);
  admin->appendEvent("planner1", statusEvent(other, Status::Accepted, "2020-05-01"));
  expectCacheIsTheReplay(other);
  Event reset;
  reset.featureId = other;
  reset.kind = EventKind::Correction;
  reset.status = Status::Planned;
  reset.date = "2020-05-02";
  reset.note = "wrong river";
  admin->appendEvent("planner1", reset);
  expectCacheIsTheReplay(other);

  // A planner's geometry edit changes the length: the done part is derived again.
  const double doneBefore = admin->feature(riverId)->doneM;
  Feature shorter = *admin->feature(riverId);
  shorter.geometry = riverLine(500);
  admin->updateFeature("planner1", shorter);
  expectCacheIsTheReplay(riverId);
  EXPECT_LT(admin->feature(riverId)->doneM, doneBefore);
}

TEST_F(PgPrivilegeTest, DatesAreTypedAndRecordedTimesAreTheServers)
{
  expectRefused("engineer1", eventSql("engineer1", "2020-02-30"), "22008");
  expectRefused("planner1", eventSql("engineer1", "not-a-date"), "22007");
  expectRefused("engineer1", eventSql("engineer1", "2020-05-01", ", recorded_at", ", 'not-a-time'"),
                "42501 22007");
  expectRefused("engineer1", eventSql("engineer1", "2020-05-01", ", recorded_at", ", '2020-01-01T00:00:00Z'"),
                "42501");
  expectRefused("planner1",
                "INSERT INTO measurement(uuid, target_id, value, date) VALUES('m1', 't', 1, '2020-02-30')",
                "22008");
  expectRefused("planner1",
                "INSERT INTO measurement(uuid, target_id, value, date, recorded_at) "
                "VALUES('m1', 't', 1, '2020-03-01', 'not-a-time')",
                "42501 22007");

  // The server stamps the time: within one transaction it is the transaction's now().
  PgConnection engineer(db->urlAs("engineer1"));
  engineer.execScript("BEGIN");
  engineer.exec(eventSql("engineer1", "2020-05-01"));
  EXPECT_EQ(engineer.queryText("SELECT (recorded_at = now())::text FROM progress_event"), "true");
  engineer.execScript("COMMIT");

  PgConnection c(db->url());
  for (const char *table : {"progress_event", "measurement"}) {
    EXPECT_EQ(c.queryText("SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND "
                          "column_name = 'date'",
                          {PgParam::text(table)}),
              "date")
        << table;
    EXPECT_EQ(c.queryText("SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND "
                          "column_name = 'recorded_at'",
                          {PgParam::text(table)}),
              "timestamp with time zone")
        << table;
  }

  // The store's strings stay as they were: YYYY-MM-DD dates, ISO UTC times.
  const Event e = admin->appendEvent("engineer1", stretch(riverId, 0, 10, "2020-05-02"));
  const std::vector<Event> stored = admin->events(riverId);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].date, "2020-05-01");
  EXPECT_EQ(stored[1].date, "2020-05-02");
  EXPECT_EQ(stored[1].recordedAt, e.recordedAt);
  ASSERT_EQ(e.recordedAt.size(), 24u) << e.recordedAt; // 2026-01-02T03:04:05.678Z
  EXPECT_EQ(e.recordedAt[10], 'T');
  EXPECT_EQ(e.recordedAt.back(), 'Z');
}

TEST_F(PgPrivilegeTest, AnEventNamesWhoEnteredItAndOnWhoseWord)
{
  // Nobody records progress in a leader's name, and nobody chooses who entered it.
  expectRefused("planner1", eventSql("leader1", "2020-05-01"), "42501");
  expectRefused("planner1", eventSql("engineer1", "2020-05-01", ", entered_by", ", 'engineer1'"), "42501");
  expectRefused("engineer1", eventSql("engineer1", "2020-05-01", ", entered_by", ", 'planner1'"), "42501");
  expectRefused("planner1",
                "INSERT INTO measurement(uuid, target_id, value, date, user_name) "
                "VALUES('m1', 't', 1, '2020-03-01', 'leader1')",
                "42501");
  // A group role is no user: acting as it records nothing.
  PgConnection grouped(db->urlAs("planner1"));
  grouped.exec("SET ROLE " + pgIdent(db->name() + "_planner"));
  EXPECT_THROW(grouped.exec(eventSql("engineer1", "2020-05-01")), PgError);

  // A planner enters an engineer's word: both are kept.
  PgConnection planner(db->urlAs("planner1"));
  planner.exec(eventSql("engineer1", "2020-05-01"));
  PgConnection c(db->url());
  EXPECT_EQ(c.queryText("SELECT user_name || ' by ' || entered_by FROM progress_event"),
            "engineer1 by planner1");

  Event word = stretch(riverId, 0, 10, "2020-05-02");
  word.user = "engineer1";
  const Event e = admin->appendEvent("planner1", word);
  EXPECT_EQ(e.user, "engineer1");
  EXPECT_EQ(e.enteredBy, "planner1");
  const auto own = PostgisStore::open(db->urlAs("engineer1"))
                       ->appendEvent("engineer1", stretch(riverId, 20, 30, "2020-05-03"));
  EXPECT_EQ(own.enteredBy, "engineer1");
  const std::vector<Event> stored = admin->events(riverId);
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].enteredBy, "planner1");
  EXPECT_EQ(stored[1].enteredBy, "planner1");
  EXPECT_EQ(stored[2].enteredBy, "engineer1");
}

TEST_F(PgPrivilegeTest, AProjectRoleWithoutAPasswordCannotLogIn)
{
  static std::atomic<int> counter{0};
  const std::string name = "nopw" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  admin->addUser("planner1", {name, Role::Engineer, ""});
  const std::string bare = db->urlAsWithoutPassword(name);
  try {
    PgConnection c(bare);
    ADD_FAILURE() << name
                  << " logged in without a password (a test server started by an older "
                     "pg-test-server.sh trusts every role: stop and start it again)";
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::NeedsPassword) << e.what();
  }
  EXPECT_THROW(PgConnection(connectionWithPassword(bare, "guess")), StoreError);
  // With the password its administrator gave it, it logs in.
  PgConnection c(db->urlAs(name));
  EXPECT_EQ(c.sessionUser(), name);
}
