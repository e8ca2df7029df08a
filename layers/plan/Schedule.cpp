#include "layers/plan/Schedule.h"

#include <QDate>

#include <vector>

namespace layers {

namespace {

struct Point
{
  QDate date;
  double value = 0;
};

QDate toDate(const std::string &s)
{
  return QDate::fromString(QString::fromStdString(s), Qt::ISODate);
}

double interpolate(const std::vector<Point> &points, const QDate &d)
{
  if (d <= points.front().date) return points.front().value;
  for (std::size_t i = 1; i < points.size(); ++i) {
    const Point &a = points[i - 1], &b = points[i];
    if (d > b.date) continue;
    const double span = static_cast<double>(a.date.daysTo(b.date));
    return span <= 0 ? b.value : a.value + (b.value - a.value) * static_cast<double>(a.date.daysTo(d)) / span;
  }
  return points.back().value;
}

} // namespace

const char *targetStateName(TargetState s)
{
  switch (s) {
  case TargetState::Done:
    return "done";
  case TargetState::OnTrack:
    return "on_track";
  case TargetState::Behind:
    return "behind";
  case TargetState::WillMiss:
    return "will_miss";
  case TargetState::Missed:
    return "missed";
  }
  return "";
}

std::optional<TargetState> targetStateFromName(const std::string &name)
{
  for (int i = 0; i < kTargetStateCount; ++i)
    if (name == targetStateName(static_cast<TargetState>(i))) return static_cast<TargetState>(i);
  return std::nullopt;
}

bool isCumulative(const Target &t)
{
  return t.comparator != data::Comparator::AtMost &&
         (t.kind == data::TargetKind::Count || t.kind == data::TargetKind::Length ||
          t.kind == data::TargetKind::Area || t.kind == data::TargetKind::AttributeSum);
}

double expectedValue(const Target &t, const std::string &start, const std::string &deadline,
                     const std::string &date)
{
  const QDate s = toDate(start), e = toDate(deadline), d = toDate(date);
  const bool cumulative = isCumulative(t);
  if (!d.isValid() || !e.isValid()) return t.goal;
  if (t.milestones.empty() && !cumulative) return t.goal;
  std::vector<Point> points;
  if (cumulative && s.isValid()) points.push_back({s, 0});
  for (const Milestone &m : t.milestones)
    points.push_back({toDate(m.date), m.value});
  if (points.empty() || points.back().date < e) points.push_back({e, t.goal});
  return interpolate(points, d);
}

} // namespace layers
