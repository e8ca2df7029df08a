#include "layers/Rollup.h"

#include "data/Progress.h"
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

double lengthOf(const data::Feature &f)
{
  return f.lengthM > 0 ? f.lengthM : gis::geodesicLength(f.geometry);
}

double areaOf(const data::Feature &f)
{
  return f.areaM2 > 0 ? f.areaM2 : gis::geodesicArea(f.geometry);
}

double lengthInUnit(double metres, const std::string &unitEn)
{
  return unitEn == "m" ? metres : metres / 1000.0;
}

double areaInUnit(double m2, const std::string &unitEn)
{
  if (unitEn == "m2" || unitEn == "m²") return m2;
  if (unitEn == "ha") return m2 / 1e4;
  if (unitEn == "km2" || unitEn == "km²") return m2 / 1e6;
  return gis::squareMetresToMu(m2);
}

void finish(TargetProgress &p, const std::string &comparator, bool measured)
{
  const double eps = 1e-9 * std::max(1.0, std::fabs(p.goal));
  if (comparator == "<=") {
    p.met = p.value <= p.goal + eps;
    p.percent = p.met ? 100 : p.goal / p.value * 100;
  } else if (comparator == "==") {
    p.met = std::fabs(p.value - p.goal) <= eps;
    double hi = std::max(std::fabs(p.value), std::fabs(p.goal));
    p.percent = p.met ? 100 : std::min(std::fabs(p.value), std::fabs(p.goal)) / hi * 100;
  } else {
    p.met = p.value >= p.goal - eps;
    p.percent = p.goal > 0 ? p.value / p.goal * 100 : (p.met ? 100 : 0);
  }
  if (!measured) p.met = false, p.percent = 0;
}

