#pragma once

#include "layers/plan/Plan.h"

#include <optional>
#include <string>

namespace layers {

// Where a target stands, as leaders ask it: every target is in exactly one of these.
enum class TargetState {
  Done,     // the goal is met
  OnTrack,  // the value is where the schedule asks for at the date
  Behind,   // short of the schedule (an indicator not yet measured too), the deadline still ahead
  WillMiss, // at its recent pace it will not be met by the deadline
  Missed    // the deadline has passed without the goal met
};
constexpr int kTargetStateCount = 5;
const char *targetStateName(TargetState s); // "done", "on_track", "behind", "will_miss", "missed"
std::optional<TargetState> targetStateFromName(const std::string &name);

// Counted from zero and growing towards the goal (count, length, area, attribute sum), as
// opposed to a threshold to be on the right side of (ratio, indicator, any "<=" goal).
bool isCumulative(const Target &t);

// The value the schedule asks for by the end of `date`. With milestones: linear between them, and
// from the last one to the goal at the deadline; a cumulative target starts from 0 at the plan's
// start, a threshold holds its first milestone until then. Without milestones: the straight line
// from 0 at the start to the goal at the deadline for a cumulative target, the goal for a threshold.
double expectedValue(const Target &t, const std::string &start, const std::string &deadline,
                     const std::string &date);

} // namespace layers
