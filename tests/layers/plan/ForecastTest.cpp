// Schedule and forecast against the straight line from the plan's start to its deadline.
#include "layers/plan/Forecast.h"

#include <gtest/gtest.h>

using namespace layers;

namespace {

Target countTarget(double goal)
{
  Target t;
  t.id = "sites";
  t.kind = data::TargetKind::Count;
  t.comparator = data::Comparator::AtLeast;
  t.goal = goal;
  return t;
}

TargetProgress progress(double value, double goal)
{
  TargetProgress p;
  p.targetId = "sites";
  p.value = value;
  p.goal = goal;
  p.percent = value / goal * 100;
  p.met = value >= goal;
  return p;
}

BurnUpSeries series(std::vector<BurnUpPoint> points)
{
  return {"sites", std::move(points)};
}

} // namespace

TEST(Forecast, PlannedLineRunsFromStartToDeadline)
{
  EXPECT_DOUBLE_EQ(plannedFraction("2020-01-01", "2020-01-11", "2019-12-31"), 0.0);
  EXPECT_DOUBLE_EQ(plannedFraction("2020-01-01", "2020-01-11", "2020-01-01"), 0.0);
  EXPECT_DOUBLE_EQ(plannedFraction("2020-01-01", "2020-01-11", "2020-01-06"), 0.5);
  EXPECT_DOUBLE_EQ(plannedFraction("2020-01-01", "2020-01-11", "2020-01-11"), 1.0);
  EXPECT_DOUBLE_EQ(plannedFraction("2020-01-01", "2020-01-11", "2021-06-01"), 1.0);
}

TEST(Forecast, BehindBelowTheLineOnTrackAboveIt)
{
  const Target t = countTarget(100);
  // Halfway through the plan: 40 done is behind, 60 done is on track.
  const auto behind = forecastTarget(t, progress(40, 100), series({{"2020-01-01", 0}, {"2020-01-05", 40}}),
                                     "2020-01-01", "2020-01-11", "2020-01-06");
  EXPECT_EQ(behind.schedule, Schedule::Behind);
  EXPECT_DOUBLE_EQ(behind.plannedPercent, 50.0);
  const auto ahead = forecastTarget(t, progress(60, 100), series({{"2020-01-01", 0}, {"2020-01-05", 60}}),
                                    "2020-01-01", "2020-01-11", "2020-01-06");
  EXPECT_EQ(ahead.schedule, Schedule::OnTrack);
  const auto done = forecastTarget(t, progress(100, 100), series({{"2020-01-05", 100}}), "2020-01-01",
                                   "2020-01-11", "2020-01-06");
  EXPECT_EQ(done.schedule, Schedule::Done);
  EXPECT_FALSE(done.willMiss);
}

TEST(Forecast, PaceOfTheLastThirtyDaysGivesTheDate)
{
  const Target t = countTarget(100);
  // 30 done in the 30 days before 2020-07-01 (1 a day), 40 in all since 2020-05-01 (61 days).
  const auto f = forecastTarget(t, progress(40, 100),
                                series({{"2020-05-10", 10}, {"2020-06-15", 25}, {"2020-06-30", 40}}),
                                "2020-05-01", "2020-12-31", "2020-07-01");
  EXPECT_NEAR(f.paceRecent, 1.0, 1e-12);
  EXPECT_NEAR(f.paceOverall, 40.0 / 61.0, 1e-12);
  ASSERT_TRUE(f.metRecent);
  EXPECT_EQ(*f.metRecent, "2020-08-30"); // 60 left at 1 a day
  ASSERT_TRUE(f.metOverall);
  EXPECT_EQ(*f.metOverall, "2020-10-01"); // ceil(60 / (40/61)) = 92 days
  EXPECT_FALSE(f.willMiss);
}

TEST(Forecast, NoRecentProgressWillMiss)
{
  const Target t = countTarget(10);
  const auto f = forecastTarget(t, progress(5, 10), series({{"2020-05-10", 5}}), "2020-05-01", "2020-12-31",
                                "2020-09-01");
  EXPECT_DOUBLE_EQ(f.paceRecent, 0.0);
  EXPECT_FALSE(f.metRecent);
  ASSERT_TRUE(f.metOverall);
  EXPECT_TRUE(f.willMiss);
}

TEST(Forecast, SlowPaceMissesTheDeadline)
{
  const Target t = countTarget(100);
  // 3 in the last 30 days: 0.1 a day, 80 left -> 800 days, well after the deadline.
  const auto f = forecastTarget(t, progress(20, 100), series({{"2020-05-02", 17}, {"2020-08-20", 20}}),
                                "2020-05-01", "2020-12-31", "2020-09-01");
  ASSERT_TRUE(f.metRecent);
  EXPECT_GT(*f.metRecent, std::string("2020-12-31"));
  EXPECT_TRUE(f.willMiss);
}

TEST(Forecast, ThresholdsAndIndicatorsHaveNoLine)
{
  Target ratio;
  ratio.id = "bad";
  ratio.kind = data::TargetKind::Ratio;
  ratio.comparator = data::Comparator::AtMost;
  ratio.goal = 5;
  TargetProgress p;
  p.value = 8;
  p.met = false;
  const auto f = forecastTarget(ratio, p, {}, "2020-05-01", "2020-12-31", "2020-09-01");
  EXPECT_EQ(f.schedule, Schedule::Behind);
  EXPECT_FALSE(f.forecastable);

  Target indicator;
  indicator.id = "aqi";
  indicator.kind = data::TargetKind::Indicator;
  indicator.comparator = data::Comparator::AtLeast;
  indicator.goal = 75;
  EXPECT_EQ(
      forecastTarget(indicator, TargetProgress{}, {}, "2020-05-01", "2020-12-31", "2020-09-01").schedule,
      Schedule::NoData);
}

TEST(Forecast, TargetsThatWillMissComeFirst)
{
  std::vector<Forecast> fs(5);
  fs[0].schedule = Schedule::Done;
  fs[1].schedule = Schedule::OnTrack;
  fs[2].schedule = Schedule::Behind;
  fs[2].willMiss = true;
  fs[2].metRecent = "2021-02-01";
  fs[3].schedule = Schedule::Behind;
  fs[4].schedule = Schedule::Behind;
  fs[4].willMiss = true; // never at the recent pace: worst
  const auto order = attentionOrder(fs);
  EXPECT_EQ(order, (std::vector<std::size_t>{4, 2, 3, 1, 0}));
}

TEST(BurnUpSeries, ValueIsAStepFunction)
{
  const BurnUpSeries s{"x", {{"2020-05-15", 1}, {"2020-06-01", 3}}};
  EXPECT_DOUBLE_EQ(s.valueAt("2020-05-14"), 0);
  EXPECT_DOUBLE_EQ(s.valueAt("2020-05-15"), 1);
  EXPECT_DOUBLE_EQ(s.valueAt("2020-05-31"), 1);
  EXPECT_DOUBLE_EQ(s.valueAt("2020-06-01"), 3);
  EXPECT_DOUBLE_EQ(s.valueAt("2021-01-01"), 3);
}
