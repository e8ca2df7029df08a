// The store's rules seen through planmap-cli: text that is not UTF-8, dates outside the plan, values
// outside their unit, bad user names are refused with one line and change nothing; history --json
// stays JSON whatever is stored; validate finds forged records; sync pushes what it can and reports
// the rest (a record with bad bytes, a status going back) instead of failing or applying it silently.
#include "data/spatialite/Sqlite.h"
#include "data/store/Encoding.h"
#include "data/store/JsonText.h"
#include "tests/common/SampleFixture.h"
#include "tests/data/postgis/PgTestDatabase.h"

#include <gtest/gtest.h>

#include <algorithm>

using testutil::runCli;

namespace {

constexpr int kReadWrite = 2; // SQLITE_OPEN_READWRITE

struct Row
{
  std::string id, code, status;
};

// The features of a `features --json` listing.
std::vector<Row> rows(const std::string &json)
{
  std::vector<Row> out;
  const nlohmann::json root = data::parseJson(json);
  for (const nlohmann::json &f : root.at("features"))
    out.push_back({std::to_string(f.at("id").get<std::int64_t>()), f.at("code").get<std::string>(),
                   f.at("status").get<std::string>()});
  return out;
}

std::vector<Row> features(const std::string &project, const std::string &layer)
{
  const auto r = runCli({"features", project, "--layer", layer, "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return r.exitCode == 0 ? rows(r.out) : std::vector<Row>{};
}

std::size_t lines(const std::string &s)
{
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

bool contains(const std::string &s, const std::string &part)
{
  return s.find(part) != std::string::npos;
}

// An event written straight into a project file, past every rule of the store.
void forgeEvent(const std::string &path, const std::string &uuid, const std::string &featureId,
                const std::string &status, const std::string &date, const std::string &user,
                const std::string &note, const std::string &recordedAt = "2020-12-01T10:00:00.000Z")
{
  data::Database db(path, kReadWrite);
  data::Statement st =
      db.prepare("INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name, "
                 "note, recorded_at) VALUES(?, ?, 'status', ?, ?, ?, ?, ?)");
  st.bindText(1, uuid).bindInt(2, std::stoll(featureId)).bindText(3, status).bindText(4, date);
  st.bindText(5, user).bindText(6, note).bindText(7, recordedAt).run();
}

class StoreRulesCliTest : public ::testing::Test
{
protected:
  void SetUp() override { sample = testutil::sampleProjectCopy(dir); }

  std::string history(const std::string &project, const std::string &id)
  {
    return runCli({"history", project, "--feature", id, "--json"}).out;
  }

  testutil::TempDir dir;
  std::string sample;
};

} // namespace

TEST_F(StoreRulesCliTest, NoteThatIsNotUtf8IsRefusedWithOneLine)
{
  const std::string river = features(sample, "rivers").at(0).id;
  const std::string before = history(sample, river);
  const auto r = runCli({"mark", sample, "--user", "planner1", "--feature", river, "--status", "accepted",
                         "--date", "2020-11-30", "--note", "bad\xff\xfe"});
  EXPECT_NE(r.exitCode, 0) << r.out;
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_TRUE(contains(r.err, "note")) << r.err;
  EXPECT_TRUE(contains(r.err, "UTF-8")) << r.err;
  EXPECT_EQ(history(sample, river), before);
}

TEST_F(StoreRulesCliTest, HistoryJsonStaysJsonWhenOldBadBytesAreStored)
{
  const std::string river = features(sample, "rivers").at(0).id;
  forgeEvent(sample, "forged-bad-bytes", river, "planned", "2020-06-01", "engineer1", "bad\xff\xfe \"q\"");
  const auto r = runCli({"history", sample, "--feature", river, "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(data::isValidUtf8(r.out)) << r.out;
  nlohmann::json root;
  ASSERT_NO_THROW(root = data::parseJson(r.out)) << r.out;
  // Each byte that is not UTF-8 reads as U+FFFD (raw or escaped: the same JSON string).
  const nlohmann::json &events = root.at("events");
  ASSERT_TRUE(events.is_array() && !events.empty()) << r.out;
  EXPECT_EQ(events.at(0).at("note").get<std::string>(), "bad\uFFFD\uFFFD \"q\"") << r.out;
}

TEST_F(StoreRulesCliTest, ProgressDatedBeforeThePlanOrInTheFutureIsRefused)
{
  const std::string river = features(sample, "rivers").at(0).id;
  const std::string before = history(sample, river);
  for (const char *date : {"1900-01-01", "2020-05-14", "2099-01-01"}) {
    const auto r = runCli(
        {"mark", sample, "--user", "planner1", "--feature", river, "--status", "accepted", "--date", date});
    EXPECT_NE(r.exitCode, 0) << date;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_TRUE(contains(r.err, date)) << r.err;
  }
  EXPECT_EQ(history(sample, river), before);
  // The plan's first day and today are inside.
  EXPECT_EQ(runCli({"mark", sample, "--user", "planner1", "--feature", river, "--status", "accepted",
                    "--date", "2020-05-15"})
                .exitCode,
            0);
  EXPECT_EQ(
      runCli({"mark", sample, "--user", "planner1", "--feature", river, "--status", "accepted"}).exitCode, 0);
}

TEST_F(StoreRulesCliTest, MeasurementsOutsideTheirUnitAreRefused)
{
  auto measure = [&](const std::string &target, const std::string &value) {
    return runCli({"measure", sample, "--target", target, "--value", value, "--date", "2020-11-30", "--user",
                   "planner1"});
  };
  for (const char *value : {"-5", "100.5", "1e308"}) {
    const auto r = measure("agri_product_pass", value); // a percentage
    EXPECT_NE(r.exitCode, 0) << value;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_TRUE(contains(r.err, "agri_product_pass")) << r.err;
  }
  EXPECT_NE(measure("general_accidents", "-1").exitCode, 0); // a count
  EXPECT_NE(measure("pm25_daily", "-3").exitCode, 0);        // a concentration
  EXPECT_EQ(measure("agri_product_pass", "99.5").exitCode, 0);
  EXPECT_EQ(measure("agri_product_pass", "0").exitCode, 0);
  EXPECT_EQ(measure("general_accidents", "0").exitCode, 0);
}

TEST_F(StoreRulesCliTest, UserNamesAreShortPrintableUtf8)
{
  auto add = [&](const std::string &name) {
    return runCli({"users", sample, "add", name, "--role", "engineer", "--user", "planner1"});
  };
  for (const std::string &bad :
       {std::string(65, 'a'), std::string("tab\tname"), std::string("bell\x07"), std::string("bad\xff")}) {
    const auto r = add(bad);
    EXPECT_NE(r.exitCode, 0) << bad;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
  }
  EXPECT_NE(add(std::string(64, 'a')).exitCode, 0); // a server login has at most 63 bytes
  EXPECT_EQ(add(std::string(63, 'a')).exitCode, 0);
  EXPECT_EQ(add("张工").exitCode, 0);
  const auto list = runCli({"users", sample, "list"});
  EXPECT_FALSE(contains(list.out, std::string(65, 'a')));
}

// Each forged record is named by validate; none of them is found by the checks validate made before.
TEST_F(StoreRulesCliTest, ValidateFindsForgedEvents)
{
  ASSERT_EQ(runCli({"validate", sample}).exitCode, 0);
  std::vector<Row> toilets = features(sample, "toilets");
  std::vector<Row> planned;
  for (const Row &t : toilets)
    if (t.status == "planned") planned.push_back(t);
  ASSERT_GE(planned.size(), 2u);
  Row deleted;
  for (const Row &t : toilets)
    if (t.status != "planned") deleted = t;
  ASSERT_FALSE(deleted.id.empty());

  forgeEvent(sample, "forged-ghost", planned[0].id, "accepted", "2020-02-30", "ghost", "", "not-a-time");
  forgeEvent(sample, "forged-leader", planned[1].id, "accepted", "2020-10-01", "leader1", "");
  {
    data::Database db(sample, kReadWrite);
    db.exec("UPDATE feature SET status = 'accepted' WHERE id IN (" + planned[0].id + ", " + planned[1].id +
            ")");
    db.exec("DROP TRIGGER progress_event_no_delete");
    db.exec(
        "DELETE FROM attachment WHERE event_uuid IN (SELECT uuid FROM progress_event WHERE feature_id = " +
        deleted.id + ")");
    db.exec("DELETE FROM progress_event WHERE feature_id = " + deleted.id);
    db.exec("UPDATE feature SET status = 'planned', last_event_date = '' WHERE id = " + deleted.id);
  }
  const auto r = runCli({"validate", sample});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  for (const char *finding : {"ghost", "2020-02-30", "not-a-time", "leader1", "append-only"})
    EXPECT_TRUE(contains(r.err, finding)) << finding << " not in:\n" << r.err;
  EXPECT_TRUE(contains(r.err, planned[0].code)) << r.err;
  EXPECT_TRUE(contains(r.err, planned[1].code)) << r.err;
}

namespace {

class StoreRulesSyncCliTest : public StoreRulesCliTest
{
protected:
  void SetUp() override
  {
    if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
    StoreRulesCliTest::SetUp();
    db = std::make_unique<testutil::PgTestDatabase>();
    ASSERT_EQ(runCli({"server", "init", db->url(), "--from", sample}).exitCode, 0);
    field = dir.file("field.sqlite");
    const auto co =
        runCli({"checkout", db->url(), "--area", "建东村", "--out", field, "--user", "engineer1"});
    ASSERT_EQ(co.exitCode, 0) << co.err;
  }

  // The server's id of the feature with this code.
  std::string serverId(const std::string &layer, const std::string &code)
  {
    for (const Row &r : features(db->url(), layer))
      if (r.code == code) return r.id;
    return {};
  }

  std::unique_ptr<testutil::PgTestDatabase> db;
  std::string field;
};

} // namespace

TEST_F(StoreRulesSyncCliTest, OneRecordWithBadBytesDoesNotBlockTheSync)
{
  const std::vector<Row> rivers = features(field, "rivers");
  ASSERT_GE(rivers.size(), 2u);
  forgeEvent(field, "field-bad-bytes", rivers[0].id, "planned", "2020-11-01", "engineer1", "bad\xff\xfe");
  const auto mark =
      runCli({"mark", field, "--user", "engineer1", "--feature", rivers[1].id, "--status", "completed",
              "--from", "0", "--to", "5", "--date", "2020-12-01", "--note", "good"});
  ASSERT_EQ(mark.exitCode, 0) << mark.err;

  const auto sync = runCli({"sync", field});
  EXPECT_EQ(sync.exitCode, 0) << sync.err;
  EXPECT_TRUE(contains(sync.out, "pushed 1 events")) << sync.out;
  EXPECT_TRUE(contains(sync.out, "field-bad-bytes")) << sync.out;
  EXPECT_TRUE(contains(sync.out, "UTF-8")) << sync.out;
  EXPECT_TRUE(data::isValidUtf8(sync.out)) << sync.out;
  EXPECT_TRUE(contains(history(db->url(), serverId("rivers", rivers[1].code)), "good"));
  // A later mark still goes up; the bad record is reported again, not lost.
  ASSERT_EQ(runCli({"mark", field, "--user", "engineer1", "--feature", rivers[1].id, "--status", "completed",
                    "--from", "5", "--to", "9", "--date", "2020-12-02", "--note", "later"})
                .exitCode,
            0);
  const auto again = runCli({"sync", field});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "pushed 1 events")) << again.out;
  EXPECT_TRUE(contains(again.out, "field-bad-bytes")) << again.out;
}

TEST_F(StoreRulesSyncCliTest, StatusGoingBackOfflineIsAConflictNotApplied)
{
  Row target, other;
  for (const Row &r : features(field, "rivers"))
    (r.status == "planned" && target.id.empty() ? target : other) = r;
  ASSERT_FALSE(target.id.empty());
  ASSERT_FALSE(other.id.empty());
  const std::string onServer = serverId("rivers", target.code);
  ASSERT_EQ(runCli({"mark", db->url(), "--user", "planner1", "--feature", onServer, "--status", "accepted",
                    "--date", "2020-08-01"})
                .exitCode,
            0);
  ASSERT_EQ(runCli({"mark", field, "--user", "engineer1", "--feature", target.id, "--status", "in_progress",
                    "--date", "2020-09-01", "--note", "late start"})
                .exitCode,
            0);
  ASSERT_EQ(runCli({"mark", field, "--user", "engineer1", "--feature", other.id, "--status", "completed",
                    "--from", "0", "--to", "5", "--date", "2020-12-01", "--note", "fine"})
                .exitCode,
            0);

  const auto sync = runCli({"sync", field});
  EXPECT_EQ(sync.exitCode, 0) << sync.err;
  EXPECT_TRUE(contains(sync.out, "conflict")) << sync.out;
  EXPECT_TRUE(contains(sync.out, target.code)) << sync.out;
  EXPECT_TRUE(contains(sync.out, "pushed 1 events")) << sync.out;
  EXPECT_FALSE(contains(history(db->url(), onServer), "late start"));
  EXPECT_TRUE(contains(history(db->url(), serverId("rivers", other.code)), "fine"));
}
