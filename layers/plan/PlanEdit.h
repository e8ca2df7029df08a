#pragma once

#include "data/store/OutputPath.h"
#include "data/store/Store.h"
#include "layers/plan/Plan.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace layers {

// A change to a target's responsibility and schedule; what is not given stays as it is (an empty
// lead, support list or milestone list clears it).
struct Responsibility
{
  std::optional<std::string> lead;
  std::optional<std::vector<std::string>> support;
  std::optional<std::vector<Milestone>> milestones;
};

// The plan with each listed target's responsibility changed, read back through the plan's own
// checks (a milestone outside the plan's period is refused, naming `sourceName` and the path).
// Throws std::runtime_error naming an unknown target id.
Plan withResponsibilities(const Plan &plan,
                          const std::vector<std::pair<std::string, Responsibility>> &changes,
                          const std::string &sourceName);

// Stores the plan (its text and its target rows) in the project: a planner's change, one
// transaction; the store refuses anyone else.
void storePlan(data::Store &store, const std::string &actor, const Plan &plan);

// Writes the plan's text to `out`, whole or not at all, by the output rules of data::checkOutput
// (never over `project`, an existing file only with Replace::File).
void writePlanFile(const Plan &plan, const std::string &project, const std::string &out,
                   data::Replace replace);

} // namespace layers
