#include "data/store/Progress.h"

#include <algorithm>
#include <set>

namespace data {

namespace {

// Chainage as given, ordered and clamped to the line (lengthM 0 = unknown length: no clamp).
gis::Interval chainage(const Event &e, double lengthM)
{
  double from = std::min(*e.fromM, *e.toM), to = std::max(*e.fromM, *e.toM);
  if (lengthM > 0) {
    from = std::clamp(from, 0.0, lengthM);
    to = std::clamp(to, 0.0, lengthM);
  }
  return {from, to};
}

} // namespace

FeatureProgress deriveProgress(const std::vector<Event> &events, double lengthM, const std::string &asOf)
{
  std::vector<const Event *> applied;
  for (const Event &e : events)
    if (asOf.empty() || e.date <= asOf) applied.push_back(&e);
  std::stable_sort(applied.begin(), applied.end(), [](const Event *a, const Event *b) {
    return a->date != b->date ? a->date < b->date : a->id < b->id;
  });

  std::set<std::string> retracted;
  for (const Event *e : applied)
    if (e->kind == EventKind::Retraction) retracted.insert(e->retracts);

  FeatureProgress p;
  Status status = Status::Planned;
  const bool isLine = lengthM > 0;
  for (const Event *e : applied) {
    if (retracted.count(e->uuid)) continue;
    p.lastEventDate = std::max(p.lastEventDate, e->date);
    const bool hasChainage = e->fromM && e->toM;
    switch (e->kind) {
    case EventKind::Status:
      status = std::max(status, e->status);
      // A line declared completed is done over its whole length.
      if (isLine && e->status >= Status::Completed) p.done.add({0, lengthM});
      break;
    case EventKind::Stretch:
      if (hasChainage) p.done.add(chainage(*e, lengthM));
      break;
    case EventKind::Correction:
      if (hasChainage) {
        p.done.subtract(chainage(*e, lengthM));
        status = std::min(status, Status::InProgress);
      } else {
        status = e->status;
        if (isLine && status == Status::Planned) p.done.clear();
        if (isLine && status >= Status::Completed) p.done.add({0, lengthM});
      }
      break;
    case EventKind::Retraction:
      break;
    }
  }
  if (isLine && !p.done.empty()) {
    const bool covered = p.done.totalLength() >= lengthM - kCoverageTolerance;
    status = std::max(status, covered ? Status::Completed : Status::InProgress);
  }
  p.status = status;
  return p;
}

} // namespace data
