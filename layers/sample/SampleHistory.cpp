#include "layers/sample/SampleHistory.h"

#include "gis/Geodesic.h"

#include <QDate>

#include <algorithm>
#include <cmath>
#include <map>

namespace layers {

namespace {

constexpr int kLastDay = 199; // 2020-11-30

std::string attribute(const data::Feature &f, const char *name)
{
  auto it = f.attributes.find(name);
  return it == f.attributes.end() ? std::string() : data::valueToString(it->second);
}

std::string metres(double m)
{
  return std::to_string(static_cast<long long>(std::llround(m)));
}

} // namespace

SampleHistory::SampleHistory(SampleRandom &random)
    : mRandom(random)
{
}

std::string SampleHistory::date(int day)
{
  return QDate(2020, 5, 15).addDays(day).toString(QStringLiteral("yyyy-MM-dd")).toStdString();
}

void SampleHistory::statusEvent(const data::Feature &f, data::Status s, int day, const std::string &note)
{
  data::Event e;
  e.featureId = f.id;
  e.kind = data::EventKind::Status;
  e.status = s;
  e.date = date(std::min(day, kLastDay));
  e.user = s == data::Status::Accepted ? kPlanner : kEngineer;
  e.note = note;
  mEvents.push_back(std::move(e));
}

std::vector<data::Event> SampleHistory::events(const std::vector<data::Feature> &features)
{
  mEvents.clear();
  // Work packages: the sites of one layer and project share how far they got.
  std::map<std::string, std::vector<const data::Feature *>> packages;
  std::vector<const data::Feature *> rivers;
  for (const auto &f : features) {
    if (f.layerId == "rivers") {
      rivers.push_back(&f);
      continue;
    }
    // Existing sites and the untracked layers carry no work this year.
    std::string project = f.layerId == "beautiful_villages" ? attribute(f, "phase") : attribute(f, "project");
    if (project == "existing" || project == "none" || f.layerId == "boundary" || f.layerId == "villages")
      continue;
    packages[f.layerId + "/" + project].push_back(&f);
  }
  riverEvents(rivers);
  for (auto &[key, sites] : packages) {
    if (key == "beautiful_villages/start")
      siteEvents(sites, 0, 0, 0.5); // one of 建东村 and 建新村 under way, the other being prepared
    else if (key == "beautiful_villages/accept")
      siteEvents(sites, 0.45, 0.75, 1.0);
    else
      siteEvents(sites, 0.2, 0.55, 0.8);
  }
  return std::move(mEvents);
}

void SampleHistory::siteEvents(const std::vector<const data::Feature *> &sites, double accepted, double done,
                               double started)
{
  // Shares of the package: accepted <= done <= started (cumulative), rounded at random so small
  // packages (one health centre, one street) come out done or not in the right proportion; every
  // package has at least one site under way.
  const double n = static_cast<double>(sites.size());
  auto share = [&](double f) { return static_cast<std::size_t>(std::floor(f * n + mRandom.uniform())); };
  const std::size_t nAccepted = share(accepted), nDone = std::max(nAccepted, share(done)),
                    nStarted = std::max({nDone, share(started), std::size_t(1)});
  std::vector<const data::Feature *> order = sites;
  mRandom.shuffle(order);
  for (std::size_t i = 0; i < order.size() && i < nStarted; ++i) {
    const data::Feature &f = *order[i];
    const int startDay = mRandom.integer(5, 120);
    statusEvent(f, data::Status::InProgress, startDay, "开工");
    if (i >= nDone) continue;
    const int finished = startDay + mRandom.integer(20, 80);
    statusEvent(f, data::Status::Completed, finished, "完工");
    if (i < nAccepted) statusEvent(f, data::Status::Accepted, finished + mRandom.integer(5, 30), "验收通过");
  }
}

void SampleHistory::riverEvents(const std::vector<const data::Feature *> &rivers)
{
  std::vector<const data::Feature *> order = rivers;
  mRandom.shuffle(order);
  const std::size_t fullyDone = order.size() * 36 / 100, partly = order.size() * 30 / 100;
  auto stretch = [&](const data::Feature &f, double from, double to, int day) {
    data::Event e;
    e.featureId = f.id;
    e.kind = data::EventKind::Stretch;
    e.status = data::Status::Completed;
    e.fromM = from;
    e.toM = to;
    e.date = date(std::min(day, kLastDay));
    e.user = kEngineer;
    e.note = "完成 " + metres(from) + "–" + metres(to) + " m 段清淤与护岸";
    mEvents.push_back(std::move(e));
  };
  for (std::size_t i = 0; i < fullyDone + partly; ++i) {
    const data::Feature &f = *order[i];
    const double length = gis::geodesicLength(f.geometry);
    int day = mRandom.integer(5, 150);
    if (i < fullyDone) {
      // Two or three overlapping stretches from source to mouth; a quarter are then accepted.
      const int pieces = mRandom.integer(1, 3);
      std::vector<double> cuts{0};
      for (int k = 1; k < pieces; ++k)
        cuts.push_back(length * mRandom.uniform(0.15, 0.85));
      std::sort(cuts.begin(), cuts.end());
      cuts.push_back(length);
      for (int k = 0; k < pieces; ++k) {
        stretch(f, std::max(0.0, cuts[k] - mRandom.uniform(0, 15)), cuts[k + 1], day);
        day += mRandom.integer(5, 30);
      }
      if (mRandom.chance(0.25))
        statusEvent(f, data::Status::Accepted, day + mRandom.integer(7, 30), "整治验收通过");
      continue;
    }
    const double from = length * mRandom.uniform(0, 0.4), to = from + length * mRandom.uniform(0.2, 0.5);
    stretch(f, from, to, day);
    if (i == fullyDone) {
      // The inspector found one stretch not up to standard: the planner takes part of it back.
      data::Event e;
      e.featureId = f.id;
      e.kind = data::EventKind::Correction;
      e.status = data::Status::InProgress;
      e.fromM = from + (to - from) * 0.25;
      e.toM = from + (to - from) * 0.5;
      e.date = date(std::min(day + 14, kLastDay));
      e.user = kPlanner;
      e.note = "复查：护岸未达标，该段退回重做";
      mEvents.push_back(std::move(e));
    } else if (mRandom.chance(0.4) && to < length * 0.9) {
      const double from2 = to + length * mRandom.uniform(0, 0.05);
      stretch(f, from2, std::min(length * 0.95, from2 + length * mRandom.uniform(0.05, 0.2)),
              day + mRandom.integer(5, 40));
    }
  }
}

std::vector<data::Measurement> SampleHistory::measurements(const Plan &plan)
{
  std::vector<data::Measurement> out;
  const std::vector<std::string> monthly = {"2020-06-30", "2020-07-31", "2020-08-31",
                                            "2020-09-30", "2020-10-31", "2020-11-30"};
  const std::vector<std::string> quarterly = {"2020-06-30", "2020-09-30"};
  for (const auto &t : plan.targets) {
    if (t.kind != data::TargetKind::Indicator) continue;
    const bool air = t.id == "aqi_good_rate" || t.id == "pm25_daily";
    const auto &dates = air ? monthly : quarterly;
    for (std::size_t i = 0; i < dates.size(); ++i) {
      double v;
      if (t.unitEn == "%")
        v = std::min(100.0, std::round((t.goal + mRandom.uniform(-1.5, 3.0)) * 10) / 10);
      else if (t.comparator == data::Comparator::AtMost)
        v = t.goal == 0 ? 0 : std::round(t.goal * mRandom.uniform(0.5, 0.95) * 10) / 10;
      else // counts built up over the year
        v = std::round(t.goal * (0.6 + 0.2 * static_cast<double>(i)));
      data::Measurement m;
      m.targetId = t.id;
      m.value = v;
      m.date = dates[i];
      m.user = kPlanner;
      m.note = air ? "环境监测月报" : "季度统计";
      out.push_back(std::move(m));
    }
  }
  return out;
}

} // namespace layers
