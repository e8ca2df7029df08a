#include "layers/plan/Rollup.h"
#include "layers/plan/TargetRules.h"

#include "data/store/Progress.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"
#include "gis/LinearRef.h"
#include "gis/SpatialIndex.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <unordered_map>

namespace layers {

namespace {

// One feature's state as of the roll-up date, derived from its events (never the cached status,
// which is "now").
struct FeatureState
{
  const data::Feature *feature = nullptr;
  data::Status status = data::Status::Planned;
  double doneM = 0;
  int village = -1; // index into Villages, -1 outside every village
};

struct LayerData
{
  std::vector<data::Feature> features;
  std::vector<FeatureState> states;
  // Positions in `states` per village, so a village's roll-up reads only its own features.
  std::vector<std::vector<std::uint32_t>> byVillage;
};

class Villages
{
public:
  explicit Villages(std::vector<data::Feature> features)
      : mFeatures(std::move(features))
  {
    std::vector<gis::Envelope> boxes;
    for (const auto &f : mFeatures) {
      mPrepared.push_back(std::make_unique<gis::PreparedGeometry>(f.geometry));
      boxes.push_back(mPrepared.back()->envelope());
    }
    mIndex = gis::SpatialIndex(boxes);
  }
  // The first village whose polygon contains p (villages do not overlap), -1 for none. The index
  // keeps this cheap with thousands of villages (a city or a province).
  int locate(const gis::Point &p) const
  {
    std::vector<std::uint32_t> hits;
    mIndex.query(gis::Envelope{p.x, p.y, p.x, p.y}, hits);
    std::sort(hits.begin(), hits.end());
    for (std::uint32_t i : hits)
      if (mPrepared[i]->contains(p)) return static_cast<int>(i);
    return -1;
  }
  std::size_t size() const { return mFeatures.size(); }
  const std::vector<data::Feature> &features() const { return mFeatures; }

private:
  std::vector<data::Feature> mFeatures;
  std::vector<std::unique_ptr<gis::PreparedGeometry>> mPrepared;
  gis::SpatialIndex mIndex;
};

// The point that decides which village a feature belongs to: lines by the midpoint of their
// longest part measured along the line, polygons by a point guaranteed inside them.
gis::Point representativePoint(const gis::Geometry &g)
{
  switch (g.dimension()) {
  case 0:
    return g.parts().front().front().front();
  case 1: {
    std::vector<gis::LineString> lines = g.lines();
    const gis::LineString *longest = nullptr;
    double best = -1;
    for (const auto &l : lines) {
      if (l.size() < 2) continue;
      double len = gis::geodesicLength(l);
      if (len > best) best = len, longest = &l;
    }
    if (!longest) return lines.front().front();
    gis::LinearRef ref(*longest);
    return ref.pointAt(ref.length() / 2);
  }
  default:
    return gis::pointOnSurface(g);
  }
}

std::vector<data::Feature> villageFeatures(const data::Store &store, const Plan &plan)
{
  if (plan.villageLayer.empty() || !store.layer(plan.villageLayer)) return {};
  return store.features(plan.villageLayer);
}

// Adds up the features of one located target in the order they come. The one-off roll-up and the
// model's both go through it, so the town's, each village's and the model's figures agree.
class TargetSum
{
public:
  explicit TargetSum(const Target &t)
      : mTarget(t)
  {
    mProgress.targetId = t.id;
  }

  void add(data::Status status, double doneM, const Contribution &c)
  {
    ++mProgress.featuresTotal;
    const bool done = status >= mTarget.minStatus;
    if (done) ++mProgress.featuresDone;
    switch (mTarget.kind) {
    case data::TargetKind::Length:
      mValue += done ? c.amount : std::min(doneM, c.amount);
      mPlanned += c.amount;
      break;
    case data::TargetKind::Count:
    case data::TargetKind::Area:
    case data::TargetKind::AttributeSum:
      mValue += done ? c.amount : 0;
      mPlanned += c.amount;
      break;
    case data::TargetKind::Ratio:
      mTotalLength += c.amount;
      if (c.bad) mBadCount += 1, mBadLength += c.amount;
      break;
    case data::TargetKind::Indicator:
      break;
    }
  }

