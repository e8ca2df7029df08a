#include "data/store/Validate.h"

#include "data/store/EventRules.h"
#include "data/store/FeatureRules.h"
#include "data/store/Progress.h"
#include "data/store/Text.h"
#include "gis/Geos.h"

#include <cmath>
#include <map>

namespace data {

namespace {

// The message of a rule's refusal, "" when the rule lets it pass.
template <typename Fn> std::string refusal(Fn &&check)
{
  try {
    check();
  } catch (const StoreError &e) {
    return e.what();
  }
  return {};
}

class Validator
{
public:
  explicit Validator(const Store &store)
      : mStore(store)
  {
    for (const User &u : store.users())
      mUsers[u.name] = u.role;
    if (const std::optional<PlanRecord> p = store.plan()) mPlanStart = p->startDate;
  }

  Validation run()
  {
    std::map<std::int64_t, std::vector<Event>> byFeature;
    for (Event &e : mStore.allEvents())
      byFeature[e.featureId].push_back(std::move(e));
    for (const LayerDef &layer : mStore.layers())
      for (const Feature &f : mStore.features(layer.id)) {
        ++mOut.features;
        const auto it = byFeature.find(f.id);
        const std::vector<Event> none;
        checkFeature(layer, f, it == byFeature.end() ? none : it->second);
        if (it != byFeature.end()) byFeature.erase(it);
      }
    for (const auto &[fid, evs] : byFeature) {
      mOut.events += evs.size();
      problem(std::to_string(evs.size()) + " event(s) refer to missing feature " + std::to_string(fid));
    }
    checkMeasurements();
    for (const TargetRecord &t : mStore.targets())
      if (!t.layerId.empty() && !mStore.layer(t.layerId))
        problem("target " + t.id + " counts layer '" + t.layerId + "' which the project does not have");
    for (const std::string &gap : mStore.appendOnlyGaps())
      problem(gap);
    return std::move(mOut);
  }

private:
  void problem(const std::string &line) { mOut.problems.push_back(oneLine(line)); }

  void checkFeature(const LayerDef &layer, const Feature &f, const std::vector<Event> &events)
  {
    const std::string where = featureLabel(f) + " (" + layer.id + ", " + f.name + ")";
    const int want = static_cast<int>(geometryTypeOf(layer)); // its dimension
    std::string reason;
    if (f.geometry.isEmpty())
      problem(where + ": empty geometry");
    else if (f.geometry.dimension() != want)
      problem(where + ": geometry " + f.geometry.typeName() + " does not fit a " + layer.geometryType +
              " layer");
    else if (!gis::isValid(f.geometry, &reason))
      problem(where + ": invalid geometry: " + reason);
    if (const std::string why = refusal([&] { checkedAttributes(layer, f); }); !why.empty()) problem(why);

    const FeatureProgress derived = deriveProgress(events, f.lengthM);
    if (derived.status != f.status)
      problem(where + ": stored status " + statusName(f.status) + " but events say " +
              statusName(derived.status));
    if (std::abs(derived.doneM() - f.doneM) > 0.01)
      problem(where + ": stored done length " + metresText(f.doneM, 2) + " but events say " +
              metresText(derived.doneM(), 2));
    for (const Event &e : events)
      checkEvent(e, "event " + e.uuid + " of " + featureLabel(f));
  }

  void checkAuthor(const std::string &where, const std::string &user, bool plannerOnly)
  {
    const auto it = mUsers.find(user);
    if (it == mUsers.end())
      problem(where + ": author '" + user + "' is not a user of the project");
    else if (it->second == Role::Leader || (plannerOnly && it->second != Role::Planner))
      problem(where + ": author " + user + " (" + roleName(it->second) + ") may not record this");
  }

  void checkEvent(const Event &e, const std::string &where)
  {
    ++mOut.events;
    if (const std::string why = refusal([&] { checkEventText(where, e); }); !why.empty()) problem(why);
    checkAuthor(where, e.user, false);
    if (const std::string why = dateProblem(e.date, mPlanStart); !why.empty()) problem(where + ": " + why);
    if (!isIsoTimestamp(e.recordedAt))
      problem(where + ": recorded time '" + e.recordedAt + "' is not a time");
  }

  void checkMeasurements()
  {
    std::map<std::string, std::string> unitOf;
    for (const TargetRecord &t : mStore.targets())
      unitOf[t.id] = t.unit;
    for (const Measurement &m : mStore.measurements()) {
      const std::string where = "measurement " + m.uuid + " of target " + m.targetId;
      const auto unit = unitOf.find(m.targetId);
      if (unit == unitOf.end()) problem(where + ": the plan has no such target");
      checkAuthor(where, m.user, true);
      const std::string why = refusal(
          [&] { checkMeasurement(m, unit == unitOf.end() ? std::string() : unit->second, mPlanStart); });
      if (!why.empty()) problem(where + ": " + why);
      if (!isIsoTimestamp(m.recordedAt))
        problem(where + ": recorded time '" + m.recordedAt + "' is not a time");
    }
  }

  const Store &mStore;
  std::map<std::string, Role> mUsers;
  std::string mPlanStart;
  Validation mOut;
};

} // namespace

Validation validateProject(const Store &store)
{
  return Validator(store).run();
}

} // namespace data
