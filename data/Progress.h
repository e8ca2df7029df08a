#pragma once

#include "data/Model.h"
#include "gis/LinearRef.h"

#include <string>
#include <vector>

namespace data {

// The state of one feature derived from its events, as of a date (inclusive, "" = all events).
// Rules (DESIGN.md): status only moves forward except through a Correction; a Retraction removes
// the effect of the event it names; Stretch events add chainage intervals as a union; a line whose
// done intervals cover its whole length (within 0.5 m) is Completed; any stretch makes it at least
// InProgress. Events apply in (date, id) order.
struct FeatureProgress
{
  Status status = Status::Planned;
  gis::IntervalSet done{0.01};
  double doneM() const { return done.totalLength(); }
  std::string lastEventDate;
};

FeatureProgress deriveProgress(const std::vector<Event> &events, double lengthM,
                               const std::string &asOf = {});

constexpr double kCoverageTolerance = 0.5; // metres

} // namespace data
