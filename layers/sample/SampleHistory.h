#pragma once

#include "data/store/Model.h"
#include "layers/plan/Plan.h"
#include "layers/sample/SampleRandom.h"

#include <string>
#include <vector>

namespace layers {

// A plausible progress history for the sample town between the plan's start (2020-05-15) and
// 2020-11-30: engineer1 marks works started and finished, rivers stretch by stretch; planner1
// accepts some and corrects one stretch. Leaves the plan about half done.
class SampleHistory
{
public:
  static constexpr const char *kEngineer = "engineer1";
  static constexpr const char *kPlanner = "planner1";

  explicit SampleHistory(SampleRandom &random);
  // Events for features that already have their store ids, each feature's in date order.
  std::vector<data::Event> events(const std::vector<data::Feature> &features);
  // Monthly or quarterly readings of the plan's indicator targets.
  std::vector<data::Measurement> measurements(const Plan &plan);

  // "2020-05-15" plus `day` days.
  static std::string date(int day);

private:
  void riverEvents(const std::vector<const data::Feature *> &rivers);
  void siteEvents(const std::vector<const data::Feature *> &sites, double accepted, double done,
                  double started);
  void statusEvent(const data::Feature &f, data::Status s, int day, const std::string &note);

  SampleRandom &mRandom;
  std::vector<data::Event> mEvents;
};

} // namespace layers