  // The town's roll-up measures against the plan's goal; a village's against what is planned in it.
  TargetProgress result(bool town)
  {
    TargetProgress &p = mProgress;
    double value = mValue, planned = mPlanned;
    if (mTarget.kind == data::TargetKind::Length) {
      value = lengthInUnit(value, mTarget.unitEn);
      planned = lengthInUnit(planned, mTarget.unitEn);
    } else if (mTarget.kind == data::TargetKind::Area) {
      value = areaInUnit(value, mTarget.unitEn);
      planned = areaInUnit(planned, mTarget.unitEn);
    } else if (mTarget.kind == data::TargetKind::Ratio) {
      p.shareByCount = p.featuresTotal > 0 ? mBadCount / p.featuresTotal * 100 : 0;
      p.shareByLength = mTotalLength > 0 ? mBadLength / mTotalLength * 100 : 0;
      value = p.shareByCount;
      planned = mTarget.goal;
    }
    p.value = value;
    p.goal = town ? mTarget.goal : planned;
    judge(p, mTarget.comparator, true);
    return p;
  }

private:
  const Target &mTarget;
  TargetProgress mProgress;
  double mValue = 0, mPlanned = 0, mBadCount = 0, mBadLength = 0, mTotalLength = 0;
};

// Rolls one located target up over the features of its layer, all of them (village < 0) or those
// of one village.
TargetProgress accumulate(const Target &t, const LayerData &layer, int village)
{
  static const std::vector<std::uint32_t> kNone;
  const auto v = static_cast<std::size_t>(village);
  const std::vector<std::uint32_t> &mine =
      village >= 0 && v < layer.byVillage.size() ? layer.byVillage[v] : kNone;
  const std::size_t n = village < 0 ? layer.states.size() : mine.size();
  TargetSum sum(t);
  for (std::size_t k = 0; k < n; ++k) {
    const FeatureState &s = layer.states[village < 0 ? k : mine[k]];
    if (passesFilter(t, *s.feature)) sum.add(s.status, s.doneM, contributionOf(t, *s.feature));
  }
  return sum.result(village < 0);
}

// An indicator target's progress: its latest measurement on or before asOf.
TargetProgress indicatorFrom(const Target &t, const std::vector<data::Measurement> &ms,
                             const std::string &asOf)
{
  TargetProgress p;
  p.targetId = t.id;
  p.goal = t.goal;
  const data::Measurement *latest = nullptr;
  for (const auto &m : ms) {
    if (!asOf.empty() && m.date > asOf) continue;
    // Later date wins; on the same date the later recorded one (a re-entry corrects the first).
    if (!latest || m.date > latest->date || (m.date == latest->date && m.id > latest->id)) latest = &m;
  }
  if (latest) {
    p.latest = latest->value;
    p.latestDate = latest->date;
    p.value = latest->value;
  }
  judge(p, t.comparator, latest != nullptr);
  return p;
}

TargetProgress indicator(const data::Store &store, const Target &t, const std::string &asOf)
{
  return indicatorFrom(t, store.measurements(t.id), asOf);
}

} // namespace

const TargetProgress *Rollup::target(const std::string &id) const
{
  for (const auto &t : targets)
    if (t.targetId == id) return &t;
  return nullptr;
}

Rollup computeRollup(const data::Store &store, const Plan &plan, const std::string &asOf, bool byVillage)
{
  Rollup r;
  r.asOf = asOf;

  std::unordered_map<std::int64_t, std::vector<data::Event>> eventsByFeature;
  for (auto &e : store.allEvents())
    eventsByFeature[e.featureId].push_back(std::move(e));

  std::unique_ptr<Villages> villages;
  if (byVillage) villages = std::make_unique<Villages>(villageFeatures(store, plan));

  std::map<std::string, LayerData> layers;
  for (const auto &t : plan.targets) {
    if (!t.isLocated() || layers.count(t.layerId)) continue;
    LayerData &L = layers[t.layerId];
    L.features = store.features(t.layerId);
    L.states.reserve(L.features.size());
    static const std::vector<data::Event> kNone;
    for (const auto &f : L.features) {
      FeatureState s;
      s.feature = &f;
      auto it = eventsByFeature.find(f.id);
      const double len = f.geometry.dimension() == 1 ? featureLength(f) : 0;
      data::FeatureProgress fp =
          data::deriveProgress(it == eventsByFeature.end() ? kNone : it->second, len, asOf);
      s.status = fp.status;
      s.doneM = fp.doneM();
      if (villages && !f.geometry.isEmpty()) s.village = villages->locate(representativePoint(f.geometry));
      L.states.push_back(s);
    }
    if (villages) {
      L.byVillage.resize(villages->size());
      for (std::size_t i = 0; i < L.states.size(); ++i)
        if (L.states[i].village >= 0)
          L.byVillage[static_cast<std::size_t>(L.states[i].village)].push_back(static_cast<std::uint32_t>(i));
    }
  }

  for (const auto &t : plan.targets)
    r.targets.push_back(t.isLocated() ? accumulate(t, layers.at(t.layerId), -1) : indicator(store, t, asOf));

  if (villages) {
    for (std::size_t v = 0; v < villages->features().size(); ++v) {
      VillageProgress vp;
      vp.villageId = villages->features()[v].id;
      vp.villageName = villages->features()[v].name;
      for (const auto &t : plan.targets)
        if (t.isLocated()) vp.targets.push_back(accumulate(t, layers.at(t.layerId), static_cast<int>(v)));
      r.villages.push_back(std::move(vp));
    }
  }
  return r;
}

} // namespace layers

