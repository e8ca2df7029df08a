#pragma once

#include "data/store/Store.h"

#include <string>
#include <vector>

namespace data {

// What `validate` finds in a project on either store: the records the store's rules would have
// refused, written past them (raw SQL, another program, an older PlanMap), and a derived cache or
// safeguard that no longer holds. Each problem is one line naming the feature, event, measurement
// or table.
struct Validation
{
  std::vector<std::string> problems;
  std::size_t features = 0;
  std::size_t events = 0;
};

// Checks: every feature's geometry fits its layer and is valid, its attributes fit the layer's
// fields, its derived status and done length equal the replay of its events; every event names a
// feature, an author who exists and may record progress (planner or engineer), a real date within
// the plan (its start to today), a real recorded time, and text in UTF-8; every measurement
// likewise (author a planner, value inside its unit's range); targets count layers that exist; the
// append-only safeguards of events and measurements are in place (Store::appendOnlyGaps).
Validation validateProject(const Store &store);

} // namespace data
