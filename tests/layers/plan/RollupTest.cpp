#include "layers/plan/Rollup.h"
#include "data/store/Store.h"
#include "gis/Geodesic.h"
#include "gis/LinearRef.h"
#include "layers/plan/Plan.h"
#include "layers/sample/Generate.h"
#include "tests/common/SampleFixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace {

class Rollup : public ::testing::Test
{
protected:
  void SetUp() override
  {
    mStore = data::openProject(testutil::sampleProjectCopy(mDir));
    mPlan = layers::Plan::fromFile(layers::bundledPlanPath("pujiang-2020"));
  }
  testutil::TempDir mDir;
  std::unique_ptr<data::Store> mStore;
  layers::Plan mPlan;
};

// Done km of the rivers recomputed from the raw events: stretches add, corrections with a
// chainage subtract, in (date, id) order, up to `asOf`.
double doneKmFromEvents(const data::Store &store, const std::string &asOf = {})
{
  std::map<std::int64_t, gis::IntervalSet> done;
  std::set<std::int64_t> rivers;
  for (const auto &r : store.features("rivers"))
    rivers.insert(r.id);
  for (const auto &e : store.allEvents()) {
    if (!rivers.count(e.featureId) || (!asOf.empty() && e.date > asOf) || !e.fromM || !e.toM) continue;
    auto it = done.try_emplace(e.featureId, gis::IntervalSet(0.01)).first;
    if (e.kind == data::EventKind::Stretch) it->second.add({*e.fromM, *e.toM});
    if (e.kind == data::EventKind::Correction) it->second.subtract({*e.fromM, *e.toM});
  }
  double m = 0;
  for (const auto &[id, set] : done)
    m += set.totalLength();
  return m / 1000;
}

// A project holding the same plan and features as `src` but only the events and measurements up
// to `asOf`: what the town looked like that day.
std::unique_ptr<data::Store> replay(const data::Store &src, const layers::Plan &plan, const std::string &path,
                                    const std::string &asOf)
{
  auto dst = data::createProject(path);
  dst->transaction([&] {
    // The first user must be a planner (bootstrap), who then adds the others.
    std::vector<data::User> users = src.users();
    std::stable_partition(users.begin(), users.end(), [](auto &u) { return u.role == data::Role::Planner; });
    for (const auto &u : users)
      dst->addUser(u.name == users.front().name ? "" : users.front().name, u);
    dst->setPlan("planner1", plan.record(), plan.targetRecords());
    std::vector<data::Feature> features;
    for (const auto &layer : src.layers()) {
      dst->addLayer("planner1", layer);
      for (auto f : src.features(layer.id))
        features.push_back(f);
    }
    const auto ids = dst->addFeatures("planner1", features);
    std::map<std::int64_t, std::int64_t> newId;
    for (std::size_t i = 0; i < features.size(); ++i)
      newId[features[i].id] = ids[i];
    std::vector<data::Event> events;
    for (auto e : src.allEvents()) {
      if (e.date > asOf) continue;
      e.id = 0;
      e.featureId = newId.at(e.featureId);
      e.recordedAt.clear();
      events.push_back(e);
    }
    dst->appendEvents("planner1", events);
    for (auto m : src.measurements())
      if (m.date <= asOf) dst->addMeasurement("planner1", m);
  });
  return dst;
}

} // namespace

TEST_F(Rollup, RiverKmEqualsTheUnionOfDoneStretches)
{
  const layers::Rollup r = layers::computeRollup(*mStore, mPlan);
  const layers::TargetProgress *river = r.target("river_remediation");
  ASSERT_TRUE(river);
  const double expected = doneKmFromEvents(*mStore);
  EXPECT_GT(expected, 0);
  EXPECT_NEAR(river->value, expected, 0.01);
  EXPECT_DOUBLE_EQ(river->goal, 87.1);
  EXPECT_NEAR(river->percent, river->value / 87.1 * 100, 1e-9);
  EXPECT_EQ(river->met, river->value >= 87.1);
  EXPECT_EQ(river->featuresTotal, 263);
  // The sample is part-way through the year.
  EXPECT_GT(river->percent, 20);
  EXPECT_LT(river->percent, 80);
}

