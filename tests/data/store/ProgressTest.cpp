#include "data/store/Progress.h"

#include <gtest/gtest.h>

using namespace data;

namespace {

// Builds event lists with increasing ids and uuids "e1", "e2", ...
class Events
{
public:
  Event &add(EventKind kind, const std::string &date)
  {
    Event e;
    e.id = static_cast<std::int64_t>(mList.size()) + 1;
    e.uuid = "e" + std::to_string(e.id);
    e.kind = kind;
    e.date = date;
    mList.push_back(e);
    return mList.back();
  }
  Event &stretch(double from, double to, const std::string &date)
  {
    Event &e = add(EventKind::Stretch, date);
    e.fromM = from;
    e.toM = to;
    return e;
  }
  Event &status(Status s, const std::string &date)
  {
    Event &e = add(EventKind::Status, date);
    e.status = s;
    return e;
  }
  const std::vector<Event> &list() const { return mList; }

private:
  std::vector<Event> mList;
};

} // namespace

TEST(Progress, NoEventsIsPlanned)
{
  const FeatureProgress p = deriveProgress({}, 1000);
  EXPECT_EQ(p.status, Status::Planned);
  EXPECT_EQ(p.doneM(), 0);
  EXPECT_EQ(p.lastEventDate, "");
}

TEST(Progress, StretchesUniteAndMakeInProgress)
{
  Events ev;
  ev.stretch(0, 300, "2020-03-01");
  ev.stretch(200, 500, "2020-03-05"); // overlaps: union is 0-500
  ev.stretch(800, 900, "2020-03-02");
  const FeatureProgress p = deriveProgress(ev.list(), 1000);
  EXPECT_EQ(p.status, Status::InProgress);
  EXPECT_DOUBLE_EQ(p.doneM(), 600);
  ASSERT_EQ(p.done.intervals().size(), 2u);
  EXPECT_EQ(p.lastEventDate, "2020-03-05");
}

TEST(Progress, FullCoverageCompletesWithinTolerance)
{
  Events ev;
  ev.stretch(0.3, 600, "2020-03-01");
  ev.stretch(600, 999.9, "2020-04-01");
  const FeatureProgress p = deriveProgress(ev.list(), 1000);
  EXPECT_EQ(p.status, Status::Completed);
  // Not completed while a real gap is left.
  Events gap;
  gap.stretch(0, 600, "2020-03-01");
  gap.stretch(601, 1000, "2020-04-01");
  EXPECT_EQ(deriveProgress(gap.list(), 1000).status, Status::InProgress);
}

TEST(Progress, StatusEventsMoveForwardAndCompleteLines)
{
  Events ev;
  ev.status(Status::InProgress, "2020-02-01");
  EXPECT_EQ(deriveProgress(ev.list(), 0).status, Status::InProgress);
  ev.status(Status::Completed, "2020-05-01");
  FeatureProgress p = deriveProgress(ev.list(), 1200);
  EXPECT_EQ(p.status, Status::Completed);
  EXPECT_DOUBLE_EQ(p.doneM(), 1200);           // a completed line is done over its whole length
  ev.status(Status::InProgress, "2020-06-01"); // stale status events never move it back
  EXPECT_EQ(deriveProgress(ev.list(), 1200).status, Status::Completed);
  ev.status(Status::Accepted, "2020-07-01");
  EXPECT_EQ(deriveProgress(ev.list(), 1200).status, Status::Accepted);
  EXPECT_EQ(deriveProgress(ev.list(), 0).status, Status::Accepted);
}

TEST(Progress, CorrectionsSetBackAndRemoveStretches)
{
  Events ev;
  ev.stretch(0, 1000, "2020-03-01");
  EXPECT_EQ(deriveProgress(ev.list(), 1000).status, Status::Completed);
  Event &c = ev.add(EventKind::Correction, "2020-03-02");
  c.fromM = 400;
  c.toM = 600;
  c.note = "surveyed again: middle not done";
  FeatureProgress p = deriveProgress(ev.list(), 1000);
  EXPECT_EQ(p.status, Status::InProgress);
  EXPECT_DOUBLE_EQ(p.doneM(), 800);

  Event &back = ev.add(EventKind::Correction, "2020-03-03");
  back.status = Status::Planned;
  back.note = "wrong river";
  p = deriveProgress(ev.list(), 1000);
  EXPECT_EQ(p.status, Status::Planned);
  EXPECT_EQ(p.doneM(), 0);

  // A site corrected from completed to in progress.
  Events site;
  site.status(Status::Completed, "2020-03-01");
  Event &fix = site.add(EventKind::Correction, "2020-03-04");
  fix.status = Status::InProgress;
  fix.note = "roof not finished";
  EXPECT_EQ(deriveProgress(site.list(), 0).status, Status::InProgress);
}

TEST(Progress, RetractionUndoesOneEvent)
{
  Events ev;
  ev.stretch(0, 400, "2020-03-01");
  ev.stretch(400, 1000, "2020-03-02"); // e2, entered by mistake
  Event &r = ev.add(EventKind::Retraction, "2020-03-03");
  r.retracts = "e2";
  FeatureProgress p = deriveProgress(ev.list(), 1000);
  EXPECT_EQ(p.status, Status::InProgress);
  EXPECT_DOUBLE_EQ(p.doneM(), 400);
  EXPECT_EQ(p.lastEventDate, "2020-03-03");
  // Before the retraction's date the retracted event still counted.
  EXPECT_EQ(deriveProgress(ev.list(), 1000, "2020-03-02").status, Status::Completed);
}

TEST(Progress, AsOfDateIsInclusiveAndOrderIsByDateThenId)
{
  Events ev;
  ev.stretch(500, 1000, "2020-06-01");
  ev.stretch(0, 500, "2020-04-01"); // recorded later, happened earlier
  EXPECT_EQ(deriveProgress(ev.list(), 1000, "2020-03-31").status, Status::Planned);
  FeatureProgress p = deriveProgress(ev.list(), 1000, "2020-04-01");
  EXPECT_EQ(p.status, Status::InProgress);
  EXPECT_DOUBLE_EQ(p.doneM(), 500);
  EXPECT_EQ(p.lastEventDate, "2020-04-01");
  EXPECT_EQ(deriveProgress(ev.list(), 1000, "2020-06-01").status, Status::Completed);

  // Same date: the correction recorded after the status wins, whatever the list order.
  Events same;
  Event &c = same.add(EventKind::Correction, "2020-05-01");
  c.status = Status::InProgress;
  c.note = "n";
  c.id = 9;
  same.status(Status::Completed, "2020-05-01").id = 3;
  EXPECT_EQ(deriveProgress(same.list(), 0).status, Status::InProgress);
}

TEST(Progress, ChainageIsClampedToTheLine)
{
  Events ev;
  ev.stretch(-0.4, 1000.4, "2020-03-01");
  const FeatureProgress p = deriveProgress(ev.list(), 1000);
  EXPECT_DOUBLE_EQ(p.doneM(), 1000);
}
