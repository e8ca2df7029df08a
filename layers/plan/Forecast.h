#pragma once

#include "layers/plan/BurnUp.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"
#include "layers/plan/Schedule.h"

#include <optional>
#include <string>
#include <vector>

namespace layers {

enum class Schedule {
  Done,    // the target is met
  OnTrack, // at or above the schedule: milestones, else the straight line from start to deadline
  Behind,  // below that line (or, for a threshold, on the wrong side of it)
  NoData   // an indicator without a measurement
};
const char *scheduleName(Schedule s);           // "done", "on_track", "behind", "no_data"
const char *scheduleLabel(Schedule s, bool zh); // "已完成" / "Done", ...

// Where a target stands against its schedule as of a date, and when it will be met at its pace.
struct Forecast
{
  std::string targetId;
  Schedule schedule = Schedule::NoData;
  double percent = 0;        // done, 0..100+ (for <= targets 100 when met)
  double plannedPercent = 0; // the schedule (milestones, else the straight line) at the as-of date
  double expected = 0;       // the value the schedule asks for at the as-of date (expectedValue)
  TargetState state = TargetState::Behind;
  // Pace in the target's unit per day. Cumulative targets only (count, length, area, sum).
  double paceRecent = 0;                 // over the 30 days up to the as-of date
  double paceOverall = 0;                // since the plan's start
  std::optional<std::string> metRecent;  // date met at the recent pace; none when the pace is 0
  std::optional<std::string> metOverall; // date met at the overall pace
  bool willMiss = false;                 // not met, and at the recent pace not by the deadline
  bool forecastable = false;             // a cumulative target whose pace means something
};

constexpr int kRecentPaceDays = 30;

// The planned share at `date` on the straight line from `start` to `deadline` (0..1).
double plannedFraction(const std::string &start, const std::string &deadline, const std::string &date);

// One target's forecast from its current progress and its burn-up series (values over time).
Forecast forecastTarget(const Target &target, const TargetProgress &now, const BurnUpSeries &series,
                        const std::string &start, const std::string &deadline, const std::string &asOf);

// Every target of the plan (same order as plan.targets) as of `asOf` (YYYY-MM-DD, required).
std::vector<Forecast> forecastAll(const Plan &plan, const BurnUp &burnUp, const std::string &asOf);

// Target indices ordered for attention: targets that will miss the deadline first (latest
// forecast first), then behind, on track, done; plan order within each.
std::vector<std::size_t> attentionOrder(const std::vector<Forecast> &forecasts);

} // namespace layers
