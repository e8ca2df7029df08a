#include "layers/plan/Forecast.h"

#include <QDate>

#include <algorithm>
#include <cmath>

namespace layers {

namespace {

QDate toDate(const std::string &s)
{
  return QDate::fromString(QString::fromStdString(s), Qt::ISODate);
}

std::string fromDate(const QDate &d)
{
  return d.toString(Qt::ISODate).toStdString();
}

// Date on which `remaining` is covered at `pace` per day, counting from `from`.
std::optional<std::string> metAt(const QDate &from, double remaining, double pace)
{
  if (remaining <= 0) return fromDate(from);
  if (pace <= 0) return std::nullopt;
  const double days = std::ceil(remaining / pace);
  if (days > 365.0 * 100) return std::nullopt; // a century away: no useful date
  return fromDate(from.addDays(static_cast<qint64>(days)));
}

int rank(const Forecast &f)
{
  if (f.willMiss) return 0;
  switch (f.schedule) {
  case Schedule::Behind:
    return 1;
  case Schedule::NoData:
    return 2;
  case Schedule::OnTrack:
    return 3;
  case Schedule::Done:
    return 4;
  }
  return 5;
}

} // namespace

const char *scheduleName(Schedule s)
{
  switch (s) {
  case Schedule::Done:
    return "done";
  case Schedule::OnTrack:
    return "on_track";
  case Schedule::Behind:
    return "behind";
  case Schedule::NoData:
    return "no_data";
  }
  return "";
}

const char *scheduleLabel(Schedule s, bool zh)
{
  switch (s) {
  case Schedule::Done:
    return zh ? "已完成" : "Done";
  case Schedule::OnTrack:
    return zh ? "按计划" : "On track";
  case Schedule::Behind:
    return zh ? "滞后" : "Behind";
  case Schedule::NoData:
    return zh ? "无数据" : "No data";
  }
  return "";
}

double plannedFraction(const std::string &start, const std::string &deadline, const std::string &date)
{
  const QDate s = toDate(start), e = toDate(deadline), d = toDate(date);
  if (!s.isValid() || !e.isValid() || !d.isValid()) return 0;
  if (d >= e) return 1;
  if (d <= s) return 0;
  return static_cast<double>(s.daysTo(d)) / static_cast<double>(s.daysTo(e));
}

Forecast forecastTarget(const Target &target, const TargetProgress &now, const BurnUpSeries &series,
                        const std::string &start, const std::string &deadline, const std::string &asOf)
{
  Forecast f;
  f.targetId = target.id;
  f.percent = now.percent;
  f.expected = expectedValue(target, start, deadline, asOf);
  f.plannedPercent = target.milestones.empty() || target.goal == 0
                         ? plannedFraction(start, deadline, asOf) * 100.0
                         : f.expected / target.goal * 100.0;
  const bool pastDeadline = asOf >= deadline;
  if (target.kind == data::TargetKind::Indicator && !now.latest) {
    f.schedule = Schedule::NoData;
    f.state = pastDeadline ? TargetState::Missed : TargetState::Behind;
    return f;
  }
  if (now.met) {
    f.schedule = Schedule::Done;
    f.state = TargetState::Done;
    return f;
  }
  if (!isCumulative(target)) {
    // A threshold (rate, ratio, accidents) is met or not; milestones, when the plan sets them,
    // say which side of them it should be on by now.
    const bool onSchedule = !target.milestones.empty() &&
                            (target.comparator == data::Comparator::AtMost ? now.value <= f.expected + 1e-9
                                                                           : now.value + 1e-9 >= f.expected);
    f.schedule = onSchedule ? Schedule::OnTrack : Schedule::Behind;
    f.willMiss = pastDeadline;
    f.state = pastDeadline ? TargetState::Missed : onSchedule ? TargetState::OnTrack : TargetState::Behind;
    return f;
  }
  f.forecastable = true;
  f.schedule = now.percent + 1e-9 >= f.plannedPercent ? Schedule::OnTrack : Schedule::Behind;

  const QDate d = toDate(asOf), s = toDate(start);
  const double remaining = now.goal - now.value;
  const QDate recentFrom = d.addDays(-kRecentPaceDays);
  f.paceRecent = (now.value - series.valueAt(fromDate(recentFrom))) / kRecentPaceDays;
  const qint64 sinceStart = s.isValid() ? s.daysTo(d) : 0;
  if (sinceStart > 0) f.paceOverall = (now.value - series.valueAt(fromDate(s.addDays(-1)))) / sinceStart;
  f.metRecent = metAt(d, remaining, f.paceRecent);
  f.metOverall = metAt(d, remaining, f.paceOverall);
  f.willMiss = !f.metRecent || *f.metRecent > deadline;
  f.state = pastDeadline                      ? TargetState::Missed
            : f.willMiss                      ? TargetState::WillMiss
            : f.schedule == Schedule::OnTrack ? TargetState::OnTrack
                                              : TargetState::Behind;
  return f;
}

std::vector<Forecast> forecastAll(const Plan &plan, const BurnUp &burnUp, const std::string &asOf)
{
  const auto &now = burnUp.at(asOf);
  std::vector<Forecast> out;
  out.reserve(plan.targets.size());
  for (std::size_t i = 0; i < plan.targets.size(); ++i)
    out.push_back(
        forecastTarget(plan.targets[i], now[i], burnUp.series(i), plan.startDate, plan.deadline, asOf));
  return out;
}

std::vector<std::size_t> attentionOrder(const std::vector<Forecast> &forecasts)
{
  std::vector<std::size_t> order(forecasts.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Forecast &fa = forecasts[a], &fb = forecasts[b];
    if (rank(fa) != rank(fb)) return rank(fa) < rank(fb);
    if (fa.willMiss && fb.willMiss) {
      // Never (no date) is the worst; otherwise the later forecast needs more attention.
      const std::string da = fa.metRecent.value_or("9999-99-99"), db = fb.metRecent.value_or("9999-99-99");
      return da > db;
    }
    return false;
  });
  return order;
}

} // namespace layers
