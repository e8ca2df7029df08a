#include "tests/data/store/StoreFixture.h"

#include "data/spatialite/Sqlite.h"

#include <sqlite3.h>

using namespace data;
using namespace testdata;

namespace {

class EventTest : public StoreTest
{
protected:
  void SetUp() override
  {
    StoreTest::SetUp();
    riverId = store->addFeature("planner1", river("HD-001", 1000));
    otherRiverId = store->addFeature("planner1", river("HD-002", 500, 100));
    toiletId = addToilet("GC-001", origin());
    Feature road;
    road.layerId = "roads";
    road.code = "RD-1";
    road.geometry = riverLine(300, 200);
    roadId = store->addFeature("planner1", road);
    first = store->appendEvent("engineer1", stretch(riverId, 0, 300, "2020-03-01"));
    store->appendEvent("engineer1", statusEvent(toiletId, Status::Completed, "2020-03-02"));
    foreign = store->appendEvent("engineer1", stretch(otherRiverId, 0, 100, "2020-03-03"));
  }

  // Appends `e` expecting StoreError of `kind` whose message contains `words`, and checks that
  // nothing in the project changed.
  void expectRefused(const Event &e, StoreError::Kind kind, const std::string &words)
  {
    const std::string before = snapshot(*store);
    const std::size_t count = store->allEvents().size();
    try {
      store->appendEvent("engineer1", e);
      ADD_FAILURE() << "accepted an event that should be refused (" << words << ")";
    } catch (const StoreError &err) {
      EXPECT_EQ(err.kind(), kind) << err.what();
      EXPECT_NE(std::string(err.what()).find(words), std::string::npos) << err.what();
    }
    EXPECT_EQ(store->allEvents().size(), count);
    EXPECT_EQ(snapshot(*store), before);
  }

  std::int64_t riverId = 0, otherRiverId = 0, toiletId = 0, roadId = 0;
  Event first, foreign;
};

} // namespace

TEST_F(EventTest, AppendFillsIdentityAndUpdatesDerivedState)
{
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.uuid.size(), 36u);
  EXPECT_EQ(first.user, "engineer1");
  EXPECT_FALSE(first.recordedAt.empty());
  Feature f = *store->feature(riverId);
  EXPECT_EQ(f.status, Status::InProgress);
  EXPECT_NEAR(f.doneM, 300, 1e-9);
  EXPECT_EQ(f.version, 1); // progress is not an edit
  EXPECT_EQ(store->database().queryText("SELECT last_event_date FROM feature WHERE code = 'HD-001'"),
            "2020-03-01");

  store->appendEvent("engineer1", stretch(riverId, 700, 1000, "2020-04-01"));
  store->appendEvent("engineer1", stretch(riverId, 250, 700.2, "2020-04-15"));
  f = *store->feature(riverId);
  EXPECT_EQ(f.status, Status::Completed);
  EXPECT_NEAR(f.doneM, f.lengthM, 1e-6);
  EXPECT_EQ(store->feature(toiletId)->status, Status::Completed);

  const auto evs = store->events(riverId);
  ASSERT_EQ(evs.size(), 3u);
  EXPECT_EQ(evs.front().uuid, first.uuid);
  EXPECT_EQ(store->allEvents().size(), 5u);
}

TEST_F(EventTest, ChainageNearTheEndsIsClamped)
{
  const double length = store->feature(riverId)->lengthM;
  const Event e = store->appendEvent("engineer1", stretch(riverId, length - 10, length + 0.4, "2020-03-05"));
  EXPECT_DOUBLE_EQ(*e.toM, length);
  EXPECT_DOUBLE_EQ(*store->events(riverId).back().toM, length);
}

TEST_F(EventTest, BatchIsOneTransaction)
{
  const std::string before = snapshot(*store);
  std::vector<Event> batch{stretch(riverId, 300, 500, "2020-04-01"),
                           stretch(riverId, 500, 2000, "2020-04-02")};
  EXPECT_THROW(store->appendEvents("engineer1", batch), StoreError);
  EXPECT_EQ(snapshot(*store), before);
  batch[1].toM = 600;
  const auto stored = store->appendEvents("engineer1", batch);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_NEAR(store->feature(riverId)->doneM, 600, 1e-9);
}

TEST_F(EventTest, UnknownFeature)
{
  expectRefused(statusEvent(424242, Status::Completed, "2020-03-05"), StoreError::Kind::NotFound, "424242");
}

TEST_F(EventTest, LayerNotTracked)
{
  expectRefused(statusEvent(roadId, Status::Completed, "2020-03-05"), StoreError::Kind::Invalid,
                "roads does not track progress");
}

TEST_F(EventTest, StretchOnANonLine)
{
  expectRefused(stretch(toiletId, 0, 1, "2020-03-05"), StoreError::Kind::Invalid, "lines only");
}

TEST_F(EventTest, ChainageOutsideTheLine)
{
  expectRefused(stretch(riverId, 900, 1001, "2020-03-05"), StoreError::Kind::Invalid, "outside the line");
  expectRefused(stretch(riverId, -1, 10, "2020-03-05"), StoreError::Kind::Invalid, "outside the line");
}

