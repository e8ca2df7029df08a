#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace layers {

// Progress of one target as of a date, derived from the store's events.
struct TargetProgress
{
  std::string targetId;
  double value = 0; // in the target's unit (km for the river target, mu for area, % for ratio)
  double goal = 0;
  double percent = 0; // value/goal*100 for >= targets; for <= targets 100 when met, else goal/value*100
  bool met = false;
  // Counting details (located targets):
  int featuresTotal = 0; // features that count for the target (after filter)
  int featuresDone = 0;  // features at or past minStatus
  // ratio targets: share of the bad class by count and by length, in per cent (0-100) like value
  double shareByCount = 0;
  double shareByLength = 0;
  // indicator targets: latest measurement (if any)
  std::optional<double> latest;
  std::string latestDate;
};

struct VillageProgress
{
  std::int64_t villageId = 0;
  std::string villageName;
  // Same order as Plan::targets, located targets only. A village's goal is what is planned inside
  // it (its features' count, km, mu or attribute sum); ratio targets keep the town's goal.
  std::vector<TargetProgress> targets;
};

struct Rollup
{
  std::string asOf;                      // "" = now
  std::vector<TargetProgress> targets;   // same order as Plan::targets
  std::vector<VillageProgress> villages; // filled when byVillage was asked
  const TargetProgress *target(const std::string &id) const;
};

// Computes every target town-wide (and by village when asked: features are assigned to the
// village polygon that contains their representative point, prepared GEOS geometries).
// asOf "" = all events.
Rollup computeRollup(const data::Store &store, const Plan &plan, const std::string &asOf = {},
                     bool byVillage = false);

// The same roll-ups from memory: features, events and measurements are read once, each feature's
// state is kept as a step function of the date (one step per date on which its events change it),
// and the village of every feature is found once. A roll-up, as of any date, then only looks up
// each feature's step and sums, in the same order as computeRollup (so the figures are equal).
class RollupModel
{
public:
  // byVillage: also locate every feature's village (needed for rollup(..., true)).
  RollupModel(const data::Store &store, const Plan &plan, bool byVillage = true);
  ~RollupModel();
  RollupModel(const RollupModel &) = delete;
  RollupModel &operator=(const RollupModel &) = delete;

  // As computeRollup(store, plan, asOf, byVillage) on the store this model was read from.
  Rollup rollup(const std::string &asOf = {}, bool byVillage = false) const;
  // A feature's events changed (a mark was written): re-derive its steps from `events`, all of
  // that feature's events. Unknown features are ignored.
  void setEvents(std::int64_t featureId, const std::vector<data::Event> &events);
  bool hasVillages() const;

private:
  struct State;
  std::unique_ptr<State> d;
};

} // namespace layers
