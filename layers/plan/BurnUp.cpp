#include "layers/plan/BurnUp.h"
#include "layers/plan/TargetRules.h"

#include "data/store/Progress.h"
#include "gis/Geodesic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace layers {

namespace {

bool isBad(const Target &t, const data::Feature &f)
{
  return t.kind == data::TargetKind::Ratio && contributionOf(t, f).bad;
}

// What one feature adds to a target's totals in a given state (lengths in metres, areas in m²),
// by the rules every roll-up shares (TargetRules).
struct Tally
{
  int done = 0;
  double value = 0;
};

Tally contribution(const Target &t, const data::Feature &f, const data::FeatureProgress &p)
{
  Tally c;
  const bool done = p.status >= t.minStatus;
  c.done = done ? 1 : 0;
  if (t.kind == data::TargetKind::Ratio || t.kind == data::TargetKind::Indicator) return c;
  const double amount = contributionOf(t, f).amount;
  c.value = done ? amount : t.kind == data::TargetKind::Length ? std::min(p.doneM(), amount) : 0;
  return c;
}

double inUnit(const Target &t, double raw)
{
  if (t.kind == data::TargetKind::Length) return lengthInUnit(raw, t.unitEn);
  if (t.kind == data::TargetKind::Area) return areaInUnit(raw, t.unitEn);
  return raw;
}

void finish(const Target &t, TargetProgress &p, bool measured)
{
  p.goal = t.goal;
  judge(p, t.comparator, measured);
}

} // namespace

double BurnUpSeries::valueAt(const std::string &date) const
{
  auto it = std::upper_bound(points.begin(), points.end(), date,
                             [](const std::string &d, const BurnUpPoint &p) { return d < p.date; });
  return it == points.begin() ? 0.0 : std::prev(it)->value;
}

struct ProgressReplay::State
{
  const Plan &plan;
  struct Item
  {
    data::Feature feature;
    double lineLength = 0; // lines only: the length chainages are measured on
    std::vector<data::Event> events;
    data::FeatureProgress progress;
    std::vector<std::size_t> targets; // indices into plan.targets that count this feature
  };
  std::vector<Item> items;
  std::vector<std::vector<std::size_t>> targetItems; // per target, in layer order
  std::vector<Tally> totals;                         // per target, raw units (m, m², ...)
  std::vector<TargetProgress> ratios;                // ratio targets: shares do not depend on events
  std::map<std::string, std::vector<data::Measurement>> measurements;
  std::map<std::string, std::set<std::size_t>> changedOn; // date -> items with events that day
  std::vector<std::string> dates;
  std::string date;
  std::map<std::int64_t, std::size_t> itemOf; // feature id -> index into items