TEST_F(Rollup, MarkingAStretchRaisesKmFromItsDateOnly)
{
  const double before = layers::computeRollup(*mStore, mPlan).target("river_remediation")->value;
  std::set<std::int64_t> touched;
  for (const auto &e : mStore->allEvents())
    touched.insert(e.featureId);
  const data::Feature *river = nullptr;
  const auto rivers = mStore->features("rivers");
  for (const auto &r : rivers)
    if (!touched.count(r.id) && gis::geodesicLength(r.geometry) > 600) {
      river = &r;
      break;
    }
  ASSERT_TRUE(river) << "no untouched river longer than 600 m";
  data::Event e;
  e.featureId = river->id;
  e.kind = data::EventKind::Stretch;
  e.fromM = 50;
  e.toM = 550;
  e.date = "2020-12-05";
  mStore->appendEvent("engineer1", e);

  const double after = layers::computeRollup(*mStore, mPlan).target("river_remediation")->value;
  EXPECT_NEAR(after - before, 0.5, 0.005);
  const double dayBefore =
      layers::computeRollup(*mStore, mPlan, "2020-12-04").target("river_remediation")->value;
  EXPECT_NEAR(dayBefore, before, 1e-9);
  EXPECT_NEAR(layers::computeRollup(*mStore, mPlan, "2020-12-05").target("river_remediation")->value, after,
              1e-9);
}

TEST_F(Rollup, VillagesAddUpToTheTown)
{
  const layers::Rollup r = layers::computeRollup(*mStore, mPlan, {}, true);
  const auto villages = mStore->features("villages");
  ASSERT_EQ(r.villages.size(), villages.size());
  std::vector<const layers::Target *> located;
  for (const auto &t : mPlan.targets)
    if (t.isLocated()) located.push_back(&t);
  for (std::size_t i = 0; i < located.size(); ++i) {
    const layers::Target &t = *located[i];
    if (t.kind == data::TargetKind::Ratio) continue;
    const layers::TargetProgress *town = r.target(t.id);
    double value = 0;
    int total = 0, done = 0;
    for (const auto &v : r.villages) {
      ASSERT_EQ(v.targets.size(), located.size());
      ASSERT_EQ(v.targets[i].targetId, t.id);
      value += v.targets[i].value;
      total += v.targets[i].featuresTotal;
      done += v.targets[i].featuresDone;
    }
    EXPECT_NEAR(value, town->value, 1e-6 * std::max(1.0, town->value)) << t.id;
    EXPECT_EQ(total, town->featuresTotal) << t.id;
    EXPECT_EQ(done, town->featuresDone) << t.id;
  }
}

TEST_F(Rollup, AsOfADateEqualsReplayingTheEventsUpToIt)
{
  std::set<std::string> dates;
  for (const auto &e : mStore->allEvents())
    dates.insert(e.date);
  ASSERT_GE(dates.size(), 4u);
  const std::vector<std::string> sorted(dates.begin(), dates.end());
  for (std::size_t k : {std::size_t(0), sorted.size() / 3, sorted.size() * 2 / 3, sorted.size() - 1}) {
    const std::string day = sorted[k];
    const auto replayed = replay(*mStore, mPlan, mDir.file("replay-" + day + ".planmap"), day);
    const layers::Rollup asOf = layers::computeRollup(*mStore, mPlan, day);
    const layers::Rollup now = layers::computeRollup(*replayed, mPlan);
    ASSERT_EQ(asOf.targets.size(), now.targets.size());
    for (std::size_t i = 0; i < now.targets.size(); ++i) {
      const auto &a = asOf.targets[i], &b = now.targets[i];
      EXPECT_NEAR(a.value, b.value, 1e-9) << day << " " << a.targetId;
      EXPECT_EQ(a.featuresDone, b.featuresDone) << day << " " << a.targetId;
      EXPECT_EQ(a.met, b.met) << day << " " << a.targetId;
      EXPECT_EQ(a.latestDate, b.latestDate) << day << " " << a.targetId;
    }
  }
}

TEST_F(Rollup, RatioCountsTheBadClassByCountAndLength)
{
  const auto rivers = mStore->features("rivers");
  double bad = 0, badM = 0, allM = 0;
  for (const auto &r : rivers) {
    const double len = gis::geodesicLength(r.geometry);
    allM += len;
    if (data::valueToString(r.attributes.at("wq_class")) == "劣V") bad += 1, badM += len;
  }
  const layers::TargetProgress *p = layers::computeRollup(*mStore, mPlan).target("river_subgrade_v");
  EXPECT_NEAR(p->shareByCount, bad / rivers.size() * 100, 1e-9);
  EXPECT_NEAR(p->shareByLength, badM / allM * 100, 1e-6);
  EXPECT_DOUBLE_EQ(p->value, p->shareByCount);
  EXPECT_EQ(p->met, p->value <= 5);
}

