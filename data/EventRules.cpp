#include "data/EventRules.h"

#include "data/Progress.h"
#include "data/StoreError.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace data {

namespace {

std::string metres(double m)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f m", m);
  return buf;
}

[[noreturn]] void invalid(const EventTarget &t, const std::string &why)
{
  throw StoreError(StoreError::Kind::Invalid, t.label + ": " + why);
}

} // namespace

bool isIsoDate(const std::string &s)
{
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

Event checkEvent(const Event &in, const EventTarget &t, const std::vector<Event> &existing)
{
  Event e = in;
  if (!t.tracked) invalid(t, "layer " + t.layerId + " does not track progress");
  if (!isIsoDate(e.date)) invalid(t, "bad date '" + e.date + "' (expected YYYY-MM-DD)");

  const bool hasFrom = e.fromM.has_value(), hasTo = e.toM.has_value();
  if (hasFrom != hasTo) invalid(t, "chainage needs both from and to");
  const bool hasChainage = hasFrom && hasTo;
  if (hasChainage && (e.kind == EventKind::Status || e.kind == EventKind::Retraction))
    invalid(t, std::string(eventKindName(e.kind)) + " events carry no chainage");
  if (e.kind == EventKind::Stretch && !hasChainage) invalid(t, "a stretch needs chainage from and to");
  if (hasChainage) {
    if (!t.isLine) invalid(t, "chainage applies to lines only; this feature is not a line");
    const double from = *e.fromM, to = *e.toM;
    if (!(from < to)) invalid(t, "chainage from " + metres(from) + " must be less than to " + metres(to));
    if (from < -kCoverageTolerance || to > t.lengthM + kCoverageTolerance)
      invalid(t, "chainage " + metres(from) + "–" + metres(to) + " is outside the line (0–" +
                     metres(t.lengthM) + ")");
    e.fromM = std::clamp(from, 0.0, t.lengthM);
    e.toM = std::clamp(to, 0.0, t.lengthM);
  }

  const FeatureProgress current = deriveProgress(existing, t.lengthM);
  switch (e.kind) {
  case EventKind::Status:
    if (e.status < current.status)
      invalid(t, std::string("status may not go back from ") + statusName(current.status) + " to " +
                     statusName(e.status) + "; record a correction with a note");
    break;
  case EventKind::Stretch:
    e.status = Status::Completed;
    break;
  case EventKind::Correction:
    if (e.note.find_first_not_of(" \t\r\n") == std::string::npos)
      invalid(t, "a correction needs a note saying why");
    break;
  case EventKind::Retraction: {
    const auto it =
        std::find_if(existing.begin(), existing.end(), [&](const Event &x) { return x.uuid == e.retracts; });
    if (e.retracts.empty() || it == existing.end())
      throw StoreError(StoreError::Kind::NotFound,
                       t.label + ": no event '" + e.retracts + "' of this feature to retract");
    if (it->kind == EventKind::Retraction)
      invalid(t, "a retraction cannot be retracted; record the event again");
    const bool already = std::any_of(existing.begin(), existing.end(), [&](const Event &x) {
      return x.kind == EventKind::Retraction && x.retracts == e.retracts;
    });
    if (already) invalid(t, "event " + e.retracts + " is already retracted");
    e.status = it->status;
    break;
  }
  }

  // A correction that sets a status the rules would override (e.g. in_progress on a fully done
  // line) would be silently ignored: refuse it and say what to do instead.
  if (e.kind == EventKind::Correction && !hasChainage) {
    std::vector<Event> after = existing;
    Event probe = e;
    probe.id = std::numeric_limits<std::int64_t>::max();
    after.push_back(probe);
    const Status result = deriveProgress(after, t.lengthM).status;
    if (result != e.status)
      invalid(t, std::string("a correction to ") + statusName(e.status) + " would leave the status " +
                     statusName(result) + "; remove done stretches with a chainage correction first");
  }
  return e;
}

} // namespace data
