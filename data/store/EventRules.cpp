#include "data/store/EventRules.h"

#include "data/store/Progress.h"
#include "data/store/StoreError.h"
#include "data/store/Text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <utility>

namespace data {

namespace {

[[noreturn]] void invalid(const EventTarget &t, const std::string &why)
{
  throw StoreError(StoreError::Kind::Invalid, t.label + ": " + why);
}

bool digits(const std::string &s, std::size_t from, std::size_t n)
{
  if (from + n > s.size()) return false;
  for (std::size_t i = from; i < from + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number(const std::string &s, std::size_t from, std::size_t n)
{
  return std::stoi(s.substr(from, n));
}

// "+08", "+08:00", "-0530" or "Z" from `i` to the end of `s`.
bool isZone(const std::string &s, std::size_t i)
{
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if ((s[i] != '+' && s[i] != '-') || !digits(s, i + 1, 2) || number(s, i + 1, 2) > 14) return false;
  i += 3;
  if (i < s.size() && s[i] == ':') ++i;
  if (i == s.size()) return s[i - 1] != ':';
  return digits(s, i, 2) && number(s, i, 2) < 60 && i + 2 == s.size();
}

} // namespace

void checkEventText(const std::string &label, const Event &e)
{
  requireUtf8(label, "note", e.note);
  requireUtf8(label, "user name", e.user);
  requireUtf8(label, "event id", e.uuid);
  requireUtf8(label, "retracted event id", e.retracts);
  requireUtf8(label, "date", e.date);
}

std::string metresText(double m, int decimals)
{
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f m", decimals, m);
  return buf;
}

bool isIsoTimestamp(const std::string &s)
{
  if (s.size() < 19 || !isIsoDate(s.substr(0, 10)) || (s[10] != 'T' && s[10] != ' ')) return false;
  if (!digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2))
    return false;
  if (number(s, 11, 2) > 23 || number(s, 14, 2) > 59 || number(s, 17, 2) > 60) return false;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const std::size_t first = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    if (i == first) return false;
  }
  return isZone(s, i);
}

std::string todayIso()
{
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string dateProblem(const std::string &date, const std::string &planStart)
{
  if (!isIsoDate(date)) return "bad date '" + validUtf8(date) + "' (expected YYYY-MM-DD)";
  if (!planStart.empty() && date < planStart)
    return "date " + date + " is before the plan started (" + planStart + ")";
  if (const std::string today = todayIso(); date > today)
    return "date " + date + " is in the future (today is " + today + ")";
  return {};
}

std::string valueProblem(double value, const std::string &unit)
{
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  const std::string shown = std::string(buf) + (unit.empty() ? "" : " " + unit);
  if (!std::isfinite(value)) return "value is not a number";
  if (unit == "%" && (value < 0 || value > 100)) return "value " + shown + " is outside 0–100 %";
  if (value < 0) return "value " + shown + " is below 0";
  return {};
}

void checkMeasurement(const Measurement &m, const std::string &unit, const std::string &planStart)
{
  const std::string where = "measurement for " + m.targetId;
  requireUtf8(where, "note", m.note);
  requireUtf8(where, "user name", m.user);
  std::string why = dateProblem(m.date, planStart);
  if (why.empty()) why = valueProblem(m.value, unit);
  if (!why.empty()) throw StoreError(StoreError::Kind::Invalid, where + ": " + why);
}

void checkAttachment(const Attachment &a)
{
  const std::string where = "attachment for event " + oneLine(a.eventUuid);
  for (const auto &[field, text] : {std::pair<const char *, const std::string *>{"event id", &a.eventUuid},
                                    {"file name", &a.fileName},
                                    {"type", &a.mime},
                                    {"time taken", &a.takenAt},
                                    {"id", &a.uuid}})
    requireUtf8(where, field, *text);
  if (a.fileName.empty() || a.data.empty())
    throw StoreError(StoreError::Kind::Invalid, where + " needs a file name and data");
}

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
  checkEventText(t.label, e);
  if (!t.tracked) invalid(t, "layer " + t.layerId + " does not track progress");
  if (const std::string why = dateProblem(e.date, t.planStart); !why.empty()) invalid(t, why);

  const bool hasFrom = e.fromM.has_value(), hasTo = e.toM.has_value();
  if (hasFrom != hasTo) invalid(t, "chainage needs both from and to");
  const bool hasChainage = hasFrom && hasTo;
  if (hasChainage && (e.kind == EventKind::Status || e.kind == EventKind::Retraction))
    invalid(t, std::string(eventKindName(e.kind)) + " events carry no chainage");
  if (e.kind == EventKind::Stretch && !hasChainage) invalid(t, "a stretch needs chainage from and to");
  if (hasChainage) {
    if (!t.isLine) invalid(t, "chainage applies to lines only; this feature is not a line");
    const double from = *e.fromM, to = *e.toM;
    if (!(from < to))
      invalid(t, "chainage from " + metresText(from) + " must be less than to " + metresText(to));
    if (from < -kCoverageTolerance || to > t.lengthM + kCoverageTolerance)
      invalid(t, "chainage " + metresText(from) + "–" + metresText(to) + " is outside the line (0–" +
                     metresText(t.lengthM) + ")");
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
