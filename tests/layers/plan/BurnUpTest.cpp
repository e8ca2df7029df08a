// The incremental replay behind burn-ups, forecasts and the dashboard, checked against the roll-up
// computed from scratch: for every event date of the sample town, the replayed state equals
// computeRollup as of that date (which applies only the events up to it). And the village
// breakdown adds up to the town.
#include "layers/plan/BurnUp.h"
#include "layers/plan/Rollup.h"

#include "tests/common/SampleFixture.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace layers;

namespace {

struct Sample
{
  testutil::TempDir dir;
  std::string path = testutil::sampleProjectCopy(dir);
  std::unique_ptr<data::Store> store = data::openProject(path);
  Plan plan = Plan::fromJson(store->plan()->json, path);
};

void expectSame(const Plan &plan, const std::vector<TargetProgress> &got, const Rollup &want,
                const std::string &date)
{
  ASSERT_EQ(got.size(), want.targets.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto &g = got[i];
    const auto &w = want.targets[i];
    SCOPED_TRACE(plan.targets[i].id + " as of " + date);
    EXPECT_EQ(g.targetId, w.targetId);
    EXPECT_NEAR(g.value, w.value, 1e-9 * std::max(1.0, std::fabs(w.value)));
    EXPECT_NEAR(g.percent, w.percent, 1e-9 * std::max(1.0, std::fabs(w.percent)));
    EXPECT_EQ(g.met, w.met);
    EXPECT_EQ(g.featuresDone, w.featuresDone);
    EXPECT_EQ(g.featuresTotal, w.featuresTotal);
    EXPECT_NEAR(g.shareByCount, w.shareByCount, 1e-12);
    EXPECT_NEAR(g.shareByLength, w.shareByLength, 1e-12);
    EXPECT_EQ(g.latest.has_value(), w.latest.has_value());
    EXPECT_EQ(g.latestDate, w.latestDate);
  }
}

} // namespace

TEST(BurnUp, EveryEventDateEqualsTheRollupAsOfThatDate)
{
  Sample s;
  const BurnUp b = computeBurnUp(*s.store, s.plan);
  ASSERT_GT(b.dates.size(), 20u) << "the sample should have a history";
  ASSERT_EQ(b.dates.size(), b.rollups.size());
  for (std::size_t i = 0; i < b.dates.size(); ++i) {
    expectSame(s.plan, b.rollups[i], computeRollup(*s.store, s.plan, b.dates[i]), b.dates[i]);
    if (HasFailure()) return;
  }
  // Before the first event nothing is done; after the last, the state is today's.
  expectSame(s.plan, b.initial, computeRollup(*s.store, s.plan, "2000-01-01"), "2000-01-01");
  expectSame(s.plan, b.at("2100-01-01"), computeRollup(*s.store, s.plan), "all events");
  // Something actually happens over the history.
  const auto *river = s.plan.target("river_remediation");
  ASSERT_NE(river, nullptr);
  const auto series = b.series(s.plan, "river_remediation");
  ASSERT_GT(series.points.size(), 5u);
  EXPECT_LT(series.points.front().value, series.points.back().value);
}

TEST(BurnUp, GoingBackInTimeReplaysFromTheStart)
{
  Sample s;
  ProgressReplay replay(*s.store, s.plan);
  const auto &dates = replay.eventDates();
  ASSERT_GT(dates.size(), 4u);
  const std::string late = dates[dates.size() - 2], early = dates[dates.size() / 3];
  replay.advanceTo(late);
  expectSame(s.plan, replay.targets(), computeRollup(*s.store, s.plan, late), late);
  replay.advanceTo(early);
  expectSame(s.plan, replay.targets(), computeRollup(*s.store, s.plan, early), early);
}

TEST(BurnUp, FeaturesOfATargetMatchItsCounts)
{
  Sample s;
  ProgressReplay replay(*s.store, s.plan);
  const std::string date = replay.eventDates()[replay.eventDates().size() / 2];
  replay.advanceTo(date);
  const auto rollup = computeRollup(*s.store, s.plan, date);
  for (const auto &t : s.plan.targets) {
    if (!t.isLocated()) continue;
    const auto features = replay.features(t.id);
    const auto *p = rollup.target(t.id);
    int done = 0;
    for (const auto &f : features)
      done += f.done ? 1 : 0;
    EXPECT_EQ(static_cast<int>(features.size()), p->featuresTotal) << t.id;
    EXPECT_EQ(done, p->featuresDone) << t.id;
  }
}

TEST(BurnUp, VillageBreakdownAddsUpToTheTown)
{
  Sample s;
  for (const std::string date : {"2020-06-30", "2020-09-15", "2020-11-30"}) {
    const Rollup r = computeRollup(*s.store, s.plan, date, true);
    ASSERT_FALSE(r.villages.empty());
    for (std::size_t i = 0; i < s.plan.targets.size(); ++i) {
      const Target &t = s.plan.targets[i];
      if (!t.isLocated() || t.kind == data::TargetKind::Ratio) continue;
      int done = 0, total = 0;
      double value = 0;
      for (const auto &v : r.villages)
        for (const auto &tp : v.targets)
          if (tp.targetId == t.id) done += tp.featuresDone, total += tp.featuresTotal, value += tp.value;
      SCOPED_TRACE(t.id + " as of " + date);
      EXPECT_EQ(total, r.targets[i].featuresTotal);
      EXPECT_EQ(done, r.targets[i].featuresDone);
      EXPECT_NEAR(value, r.targets[i].value, 1e-6 * std::max(1.0, r.targets[i].value));
    }
  }
}
