// validateProject on records forged past the store's rules (raw SQL), on a SpatiaLite file and on
// the PostGIS server: each forged record is named, a project made through the store has none.
#include "data/store/Validate.h"
#include "tests/data/store/StoreContract.h"

#include <algorithm>

using namespace data;
using namespace testdata;

namespace {

// The problems that mention every one of `words`.
std::vector<std::string> findings(const Validation &v, std::initializer_list<std::string> words)
{
  std::vector<std::string> out;
  for (const std::string &p : v.problems)
    if (std::all_of(words.begin(), words.end(),
                    [&](const std::string &w) { return p.find(w) != std::string::npos; }))
      out.push_back(p);
  return out;
}

std::string all(const Validation &v)
{
  std::string s;
  for (const std::string &p : v.problems)
    s += p + "\n";
  return s;
}

class Validate : public StoreContract
{
protected:
  void SetUp() override
  {
    StoreContract::SetUp();
    if (IsSkipped()) return;
    PlanRecord plan{"p", "计划", "Plan", "", "2020-05-15", "2020-12-31", "{}"};
    store->setPlan("planner1", plan,
                   {{"pass_rate", "g", "合格率", "Pass rate", "indicator", 95, ">=", "%", "", "{}"},
                    {"toilets_done", "g", "公厕", "Toilets", "count", 2, ">=", "座", "toilets", "{}"}});
    riverId = store->addFeature("planner1", river("HD-1", 500));
    toiletA = addToilet("GC-1", origin());
    toiletB = addToilet("GC-2", gis::geodesicDirect(origin(), 0, 100));
    store->appendEvent("engineer1", stretch(riverId, 0, 100, "2020-06-01"));
    store->appendEvent("engineer1", statusEvent(toiletB, Status::Completed, "2020-07-01"));
    Measurement m;
    m.targetId = "pass_rate";
    m.value = 96;
    m.date = "2020-09-30";
    store->addMeasurement("planner1", m);
  }

  std::int64_t riverId = 0, toiletA = 0, toiletB = 0;
};

} // namespace

INSTANTIATE_TEST_SUITE_P(Backends, Validate, ::testing::Values(Kind::SpatiaLite, Kind::Postgis), backendName);

TEST_P(Validate, AProjectMadeThroughTheStoreHasNoProblems)
{
  const Validation v = validateProject(*store);
  EXPECT_TRUE(v.problems.empty()) << all(v);
  EXPECT_EQ(v.features, 3u);
  EXPECT_EQ(v.events, 2u);
}

TEST_P(Validate, ForgedRecordsAreNamed)
{
  const std::string a = std::to_string(toiletA), b = std::to_string(toiletB);
  // SQL either store takes (the server's admin writes past row-level security and its triggers).
  std::vector<std::string> forgeries{
      "INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name, note, recorded_at) VALUES "
      "('forged-leader', " +
          a + ", 'status', 'accepted', '2020-10-01', 'leader1', '', '2020-10-01T10:00:00Z')",
      "INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name, note, recorded_at) VALUES "
      "('forged-early', " +
          a + ", 'status', 'in_progress', '2019-01-01', 'engineer1', '', '2020-10-01T10:00:00Z')",
      "UPDATE feature SET status = 'accepted' WHERE id = " + a,
      "UPDATE feature SET status = 'accepted' WHERE id = " + b,
      "INSERT INTO measurement(uuid, target_id, value, date, user_name, note, recorded_at) VALUES "
      "('forged-value', 'pass_rate', 140, '2020-10-01', 'engineer1', '', '2020-10-01T10:00:00Z')",
      "UPDATE feature SET attrs = '{\"grade\":\"VI\"}' WHERE id = " + std::to_string(riverId)};
  if (GetParam() == Kind::Postgis) {
    PgConnection admin(static_cast<PostgisBackend &>(*backend).db.url());
    admin.exec("SET session_replication_role = replica"); // triggers off for this session
    for (const std::string &sql : forgeries)
      admin.exec(sql);
    admin.exec("DROP TRIGGER IF EXISTS progress_event_append_only ON progress_event");
  } else {
    Database &db = static_cast<SpatiaLiteStore &>(*store).database();
    for (const std::string &sql : forgeries)
      db.exec(sql);
    db.exec("DROP TRIGGER progress_event_no_delete");
  }
  const Validation v = validateProject(*store);
  const std::string labelA = "feature " + a + " (GC-1)";
  EXPECT_EQ(
      findings(v, {"event forged-leader of " + labelA, "author leader1 (leader) may not record this"}).size(),
      1u)
      << all(v);
  EXPECT_EQ(findings(v, {"event forged-early of " + labelA, "before the plan started (2020-05-15)"}).size(),
            1u)
      << all(v);
  EXPECT_EQ(
      findings(v, {"feature " + b + " (GC-2)", "stored status accepted but events say completed"}).size(), 1u)
      << all(v);
  EXPECT_EQ(
      findings(v, {"measurement forged-value", "author engineer1 (engineer) may not record this"}).size(), 1u)
      << all(v);
  EXPECT_EQ(findings(v, {"measurement forged-value", "outside 0–100 %"}).size(), 1u) << all(v);
  EXPECT_EQ(findings(v, {"feature " + std::to_string(riverId) + " (HD-1)", "grade value 'VI'"}).size(), 1u)
      << all(v);
  EXPECT_EQ(findings(v, {"progress_event is not append-only", "DELETE"}).size(), 1u) << all(v);
}

// What only a file lets through: an author who does not exist, a date that is no date, a recorded
// time that is no time, and events deleted once the append-only trigger is gone.
TEST_F(StoreTest, ValidateNamesWhatOnlyAFileLetsThrough)
{
  const std::int64_t toilet = addToilet("GC-9", origin());
  const std::int64_t other = addToilet("GC-10", gis::geodesicDirect(origin(), 0, 100));
  store->appendEvent("engineer1", statusEvent(other, Status::Completed, "2020-07-01"));
  ASSERT_TRUE(validateProject(*store).problems.empty()) << all(validateProject(*store));
  Database &db = store->database();
  db.exec(
      "INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name, note, recorded_at) VALUES "
      "('forged-ghost', " +
      std::to_string(toilet) +
      ", 'status', 'accepted', '2020-02-30', 'ghost', "
      "CAST(X'626164FF' AS TEXT), 'not-a-time')");
  db.exec("UPDATE feature SET status = 'accepted' WHERE id = " + std::to_string(toilet));
  db.exec("DROP TRIGGER progress_event_no_delete");
  db.exec("DELETE FROM progress_event WHERE feature_id = " + std::to_string(other));
  db.exec("UPDATE feature SET status = 'planned' WHERE id = " + std::to_string(other));

  const Validation v = validateProject(*store);
  const std::string event = "event forged-ghost of feature " + std::to_string(toilet) + " (GC-9)";
  EXPECT_EQ(findings(v, {event, "author 'ghost' is not a user"}).size(), 1u) << all(v);
  EXPECT_EQ(findings(v, {event, "bad date '2020-02-30'"}).size(), 1u) << all(v);
  EXPECT_EQ(findings(v, {event, "recorded time 'not-a-time' is not a time"}).size(), 1u) << all(v);
  EXPECT_EQ(findings(v, {event, "note is not valid UTF-8"}).size(), 1u) << all(v);
  EXPECT_EQ(findings(v, {"progress_event is not append-only: no trigger refuses DELETE"}).size(), 1u)
      << all(v);
  EXPECT_EQ(v.problems.size(), 5u) << all(v);
}