// Rolls one located target up over the features of its layer, all of them (village < 0) or those
// of one village. A village's goal is what is planned inside it (its share of the town's work).
TargetProgress accumulate(const Target &t, const LayerData &layer, int village)
{
  TargetProgress p;
  p.targetId = t.id;
  double value = 0, planned = 0, badCount = 0, badLength = 0, totalLength = 0;
  static const std::vector<std::uint32_t> kNone;
  const auto v = static_cast<std::size_t>(village);
  const std::vector<std::uint32_t> &mine =
      village >= 0 && v < layer.byVillage.size() ? layer.byVillage[v] : kNone;
  const std::size_t n = village < 0 ? layer.states.size() : mine.size();
  for (std::size_t k = 0; k < n; ++k) {
    const FeatureState &s = layer.states[village < 0 ? k : mine[k]];
    const data::Feature &f = *s.feature;
    if (!t.filterAttr.empty()) {
      auto it = f.attributes.find(t.filterAttr);
      if (it == f.attributes.end() || data::valueToString(it->second) != t.filterValue) continue;
    }
    ++p.featuresTotal;
    const bool done = s.status >= t.minStatus;
    if (done) ++p.featuresDone;
    if (t.kind == "count") {
      value += done ? 1 : 0;
      planned += 1;
    } else if (t.kind == "length") {
      const double len = lengthOf(f);
      value += done ? len : std::min(s.doneM, len);
      planned += len;
    } else if (t.kind == "area") {
      const double area = areaOf(f);
      value += done ? area : 0;
      planned += area;
    } else if (t.kind == "attribute_sum") {
      auto it = f.attributes.find(t.attribute);
      const double v = it == f.attributes.end() ? 0 : data::valueToDouble(it->second).value_or(0);
      value += done ? v : 0;
      planned += v;
    } else if (t.kind == "ratio") {
      auto it = f.attributes.find(t.attribute);
      const std::string cls = it == f.attributes.end() ? std::string() : data::valueToString(it->second);
      const double len = f.geometry.dimension() == 1 ? lengthOf(f) : 0;
      totalLength += len;
      if (std::find(t.ratioValues.begin(), t.ratioValues.end(), cls) != t.ratioValues.end())
        badCount += 1, badLength += len;
    }
  }
  if (t.kind == "length") {
    value = lengthInUnit(value, t.unitEn);
    planned = lengthInUnit(planned, t.unitEn);
  } else if (t.kind == "area") {
    value = areaInUnit(value, t.unitEn);
    planned = areaInUnit(planned, t.unitEn);
  } else if (t.kind == "ratio") {
    p.shareByCount = p.featuresTotal > 0 ? badCount / p.featuresTotal * 100 : 0;
    p.shareByLength = totalLength > 0 ? badLength / totalLength * 100 : 0;
    value = p.shareByCount;
    planned = t.goal;
  }
  p.value = value;
  p.goal = village < 0 ? t.goal : planned;
  finish(p, t.comparator, true);
  return p;
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
  finish(p, t.comparator, latest != nullptr);
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
  if (byVillage)
    villages = std::make_unique<Villages>(store.layer("villages") ? store.features("villages")
                                                                  : std::vector<data::Feature>{});

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
      const double len = f.geometry.dimension() == 1 ? lengthOf(f) : 0;
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
  std::vector<double> amount;       // per item: metres, m², attribute value, or ratio length
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
    villages = std::make_unique<Villages>(store.layer("villages") ? store.features("villages")
                                                                  : std::vector<data::Feature>{});
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
      L.lineLength.push_back(f.geometry.dimension() == 1 ? lengthOf(f) : 0);
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
        if (!t.filterAttr.empty()) {
          auto it = f.attributes.find(t.filterAttr);
          if (it == f.attributes.end() || data::valueToString(it->second) != t.filterValue) continue;
        }
        const auto pos = static_cast<std::uint32_t>(T.items.size());
        T.items.push_back(static_cast<std::uint32_t>(i));
        double amount = 0;
        bool bad = false;
        if (t.kind == "length") {
          amount = lengthOf(f);
        } else if (t.kind == "area") {
          amount = areaOf(f);
        } else if (t.kind == "attribute_sum") {
          auto it = f.attributes.find(t.attribute);
          amount = it == f.attributes.end() ? 0 : data::valueToDouble(it->second).value_or(0);
        } else if (t.kind == "ratio") {
          auto it = f.attributes.find(t.attribute);
          const std::string cls = it == f.attributes.end() ? std::string() : data::valueToString(it->second);
          amount = f.geometry.dimension() == 1 ? lengthOf(f) : 0;
          bad = std::find(t.ratioValues.begin(), t.ratioValues.end(), cls) != t.ratioValues.end();
        }
        T.amount.push_back(amount);
        T.bad.push_back(bad ? 1 : 0);
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

  // As accumulate() above, over the precomputed amounts; same order, so the same sums.
  auto sum = [&](std::size_t ti, int village) {
    const Target &t = d->plan.targets[ti];
    const ModelTarget &T = d->targets[ti];
    const std::vector<Now> &state = now[T.layer];
    TargetProgress p;
    p.targetId = t.id;
    double value = 0, planned = 0, badCount = 0, badLength = 0, totalLength = 0;
    const bool all = village < 0;
    const std::vector<std::uint32_t> *mine = all ? nullptr : &T.byVillage[static_cast<std::size_t>(village)];
    const std::size_t n = all ? T.items.size() : mine->size();
    const int kind = t.kind == "count"           ? 0
                     : t.kind == "length"        ? 1
                     : t.kind == "area"          ? 2
                     : t.kind == "attribute_sum" ? 3
                     : t.kind == "ratio"         ? 4
                                                 : 5;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t pos = all ? static_cast<std::uint32_t>(k) : (*mine)[k];
      const Now &s = state[T.items[pos]];
      const double a = T.amount[pos];
      ++p.featuresTotal;
      const bool done = s.status >= t.minStatus;
      if (done) ++p.featuresDone;
      switch (kind) {
      case 0:
        value += done ? 1 : 0;
        planned += 1;
        break;
      case 1:
        value += done ? a : std::min(s.doneM, a);
        planned += a;
        break;
      case 2:
      case 3:
        value += done ? a : 0;
        planned += a;
        break;
      case 4:
        totalLength += a;
        if (T.bad[pos]) badCount += 1, badLength += a;
        break;
      default:
        break;
      }
    }
    if (kind == 1) {
      value = lengthInUnit(value, t.unitEn);
      planned = lengthInUnit(planned, t.unitEn);
    } else if (kind == 2) {
      value = areaInUnit(value, t.unitEn);
      planned = areaInUnit(planned, t.unitEn);
    } else if (kind == 4) {
      p.shareByCount = p.featuresTotal > 0 ? badCount / p.featuresTotal * 100 : 0;
      p.shareByLength = totalLength > 0 ? badLength / totalLength * 100 : 0;
      value = p.shareByCount;
      planned = t.goal;
    }
    p.value = value;
    p.goal = all ? t.goal : planned;
    finish(p, t.comparator, true);
    return p;
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
