#include "layers/plan/StatusFigures.h"

#include "layers/plan/BurnUp.h"

#include <QDate>

#include <algorithm>
#include <stdexcept>

namespace layers {

StatusFigures computeStatus(const data::Store &store, const Plan &plan, const std::string &asOf,
                            bool byVillage, const std::string &compareDate)
{
  StatusFigures s;
  s.asOf = asOf;
  s.scheduleDate = asOf.empty() ? QDate::currentDate().toString(Qt::ISODate).toStdString() : asOf;
  if (!compareDate.empty() && compareDate > s.scheduleDate)
    throw std::invalid_argument("the date to compare with, " + compareDate + ", is after " +
                                (asOf.empty() ? "today" : "the as-of date") + " " + s.scheduleDate);
  // The in-memory model: features and events read once, then each roll-up only sums.
  const RollupModel model(store, plan, byVillage);
  s.rollup = model.rollup(asOf, byVillage);
  const BurnUp burnUp = computeBurnUp(store, plan, s.scheduleDate);
  for (std::size_t i = 0; i < plan.targets.size() && i < s.rollup.targets.size(); ++i)
    s.forecasts.push_back(forecastTarget(plan.targets[i], s.rollup.targets[i], burnUp.series(i),
                                         plan.startDate, plan.deadline, s.scheduleDate));
  if (!compareDate.empty()) {
    s.compareDate = compareDate;
    s.then = model.rollup(compareDate, false);
  }
  return s;
}

std::vector<UnitProgress> unitRollup(const Plan &plan, const std::vector<Forecast> &forecasts)
{
  std::vector<UnitProgress> out;
  auto entry = [&](const std::string &unit) -> UnitProgress & {
    auto it = std::find_if(out.begin(), out.end(), [&](const UnitProgress &u) { return u.unit == unit; });
    if (it != out.end()) return *it;
    out.push_back(UnitProgress{unit, {}, {}, {}});
    return out.back();
  };
  bool unassigned = false;
  for (std::size_t i = 0; i < plan.targets.size() && i < forecasts.size(); ++i) {
    const Target &t = plan.targets[i];
    unassigned = unassigned || t.lead.empty();
    if (t.lead.empty()) continue;
    UnitProgress &u = entry(t.lead);
    u.targetIds.push_back(t.id);
    ++u.states[static_cast<int>(forecasts[i].state)];
  }
  for (const Target &t : plan.targets)
    for (const std::string &unit : t.support)
      if (unit != t.lead) entry(unit).supportedIds.push_back(t.id);
  if (!unassigned) return out;
  UnitProgress none;
  for (std::size_t i = 0; i < plan.targets.size() && i < forecasts.size(); ++i)
    if (plan.targets[i].lead.empty()) {
      none.targetIds.push_back(plan.targets[i].id);
      ++none.states[static_cast<int>(forecasts[i].state)];
    }
  out.push_back(std::move(none));
  return out;
}

} // namespace layers