  State(const data::Store &store, const Plan &p)
      : plan(p)
  {
    targetItems.resize(plan.targets.size());
    totals.resize(plan.targets.size());
    ratios.resize(plan.targets.size());
    std::map<std::string, std::vector<data::Feature>> layers;
    for (const Target &t : plan.targets)
      if (t.isLocated() && !layers.count(t.layerId)) layers[t.layerId] = store.features(t.layerId);
    for (auto &[layerId, features] : layers)
      for (auto &f : features) {
        itemOf[f.id] = items.size();
        const double len = f.geometry.dimension() == 1 ? featureLength(f) : 0;
        items.push_back({std::move(f), len, {}, data::deriveProgress({}, len, ""), {}});
      }
    for (std::size_t ti = 0; ti < plan.targets.size(); ++ti) {
      const Target &t = plan.targets[ti];
      if (!t.isLocated()) continue;
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].feature.layerId != t.layerId || !passesFilter(t, items[i].feature)) continue;
        targetItems[ti].push_back(i);
        items[i].targets.push_back(ti);
        add(ti, contribution(t, items[i].feature, items[i].progress), 1);
      }
      if (t.kind == data::TargetKind::Ratio) computeRatio(ti);
    }
    std::set<std::string> allDates;
    for (auto &e : store.allEvents()) {
      allDates.insert(e.date);
      auto it = itemOf.find(e.featureId);
      if (it == itemOf.end()) continue;
      changedOn[e.date].insert(it->second);
      items[it->second].events.push_back(std::move(e));
    }
    for (auto &m : store.measurements()) {
      allDates.insert(m.date);
      measurements[m.targetId].push_back(std::move(m));
    }
    dates.assign(allDates.begin(), allDates.end());
  }

  void add(std::size_t ti, const Tally &c, int sign)
  {
    totals[ti].done += sign * c.done;
    totals[ti].value += sign * c.value;
  }

  void replace(Item &item, data::FeatureProgress next)
  {
    for (std::size_t ti : item.targets) {
      add(ti, contribution(plan.targets[ti], item.feature, item.progress), -1);
      add(ti, contribution(plan.targets[ti], item.feature, next), 1);
    }
    item.progress = std::move(next);
  }

  // Share of the target's features whose class counts as bad, in percent by count and by length.
  void computeRatio(std::size_t ti)
  {
    const Target &t = plan.targets[ti];
    TargetProgress &tp = ratios[ti];
    double bad = 0, badLength = 0, length = 0;
    for (std::size_t i : targetItems[ti]) {
      const bool b = isBad(t, items[i].feature);
      bad += b ? 1 : 0;
      badLength += b ? items[i].lineLength : 0;
      length += items[i].lineLength;
    }
    const auto n = static_cast<double>(targetItems[ti].size());
    tp.shareByCount = n > 0 ? bad / n * 100 : 0;
    tp.shareByLength = length > 0 ? badLength / length * 100 : 0;
  }

  // Back to the state before any event.
  void reset()
  {
    for (auto &item : items)
      replace(item, data::deriveProgress({}, item.lineLength, ""));
    date.clear();
  }

  void advanceTo(const std::string &to)
  {
    std::set<std::size_t> changed;
    for (auto it = changedOn.upper_bound(date), end = changedOn.upper_bound(to); it != end; ++it)
      changed.insert(it->second.begin(), it->second.end());
    for (std::size_t i : changed)
      replace(items[i], data::deriveProgress(items[i].events, items[i].lineLength, to));
    date = to;
  }

  TargetProgress target(std::size_t ti) const
  {
    const Target &t = plan.targets[ti];
    TargetProgress tp;
    tp.targetId = t.id;
    bool measured = true;
    if (!t.isLocated()) {
      const data::Measurement *latest = nullptr;
      auto it = measurements.find(t.id);
      if (it != measurements.end())
        for (const auto &m : it->second)
          if (m.date <= date &&
              (!latest || m.date > latest->date || (m.date == latest->date && m.id > latest->id)))
            latest = &m;
      if (latest) {
        tp.latest = latest->value;
        tp.latestDate = latest->date;
        tp.value = latest->value;
      }
      measured = latest != nullptr;
    } else {
      tp.featuresTotal = static_cast<int>(targetItems[ti].size());
      tp.featuresDone = totals[ti].done;
      if (t.kind == data::TargetKind::Ratio) {
        tp.shareByCount = ratios[ti].shareByCount;
        tp.shareByLength = ratios[ti].shareByLength;
        tp.value = tp.shareByCount;
      } else {
        tp.value = inUnit(t, totals[ti].value);
      }
    }
    finish(t, tp, measured);
    return tp;
  }
};

ProgressReplay::ProgressReplay(const data::Store &store, const Plan &plan)
    : d(std::make_unique<State>(store, plan))
{
}

ProgressReplay::~ProgressReplay() = default;

const std::vector<std::string> &ProgressReplay::eventDates() const
{
  return d->dates;
}

const std::string &ProgressReplay::date() const
{
  return d->date;
}