TEST_F(EventTest, FromNotBeforeTo)
{
  expectRefused(stretch(riverId, 500, 400, "2020-03-05"), StoreError::Kind::Invalid, "less than");
  expectRefused(stretch(riverId, 500, 500, "2020-03-05"), StoreError::Kind::Invalid, "less than");
  Event half = stretch(riverId, 1, 2, "2020-03-05");
  half.toM.reset();
  expectRefused(half, StoreError::Kind::Invalid, "both from and to");
}

TEST_F(EventTest, StatusGoingBackwards)
{
  expectRefused(statusEvent(toiletId, Status::InProgress, "2020-04-01"), StoreError::Kind::Invalid,
                "may not go back from completed to in_progress");
  // Also against the derived status of a line: stretches made it in progress.
  expectRefused(statusEvent(riverId, Status::Planned, "2020-04-01"), StoreError::Kind::Invalid, "go back");
}

TEST_F(EventTest, CorrectionNeedsANote)
{
  Event c = statusEvent(toiletId, Status::InProgress, "2020-04-01");
  c.kind = EventKind::Correction;
  c.note = "  ";
  expectRefused(c, StoreError::Kind::Invalid, "needs a note");
  c.note = "roof leaks; not done";
  store->appendEvent("planner1", c);
  EXPECT_EQ(store->feature(toiletId)->status, Status::InProgress);
}

TEST_F(EventTest, CorrectionThatRulesWouldOverride)
{
  store->appendEvent("engineer1", stretch(riverId, 300, 1000, "2020-04-01"));
  Event c = statusEvent(riverId, Status::InProgress, "2020-04-02");
  c.kind = EventKind::Correction;
  c.note = "not really done";
  expectRefused(c, StoreError::Kind::Invalid, "chainage correction");
  c.fromM = 900;
  c.toM = 1000;
  store->appendEvent("engineer1", c);
  EXPECT_EQ(store->feature(riverId)->status, Status::InProgress);
  EXPECT_NEAR(store->feature(riverId)->doneM, 900, 1e-9);
}

TEST_F(EventTest, RetractionOfUnknownEvent)
{
  Event r = statusEvent(riverId, Status::Planned, "2020-04-01");
  r.kind = EventKind::Retraction;
  r.retracts = "00000000-0000-4000-8000-000000000000";
  expectRefused(r, StoreError::Kind::NotFound, "to retract");
}

TEST_F(EventTest, RetractionOfAnotherFeaturesEvent)
{
  Event r = statusEvent(riverId, Status::Planned, "2020-04-01");
  r.kind = EventKind::Retraction;
  r.retracts = foreign.uuid;
  expectRefused(r, StoreError::Kind::Invalid, "belongs to feature " + std::to_string(otherRiverId));
}

TEST_F(EventTest, RetractionUndoesAndCannotRepeat)
{
  Event r = statusEvent(riverId, Status::Planned, "2020-04-01");
  r.kind = EventKind::Retraction;
  r.retracts = first.uuid;
  const Event stored = store->appendEvent("engineer1", r);
  EXPECT_EQ(store->feature(riverId)->status, Status::Planned);
  EXPECT_EQ(store->feature(riverId)->doneM, 0);
  expectRefused(r, StoreError::Kind::Invalid, "already retracted");
  r.retracts = stored.uuid;
  expectRefused(r, StoreError::Kind::Invalid, "cannot be retracted");
}

TEST_F(EventTest, BadDates)
{
  for (const char *date :
       {"", "2020/05/01", "2020-5-1", "2020-02-30", "2021-02-29", "2020-13-01", "20200501"})
    expectRefused(statusEvent(toiletId, Status::Accepted, date), StoreError::Kind::Invalid, "bad date");
  store->appendEvent("engineer1", statusEvent(toiletId, Status::Accepted, "2020-02-29"));
}

TEST_F(EventTest, UnknownEventUser)
{
  Event e = statusEvent(toiletId, Status::Accepted, "2020-04-01");
  e.user = "ghost";
  expectRefused(e, StoreError::Kind::UnknownUser, "ghost");
}

TEST_F(EventTest, ProgressEventsAreAppendOnlyInSql)
{
  store->setPlan("planner1", {"p", "", "", "", "", "", "{}"},
                 {{"aqi", "air", "", "", "indicator", 75, ">=", "%", "", "{}"}});
  store->addMeasurement("planner1", {0, "", "aqi", 80, "2020-03-31", "", "", ""});
  // A second, raw connection: the triggers hold whoever writes.
  Database raw(path, SQLITE_OPEN_READWRITE);
  const std::string before = snapshot(*store);
  for (const char *sql : {"UPDATE progress_event SET note = 'edited'", "DELETE FROM progress_event",
                          "UPDATE measurement SET value = 0", "DELETE FROM measurement"}) {
    try {
      raw.exec(sql);
      ADD_FAILURE() << "allowed: " << sql;
    } catch (const StoreError &e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(snapshot(*store), before);
  EXPECT_EQ(raw.queryInt("SELECT count(*) FROM progress_event"), 3);
}