namespace layers {

namespace {

// A feature's state from `date` on (until the next step).
struct Step
{
  std::string date;
  data::Status status = data::Status::Planned;
  double doneM = 0;
};

struct ModelLayer
{
  std::vector<std::int64_t> ids;
  std::vector<double> lineLength;       // the length chainages are measured on (0 off lines)
  std::vector<std::vector<Step>> steps; // per feature, ascending dates; empty = never changed
  std::vector<Step> finalState;         // per feature, every event applied (as of "")
};

struct ModelTarget
{
  std::size_t layer = 0;            // index into State::layers
  std::vector<std::uint32_t> items; // features that pass the filter, in layer order
  std::vector<double> amount;       // per item: 1, metres, m², attribute value, or ratio length
  std::vector<char> bad;            // ratio: the item's class counts as bad
  std::vector<std::vector<std::uint32_t>> byVillage; // positions in `items` per village
};

} // namespace

struct RollupModel::State
{
  Plan plan;
  std::vector<std::string> layerIds;
  std::vector<ModelLayer> layers;
  std::vector<ModelTarget> targets; // per plan target (unused for indicators)
  std::unordered_map<std::int64_t, std::pair<std::size_t, std::size_t>> where; // id -> layer, index
  std::map<std::string, std::vector<data::Measurement>> measurements;
  bool villagesRead = false;
  std::vector<std::pair<std::int64_t, std::string>> villages; // id, name

  static std::vector<Step> stepsOf(const std::vector<data::Event> &events, double length, Step &final)
  {
    std::vector<Step> steps;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (i + 1 < events.size() && events[i + 1].date == events[i].date) continue;
      const data::FeatureProgress fp = data::deriveProgress(events, length, events[i].date);
      steps.push_back({events[i].date, fp.status, fp.doneM()});
    }
    const data::FeatureProgress fp = data::deriveProgress(events, length, {});
    final = {{}, fp.status, fp.doneM()};
    return steps;
  }

  // `events` of one feature in (date, id) order, as allEvents gives them.
  void setSteps(ModelLayer &L, std::size_t i, std::vector<data::Event> events)
  {
    std::stable_sort(events.begin(), events.end(), [](const data::Event &a, const data::Event &b) {
      return a.date != b.date ? a.date < b.date : a.id < b.id;
    });
    L.steps[i] = stepsOf(events, L.lineLength[i], L.finalState[i]);
  }
};

RollupModel::RollupModel(const data::Store &store, const Plan &plan, bool byVillage)
    : d(std::make_unique<State>())
{
  d->plan = plan;
  std::unordered_map<std::int64_t, std::vector<data::Event>> eventsByFeature;
  for (auto &e : store.allEvents())
    eventsByFeature[e.featureId].push_back(std::move(e));

  std::unique_ptr<Villages> villages;
  if (byVillage) {
    villages = std::make_unique<Villages>(villageFeatures(store, plan));
    for (const data::Feature &v : villages->features())
      d->villages.emplace_back(v.id, v.name);
    d->villagesRead = true;
  }

  d->targets.resize(plan.targets.size());
  for (std::size_t first = 0; first < plan.targets.size(); ++first) {
    const std::string &layerId = plan.targets[first].layerId;
    if (!plan.targets[first].isLocated() ||
        std::find(d->layerIds.begin(), d->layerIds.end(), layerId) != d->layerIds.end())
      continue;
    // Each layer is read once, for its first target, and its features kept only while the
    // targets that count them are set up.
    const std::size_t li = d->layerIds.size();
    d->layerIds.push_back(layerId);
    const std::vector<data::Feature> features = store.features(layerId);
    ModelLayer L;
    L.steps.resize(features.size());
    L.finalState.resize(features.size());
    std::vector<int> villageOf(features.size(), -1);
    for (std::size_t i = 0; i < features.size(); ++i) {
      const data::Feature &f = features[i];
      L.ids.push_back(f.id);
      L.lineLength.push_back(f.geometry.dimension() == 1 ? featureLength(f) : 0);
      d->where[f.id] = {li, i};
      if (auto it = eventsByFeature.find(f.id); it != eventsByFeature.end())
        L.steps[i] = State::stepsOf(it->second, L.lineLength[i], L.finalState[i]);
      if (villages && !f.geometry.isEmpty()) villageOf[i] = villages->locate(representativePoint(f.geometry));
    }
    d->layers.push_back(std::move(L));

    for (std::size_t ti = first; ti < plan.targets.size(); ++ti) {
      const Target &t = plan.targets[ti];
      if (!t.isLocated() || t.layerId != layerId) continue;
      ModelTarget &T = d->targets[ti];
      T.layer = li;
      if (villages) T.byVillage.resize(villages->size());
      for (std::size_t i = 0; i < features.size(); ++i) {
        const data::Feature &f = features[i];
        if (!passesFilter(t, f)) continue;
        const auto pos = static_cast<std::uint32_t>(T.items.size());
        T.items.push_back(static_cast<std::uint32_t>(i));
        const Contribution c = contributionOf(t, f);
        T.amount.push_back(c.amount);
        T.bad.push_back(c.bad ? 1 : 0);
        if (villageOf[i] >= 0) T.byVillage[static_cast<std::size_t>(villageOf[i])].push_back(pos);
      }
    }
  }
  for (auto &m : store.measurements())
    d->measurements[m.targetId].push_back(std::move(m));
}

