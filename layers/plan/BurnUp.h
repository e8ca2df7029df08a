#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace layers {

// One point of a target's progress over time: its value as of the end of `date`.
struct BurnUpPoint
{
  std::string date; // YYYY-MM-DD
  double value = 0;
};

// Done over time for one target: a step function, one point per date on which it changed.
struct BurnUpSeries
{
  std::string targetId;
  std::vector<BurnUpPoint> points; // ascending dates
  // The value as of the end of `date` (0 before the first point).
  double valueAt(const std::string &date) const;
};

// A feature that counts for a target, with its state as of some date.
struct TargetFeature
{
  std::int64_t id = 0;
  std::string layerId;
  std::string code;
  std::string name;
  data::Status status = data::Status::Planned;
  double doneM = 0;   // lines: completed chainage
  double lengthM = 0; // lines: geodesic length
  bool done = false;  // counts as done for the target (status at or past its minStatus)
};

// Replays a project's progress date by date. Features and events are read once; advancing to a
// later date re-derives only the features that have events in between and updates each target's
// totals by the difference, so a whole history costs about one roll-up, not one per date.
class ProgressReplay
{
public:
  ProgressReplay(const data::Store &store, const Plan &plan);
  ~ProgressReplay();
  ProgressReplay(const ProgressReplay &) = delete;
  ProgressReplay &operator=(const ProgressReplay &) = delete;

  // Event dates in ascending order (every date on which something changed).
  const std::vector<std::string> &eventDates() const;
  // Moves the state to the end of `date`; going back restarts from the beginning.
  void advanceTo(const std::string &date);
  // A feature's events changed (a mark, its undo): `events` are all of them now. The state stays
  // at date(); the event dates gain the new ones (a date left without events stays: no change on
  // it). Features no target counts are ignored.
  void setEvents(std::int64_t featureId, std::vector<data::Event> events);
  const std::string &date() const;
  // Town-wide progress of every target (same order as Plan::targets) as of date().
  std::vector<TargetProgress> targets() const;
  // The features that count for a target as of date(), in layer order (empty for indicators).
  std::vector<TargetFeature> features(const std::string &targetId) const;
  // Features of a layer counted by some target, by status as of date() (planned .. accepted).
  std::array<int, 4> statusCounts(const std::string &layerId) const;

private:
  struct State;
  std::unique_ptr<State> d;
};

// Progress of every target at every event date up to `until` ("" = all), computed incrementally.
struct BurnUp
{
  std::string startDate;                            // the plan's start
  std::string deadline;                             // the plan's deadline
  std::vector<std::string> dates;                   // ascending event dates
  std::vector<std::vector<TargetProgress>> rollups; // rollups[i]: every target as of dates[i]
  std::vector<TargetProgress> initial;              // before the first event

  // Every target as of the end of `date` (the last event date on or before it).
  const std::vector<TargetProgress> &at(const std::string &date) const;
  BurnUpSeries series(std::size_t targetIndex) const;
  BurnUpSeries series(const Plan &plan, const std::string &targetId) const;
};

BurnUp computeBurnUp(const data::Store &store, const Plan &plan, const std::string &until = {});
// The same from a replay, which is left at the last date replayed (then at `until` when given).
BurnUp computeBurnUp(ProgressReplay &replay, const Plan &plan, const std::string &until = {});

// The indicator measurements of a target as of `asOf` ("" = all), oldest first.
std::vector<BurnUpPoint> measurementHistory(const data::Store &store, const std::string &targetId,
                                            const std::string &asOf = {});

} // namespace layers
