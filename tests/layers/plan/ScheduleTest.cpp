// A target's schedule (milestones, else the straight line), its state as leaders read it, and the
// roll-up by lead unit.
#include "layers/plan/Forecast.h"
#include "layers/plan/StatusFigures.h"

#include <gtest/gtest.h>

using namespace layers;

namespace {

const std::string kStart = "2020-01-01", kDeadline = "2020-12-31";

Target target(data::TargetKind kind, data::Comparator comparator, double goal,
              std::vector<Milestone> milestones = {})
{
  Target t;
  t.id = "t";
  t.kind = kind;
  t.comparator = comparator;
  t.goal = goal;
  t.milestones = std::move(milestones);
  return t;
}

Target km(double goal, std::vector<Milestone> milestones = {})
{
  return target(data::TargetKind::Length, data::Comparator::AtLeast, goal, std::move(milestones));
}

TargetProgress now(const Target &t, double value)
{
  TargetProgress p;
  p.targetId = t.id;
  p.value = value;
  p.goal = t.goal;
  p.met = t.comparator == data::Comparator::AtMost ? value <= t.goal : value >= t.goal;
  p.percent = t.goal > 0 ? value / t.goal * 100 : 0;
  p.latest = value;
  return p;
}

// A steady pace: `perDay` since the start.
BurnUpSeries steady(const std::string &asOf, double value)
{
  return {"t", {{kStart, 0}, {asOf, value}}};
}

} // namespace

TEST(Schedule, MilestonesAreJoinedByStraightLinesFromZeroAtTheStartToTheGoalAtTheDeadline)
{
  const Target t = km(100, {{"2020-03-31", 10}, {"2020-06-30", 40}});
  EXPECT_DOUBLE_EQ(expectedValue(t, kStart, kDeadline, "2020-01-01"), 0);
  EXPECT_DOUBLE_EQ(expectedValue(t, kStart, kDeadline, "2020-03-31"), 10);
  // 2020-05-15 is 45 of the 91 days from 03-31 to 06-30.
  EXPECT_DOUBLE_EQ(expectedValue(t, kStart, kDeadline, "2020-05-15"), 10 + 30.0 * 45 / 91);
  EXPECT_DOUBLE_EQ(expectedValue(t, kStart, kDeadline, "2020-06-30"), 40);
  // After the last milestone: on to the goal at the deadline.
  EXPECT_DOUBLE_EQ(expectedValue(t, kStart, kDeadline, "2020-12-31"), 100);
  EXPECT_DOUBLE_EQ(expectedValue(t, kStart, kDeadline, "2021-06-30"), 100);
}

TEST(Schedule, WithoutMilestonesTheStraightLineOrTheThreshold)
{
  // 182 of the 365 days from 2020-01-01 to 2020-12-31.
  EXPECT_NEAR(expectedValue(km(365), kStart, kDeadline, "2020-07-01"), 182, 1e-9);
  const Target rate = target(data::TargetKind::Indicator, data::Comparator::AtLeast, 95);
  EXPECT_DOUBLE_EQ(expectedValue(rate, kStart, kDeadline, "2020-03-01"), 95);
  // A threshold with milestones holds the first one until then.
  const Target share = target(data::TargetKind::Ratio, data::Comparator::AtMost, 5, {{"2020-06-30", 15}});
  EXPECT_DOUBLE_EQ(expectedValue(share, kStart, kDeadline, "2020-03-01"), 15);
}

TEST(Schedule, EachTargetIsInExactlyOneState)
{
  const Target t = km(100, {{"2020-06-30", 60}});
  const std::string asOf = "2020-06-30";
  // Met: done, whatever the date.
  EXPECT_EQ(forecastTarget(t, now(t, 100), steady(asOf, 100), kStart, kDeadline, asOf).state,
            TargetState::Done);
  // 60 km by the milestone, at a pace that makes the goal: on track. The straight line alone
  // (about 50 km) would have said the same; 55 km is behind the milestone though ahead of the line.
  EXPECT_EQ(forecastTarget(t, now(t, 60), steady(asOf, 60), kStart, kDeadline, asOf).state,
            TargetState::OnTrack);
  const Forecast ahead = forecastTarget(t, now(t, 55), {"t", {{kStart, 0}, {"2020-06-01", 25}, {asOf, 55}}},
                                        kStart, kDeadline, asOf);
  EXPECT_EQ(ahead.state, TargetState::Behind);
  EXPECT_DOUBLE_EQ(ahead.expected, 60);
  // Nothing in the last 30 days: at that pace never.
  EXPECT_EQ(
      forecastTarget(t, now(t, 55), {"t", {{kStart, 0}, {"2020-05-01", 55}}}, kStart, kDeadline, asOf).state,
      TargetState::WillMiss);
  // Past the deadline and not met.
  EXPECT_EQ(forecastTarget(t, now(t, 90), steady("2021-01-05", 90), kStart, kDeadline, "2021-01-05").state,
            TargetState::Missed);
  // A threshold on the right side of its milestone is on track; an unmeasured indicator is behind.
  const Target share = target(data::TargetKind::Ratio, data::Comparator::AtMost, 5, {{"2020-06-30", 15}});
  EXPECT_EQ(forecastTarget(share, now(share, 12), {}, kStart, kDeadline, asOf).state, TargetState::OnTrack);
  EXPECT_EQ(forecastTarget(share, now(share, 20), {}, kStart, kDeadline, asOf).state, TargetState::Behind);
  const Target rate = target(data::TargetKind::Indicator, data::Comparator::AtLeast, 95);
  TargetProgress unmeasured;
  EXPECT_EQ(forecastTarget(rate, unmeasured, {}, kStart, kDeadline, asOf).state, TargetState::Behind);
  EXPECT_EQ(forecastTarget(rate, unmeasured, {}, kStart, kDeadline, "2021-01-01").state, TargetState::Missed);
}

TEST(Schedule, StateNamesAreAClosedSet)
{
  for (int i = 0; i < kTargetStateCount; ++i) {
    const auto s = static_cast<TargetState>(i);
    EXPECT_EQ(targetStateFromName(targetStateName(s)), s);
  }
  EXPECT_FALSE(targetStateFromName("late"));
}

TEST(Schedule, UnitRollupCountsEachTargetOnceUnderItsLeadUnit)
{
  Plan plan;
  for (const auto &[id, lead, support] :
       std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
           {"a", "水务站", {"城建办"}}, {"b", "城建办", {}}, {"c", "水务站", {}}, {"d", "", {"水务站"}}}) {
    Target t = km(10);
    t.id = id;
    t.lead = lead;
    t.support = support;
    plan.targets.push_back(t);
  }
  std::vector<Forecast> f(4);
  f[0].state = TargetState::Done;
  f[1].state = TargetState::Behind;
  f[2].state = TargetState::WillMiss;
  f[3].state = TargetState::Missed;
  const auto units = unitRollup(plan, f);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].unit, "水务站");
  EXPECT_EQ(units[0].targetIds, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(units[0].supportedIds, (std::vector<std::string>{"d"}));
  EXPECT_EQ(units[0].states[static_cast<int>(TargetState::Done)], 1);
  EXPECT_EQ(units[0].states[static_cast<int>(TargetState::WillMiss)], 1);
  EXPECT_EQ(units[1].supportedIds, (std::vector<std::string>{"a"}));
  EXPECT_EQ(units[2].unit, "");
  EXPECT_EQ(units[2].targetIds, (std::vector<std::string>{"d"}));
}
