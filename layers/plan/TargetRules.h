#pragma once

// How a located target counts one feature, and how a value meets a goal: the rules every roll-up
// shares (the one-off roll-up, the roll-up model, the burn-up replay), so their figures agree.

#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

namespace layers {

// The feature passes the target's filter (attribute == value), or the target has none.
bool passesFilter(const Target &t, const data::Feature &f);

// Stored geodesic length / area, computed when the store has none.
double featureLength(const data::Feature &f);
double featureArea(const data::Feature &f);

// Metres and m² in a target's unit ("km" or "m"; "mu", "ha", "m2", "km2").
double lengthInUnit(double metres, const std::string &unitEn);
double areaInUnit(double m2, const std::string &unitEn);

// What one feature brings to a target when done: 1 for a count, its metres, m² or summed attribute;
// for a ratio its line length and whether its class is one of the "bad" values.
struct Contribution
{
  double amount = 0;
  bool bad = false;
};
Contribution contributionOf(const Target &t, const data::Feature &f);

// Sets p.met and p.percent from p.value and p.goal by the comparator (unmet and 0 % when nothing
// was measured).
void judge(TargetProgress &p, data::Comparator comparator, bool measured);

} // namespace layers