TEST_F(Rollup, IndicatorTakesTheLatestMeasurementUpToTheDate)
{
  const auto ms = mStore->measurements("aqi_good_rate");
  ASSERT_GE(ms.size(), 2u);
  const data::Measurement *first = &ms[0];
  for (const auto &m : ms)
    if (m.date < first->date) first = &m;
  const layers::TargetProgress *p =
      layers::computeRollup(*mStore, mPlan, first->date).target("aqi_good_rate");
  ASSERT_TRUE(p->latest);
  EXPECT_DOUBLE_EQ(*p->latest, first->value);
  EXPECT_EQ(p->latestDate, first->date);
  EXPECT_EQ(p->met, first->value >= 75);
  const layers::TargetProgress *none =
      layers::computeRollup(*mStore, mPlan, "2020-05-16").target("aqi_good_rate");
  EXPECT_FALSE(none->latest);
  EXPECT_FALSE(none->met);
}

TEST_F(Rollup, CountsAndSumsFollowStatuses)
{
  const layers::Rollup r = layers::computeRollup(*mStore, mPlan);
  // Recount toilet overhauls and care-home beds from the features' cached (current) statuses.
  int toilets = 0, toiletsDone = 0;
  for (const auto &f : mStore->features("toilets"))
    if (data::valueToString(f.attributes.at("project")) == "overhaul") {
      ++toilets;
      toiletsDone += f.status >= data::Status::Completed;
    }
  EXPECT_EQ(r.target("toilet_overhaul")->featuresTotal, toilets);
  EXPECT_DOUBLE_EQ(r.target("toilet_overhaul")->value, toiletsDone);
  double beds = 0;
  for (const auto &f : mStore->features("elder_care"))
    if (data::valueToString(f.attributes.at("project")) == "care_home_open" &&
        f.status >= data::Status::Completed)
      beds += *data::valueToDouble(f.attributes.at("beds"));
  EXPECT_DOUBLE_EQ(r.target("care_home_beds")->value, beds);
  double mu = 0;
  for (const auto &f : mStore->features("forest_plots"))
    if (f.status >= data::Status::Completed) mu += gis::squareMetresToMu(gis::geodesicArea(f.geometry));
  EXPECT_NEAR(r.target("public_forest")->value, mu, 1e-6);
  // Nothing is done before the plan started.
  const layers::Rollup start = layers::computeRollup(*mStore, mPlan, "2020-05-14");
  for (const auto &t : start.targets) {
    if (mPlan.target(t.targetId)->kind != data::TargetKind::Ratio && mPlan.target(t.targetId)->isLocated()) {
      EXPECT_DOUBLE_EQ(t.value, 0) << t.targetId;
    }
  }
}

TEST_F(Rollup, SampleIsAboutHalfDoneWithWorkOnEveryLocatedTarget)
{
  const layers::Rollup r = layers::computeRollup(*mStore, mPlan);
  double sum = 0;
  int n = 0;
  for (const auto &t : mPlan.targets) {
    if (!t.isLocated() || t.kind == data::TargetKind::Ratio) continue;
    sum += std::min(100.0, r.target(t.id)->percent);
    ++n;
    int started = 0;
    for (const auto &f : mStore->features(t.layerId)) {
      if (!t.filterAttr.empty() && data::valueToString(f.attributes.at(t.filterAttr)) != t.filterValue)
        continue;
      started += f.status >= data::Status::InProgress;
    }
    EXPECT_GT(started, 0) << t.id << ": nothing started";
  }
  EXPECT_GT(sum / n, 25);
  EXPECT_LT(sum / n, 75);
}

namespace {

void expectSameProgress(const layers::TargetProgress &fast, const layers::TargetProgress &slow,
                        const std::string &where)
{
  SCOPED_TRACE(where + " " + slow.targetId);
  EXPECT_EQ(fast.targetId, slow.targetId);
  EXPECT_DOUBLE_EQ(fast.value, slow.value);
  EXPECT_DOUBLE_EQ(fast.goal, slow.goal);
  EXPECT_DOUBLE_EQ(fast.percent, slow.percent);
  EXPECT_EQ(fast.met, slow.met);
  EXPECT_EQ(fast.featuresTotal, slow.featuresTotal);
  EXPECT_EQ(fast.featuresDone, slow.featuresDone);
  EXPECT_DOUBLE_EQ(fast.shareByCount, slow.shareByCount);
  EXPECT_DOUBLE_EQ(fast.shareByLength, slow.shareByLength);
  EXPECT_EQ(fast.latest, slow.latest);
  EXPECT_EQ(fast.latestDate, slow.latestDate);
}

void expectSameRollup(const layers::Rollup &fast, const layers::Rollup &slow, const std::string &asOf)
{
  ASSERT_EQ(fast.targets.size(), slow.targets.size());
  for (std::size_t i = 0; i < slow.targets.size(); ++i)
    expectSameProgress(fast.targets[i], slow.targets[i], "town as of '" + asOf + "'");
  ASSERT_EQ(fast.villages.size(), slow.villages.size());
  for (std::size_t v = 0; v < slow.villages.size(); ++v) {
    EXPECT_EQ(fast.villages[v].villageId, slow.villages[v].villageId);
    EXPECT_EQ(fast.villages[v].villageName, slow.villages[v].villageName);
    ASSERT_EQ(fast.villages[v].targets.size(), slow.villages[v].targets.size());
    for (std::size_t i = 0; i < slow.villages[v].targets.size(); ++i)
      expectSameProgress(fast.villages[v].targets[i], slow.villages[v].targets[i],
                         slow.villages[v].villageName + " as of '" + asOf + "'");
  }
}

// Dates to compare at: before the history, its first day, the middle, the day before and of the
// last event, a date between event dates, after it all, and "" (every event).
std::vector<std::string> probeDates(const data::Store &store)
{
  std::vector<std::string> dates;
  for (const auto &e : store.allEvents())
    if (dates.empty() || dates.back() != e.date) dates.push_back(e.date);
  std::vector<std::string> out = {"", "2000-01-01", "2099-12-31"};
  if (dates.empty()) return out;
  out.push_back(dates.front());
  out.push_back(dates[dates.size() / 2]);
  out.push_back(dates[dates.size() / 3]);
  out.push_back(dates.back());
  if (dates.size() > 2) out.push_back(dates[dates.size() - 2]);
  return out;
}

} // namespace