void ProgressReplay::setEvents(std::int64_t featureId, std::vector<data::Event> events)
{
  auto found = d->itemOf.find(featureId);
  if (found == d->itemOf.end()) return;
  const std::size_t i = found->second;
  State::Item &item = d->items[i];
  for (const data::Event &e : item.events)
    if (auto it = d->changedOn.find(e.date); it != d->changedOn.end()) {
      it->second.erase(i);
      if (it->second.empty()) d->changedOn.erase(it);
    }
  for (const data::Event &e : events) {
    d->changedOn[e.date].insert(i);
    auto at = std::lower_bound(d->dates.begin(), d->dates.end(), e.date);
    if (at == d->dates.end() || *at != e.date) d->dates.insert(at, e.date);
  }
  item.events = std::move(events);
  // date() "" is the state before any event (deriveProgress reads "" as "every event").
  d->replace(item, d->date.empty() ? data::deriveProgress({}, item.lineLength, "")
                                   : data::deriveProgress(item.events, item.lineLength, d->date));
}

void ProgressReplay::advanceTo(const std::string &date)
{
  if (date < d->date) d->reset();
  d->advanceTo(date);
}

std::vector<TargetProgress> ProgressReplay::targets() const
{
  std::vector<TargetProgress> out;
  out.reserve(d->plan.targets.size());
  for (std::size_t ti = 0; ti < d->plan.targets.size(); ++ti)
    out.push_back(d->target(ti));
  return out;
}

std::vector<TargetFeature> ProgressReplay::features(const std::string &targetId) const
{
  std::vector<TargetFeature> out;
  for (std::size_t ti = 0; ti < d->plan.targets.size(); ++ti) {
    const Target &t = d->plan.targets[ti];
    if (t.id != targetId) continue;
    for (std::size_t si : d->targetItems[ti]) {
      const auto &s = d->items[si];
      out.push_back({s.feature.id, s.feature.layerId, s.feature.code, s.feature.name, s.progress.status,
                     s.progress.doneM(), s.lineLength, s.progress.status >= t.minStatus});
    }
  }
  return out;
}

std::array<int, 4> ProgressReplay::statusCounts(const std::string &layerId) const
{
  std::array<int, 4> counts{};
  for (const auto &item : d->items)
    if (item.feature.layerId == layerId && !item.targets.empty())
      ++counts[static_cast<std::size_t>(item.progress.status)];
  return counts;
}

const std::vector<TargetProgress> &BurnUp::at(const std::string &date) const
{
  auto it = std::upper_bound(dates.begin(), dates.end(), date);
  return it == dates.begin() ? initial : rollups[static_cast<std::size_t>(it - dates.begin()) - 1];
}

BurnUpSeries BurnUp::series(std::size_t targetIndex) const
{
  BurnUpSeries s;
  if (targetIndex >= initial.size()) return s;
  s.targetId = initial[targetIndex].targetId;
  double last = initial[targetIndex].value;
  s.points.push_back({startDate, last});
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const double v = rollups[i][targetIndex].value;
    if (v == last) continue;
    if (dates[i] <= s.points.back().date)
      s.points.back().value = v; // events before the plan's start
    else
      s.points.push_back({dates[i], v});
    last = v;
  }
  return s;
}

BurnUpSeries BurnUp::series(const Plan &plan, const std::string &targetId) const
{
  for (std::size_t i = 0; i < plan.targets.size(); ++i)
    if (plan.targets[i].id == targetId) return series(i);
  return {targetId, {}};
}

BurnUp computeBurnUp(const data::Store &store, const Plan &plan, const std::string &until)
{
  ProgressReplay replay(store, plan);
  return computeBurnUp(replay, plan, until);
}

BurnUp computeBurnUp(ProgressReplay &replay, const Plan &plan, const std::string &until)
{
  BurnUp b;
  b.startDate = plan.startDate;
  b.deadline = plan.deadline;
  replay.advanceTo("");
  b.initial = replay.targets();
  for (const auto &date : replay.eventDates()) {
    if (!until.empty() && date > until) break;
    replay.advanceTo(date);
    b.dates.push_back(date);
    b.rollups.push_back(replay.targets());
  }
  if (!until.empty()) replay.advanceTo(until);
  return b;
}

std::vector<BurnUpPoint> measurementHistory(const data::Store &store, const std::string &targetId,
                                            const std::string &asOf)
{
  std::vector<BurnUpPoint> out;
  for (const auto &m : store.measurements(targetId))
    if (asOf.empty() || m.date <= asOf) out.push_back({m.date, m.value});
  std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.date < b.date; });
  return out;
}

} // namespace layers
