#pragma once

#include "data/store/Model.h"
#include "gis/LinearRef.h"

#include <string>
#include <vector>

namespace data {

// The state of one feature derived from its events, as of a date (inclusive, "" = all events).
// Rules (DESIGN.md): status only moves forward except through a Correction; a Retraction removes
// the effect of the event it names; Stretch events add chainage intervals as a union; a line whose
// done intervals cover its whole length (within 0.5 m) is Completed; any stretch makes it at least
// InProgress. Events apply in (date, id) order.
// In detail: a Status event raises the status (on a line, completed or later also marks the whole
// length done); a Correction with fromM/toM removes that interval and caps the status at
// InProgress; a Correction without chainage sets the status (back to Planned clears a line's
// intervals). A Retraction applies from its own date on, so as-of queries before it still see the
// retracted event.
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
