#pragma once

#include "layers/plan/Forecast.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace layers {

// Everything `status` shows, as of one date: the figures, where each target stands against its
// schedule, and optionally the figures at an earlier date to compare with.
struct StatusFigures
{
  std::string asOf;         // "" = every event recorded
  std::string scheduleDate; // the date states and expected values are judged at: asOf, else today
  Rollup rollup;
  std::vector<Forecast> forecasts; // same order as Plan::targets
  std::string compareDate;         // "" = no comparison
  std::optional<Rollup> then;      // the roll-up as of compareDate
};

// Throws std::invalid_argument when compareDate is after the as-of date (or after today).
StatusFigures computeStatus(const data::Store &store, const Plan &plan, const std::string &asOf,
                            bool byVillage, const std::string &compareDate = {});

// Targets rolled up by their lead unit: how many are in each state.
struct UnitProgress
{
  std::string unit; // "" = targets without a lead unit
  std::vector<std::string> targetIds;
  std::vector<std::string> supportedIds;       // targets the unit supports (not leads)
  std::array<int, kTargetStateCount> states{}; // indexed by TargetState
};

// One entry per lead unit in order of first appearance in the plan, then units that only support;
// the targets without a lead unit last.
std::vector<UnitProgress> unitRollup(const Plan &plan, const std::vector<Forecast> &forecasts);

} // namespace layers