RollupModel::~RollupModel() = default;

bool RollupModel::hasVillages() const
{
  return d->villagesRead;
}

void RollupModel::setEvents(std::int64_t featureId, const std::vector<data::Event> &events)
{
  auto it = d->where.find(featureId);
  if (it == d->where.end()) return;
  d->setSteps(d->layers[it->second.first], it->second.second, events);
}

Rollup RollupModel::rollup(const std::string &asOf, bool byVillage) const
{
  if (byVillage && !d->villagesRead)
    throw std::logic_error("RollupModel::rollup: villages were not read (construct with byVillage)");
  Rollup r;
  r.asOf = asOf;

  // Every feature's state as of the date: its last step on or before it.
  struct Now
  {
    data::Status status;
    double doneM;
  };
  std::vector<std::vector<Now>> now(d->layers.size());
  for (std::size_t li = 0; li < d->layers.size(); ++li) {
    const ModelLayer &L = d->layers[li];
    now[li].assign(L.ids.size(), Now{data::Status::Planned, 0.0});
    for (std::size_t i = 0; i < L.ids.size(); ++i) {
      const std::vector<Step> &steps = L.steps[i];
      if (steps.empty()) continue;
      if (asOf.empty()) {
        now[li][i] = {L.finalState[i].status, L.finalState[i].doneM};
        continue;
      }
      auto s = std::upper_bound(steps.begin(), steps.end(), asOf,
                                [](const std::string &date, const Step &st) { return date < st.date; });
      if (s != steps.begin()) now[li][i] = {std::prev(s)->status, std::prev(s)->doneM};
    }
  }

  // As accumulate() above, over the precomputed contributions; same order, so the same sums.
  auto sum = [&](std::size_t ti, int village) {
    const ModelTarget &T = d->targets[ti];
    const std::vector<Now> &state = now[T.layer];
    const bool all = village < 0;
    const std::vector<std::uint32_t> *mine = all ? nullptr : &T.byVillage[static_cast<std::size_t>(village)];
    const std::size_t n = all ? T.items.size() : mine->size();
    TargetSum total(d->plan.targets[ti]);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t pos = all ? static_cast<std::uint32_t>(k) : (*mine)[k];
      const Now &s = state[T.items[pos]];
      total.add(s.status, s.doneM, {T.amount[pos], T.bad[pos] != 0});
    }
    return total.result(all);
  };

  for (std::size_t ti = 0; ti < d->plan.targets.size(); ++ti) {
    const Target &t = d->plan.targets[ti];
    if (t.isLocated()) {
      r.targets.push_back(sum(ti, -1));
      continue;
    }
    const auto it = d->measurements.find(t.id);
    r.targets.push_back(
        indicatorFrom(t, it != d->measurements.end() ? it->second : std::vector<data::Measurement>{}, asOf));
  }

  if (byVillage) {
    r.villages.reserve(d->villages.size());
    for (std::size_t v = 0; v < d->villages.size(); ++v) {
      VillageProgress vp;
      vp.villageId = d->villages[v].first;
      vp.villageName = d->villages[v].second;
      for (std::size_t ti = 0; ti < d->plan.targets.size(); ++ti)
        if (d->plan.targets[ti].isLocated()) vp.targets.push_back(sum(ti, static_cast<int>(v)));
      r.villages.push_back(std::move(vp));
    }
  }
  return r;
}

} // namespace layers