TEST_F(Rollup, ModelEqualsComputeRollupAtEveryProbedDate)
{
  const layers::RollupModel model(*mStore, mPlan);
  const auto dates = probeDates(*mStore);
  ASSERT_GT(dates.size(), 5u);
  for (const std::string &asOf : dates) {
    expectSameRollup(model.rollup(asOf, true), layers::computeRollup(*mStore, mPlan, asOf, true), asOf);
    expectSameRollup(model.rollup(asOf), layers::computeRollup(*mStore, mPlan, asOf), asOf);
  }
  // The sample has work in several villages, so the comparison covers non-empty sums.
  const layers::Rollup now = model.rollup({}, true);
  EXPECT_TRUE(std::any_of(now.villages.begin(), now.villages.end(), [](const auto &v) {
    return std::any_of(v.targets.begin(), v.targets.end(), [](const auto &t) { return t.value > 0; });
  }));
}

TEST_F(Rollup, ModelFollowsAMarkAfterSetEvents)
{
  layers::RollupModel model(*mStore, mPlan);
  std::set<std::int64_t> touched;
  for (const auto &e : mStore->allEvents())
    touched.insert(e.featureId);
  std::int64_t river = 0;
  for (const auto &r : mStore->features("rivers"))
    if (!touched.count(r.id) && gis::geodesicLength(r.geometry) > 600) {
      river = r.id;
      break;
    }
  ASSERT_NE(river, 0);
  data::Event e;
  e.featureId = river;
  e.kind = data::EventKind::Stretch;
  e.fromM = 50;
  e.toM = 550;
  e.date = "2020-12-05";
  mStore->appendEvent("engineer1", e);
  const double before = model.rollup().target("river_remediation")->value;
  model.setEvents(river, mStore->events(river));
  for (const std::string asOf : {"", "2020-12-04", "2020-12-05"})
    expectSameRollup(model.rollup(asOf, true), layers::computeRollup(*mStore, mPlan, asOf, true), asOf);
  EXPECT_NEAR(model.rollup().target("river_remediation")->value - before, 0.5, 0.005);
}

TEST(RollupModel, EqualsComputeRollupOnAGeneratedProject)
{
  testutil::TempDir dir;
  layers::GenerateOptions o;
  o.rivers = 263 * 3;
  o.seed = 11;
  layers::writeGeneratedProject(dir.file("g.planmap"), o);
  const auto store = data::openProject(dir.file("g.planmap"));
  const layers::Plan plan = layers::Plan::fromJson(store->plan()->json, "stored plan");
  const layers::RollupModel model(*store, plan);
  for (const std::string &asOf : probeDates(*store))
    expectSameRollup(model.rollup(asOf, true), layers::computeRollup(*store, plan, asOf, true), asOf);
}

TEST(RollupModel, RefusesAVillageRollupWithoutVillages)
{
  testutil::TempDir dir;
  const auto store = data::openProject(testutil::sampleProjectCopy(dir));
  const layers::Plan plan = layers::Plan::fromFile(layers::bundledPlanPath("pujiang-2020"));
  const layers::RollupModel model(*store, plan, false);
  EXPECT_FALSE(model.hasVillages());
  EXPECT_THROW(model.rollup({}, true), std::logic_error);
  expectSameRollup(model.rollup("2020-08-01"), layers::computeRollup(*store, plan, "2020-08-01"),
                   "2020-08-01");
}
