#include "data/store/StoreBase.h"

#include "data/store/FeatureRules.h"
#include "gis/Geodesic.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <unistd.h>

namespace data {

using Kind = StoreError::Kind;

std::string newUuid()
{
  // Reseeded in a forked child: a copied generator would hand both processes the same UUIDs.
  thread_local std::mt19937_64 rng;
  thread_local pid_t seededFor = 0;
  if (seededFor != getpid()) {
    seededFor = getpid();
    rng.seed((std::uint64_t(std::random_device{}()) << 32) ^ std::random_device{}());
  }
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull; // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; // variant 10
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32),
                unsigned((hi >> 16) & 0xFFFF), unsigned(hi & 0xFFFF), unsigned(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

std::string nowIso()
{
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

void StoreBase::transaction(const std::function<void()> &fn)
{
  std::lock_guard lock(mMutex);
  if (const std::string reason = readOnlyReason(); !reason.empty())
    throw StoreError(Kind::Unwritable, storeName() + ": " + reason + ", nothing written");
  // Nested calls join the outer transaction through a savepoint, so a failed inner part can be
  // caught by the caller without leaving half of it behind.
  const int level = mDepth;
  const std::string savepoint = level == 0 ? std::string() : "planmap_sp" + std::to_string(level);
  const std::string rollback =
      savepoint.empty() ? "ROLLBACK" : "ROLLBACK TO " + savepoint + "; RELEASE " + savepoint;
  runTransactionSql(savepoint.empty() ? beginSql() : "SAVEPOINT " + savepoint, false);
  mDepth = level + 1;
  try {
    fn();
  } catch (...) {
    mDepth = level;
    runTransactionSql(rollback, true);
    throw;
  }
  mDepth = level;
  try {
    runTransactionSql(savepoint.empty() ? "COMMIT" : "RELEASE " + savepoint, false);
  } catch (...) {
    runTransactionSql(rollback, true);
    throw;
  }
}

void StoreBase::asActor(const std::string &, const std::string &, const std::function<void()> &fn)
{
  transaction(fn);
}

// ---- metadata, users, layers, plan

void StoreBase::setMeta(const std::string &actor, const std::string &key, const std::string &value)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "change project settings");
  checkMeta(key, value);
  asActor(actor, "change project settings", [&] { writeMeta(key, value); });
}

void StoreBase::addUser(const std::string &actor, const User &u)
{
  std::lock_guard lock(mMutex);
  const bool bootstrap = !hasUsers();
  if (bootstrap && u.role != Role::Planner)
    throw StoreError(Kind::Invalid, "the first user of a project must be a planner, '" + u.name + "' is " +
                                        roleName(u.role));
  if (!bootstrap) requireRole(actor, {Role::Planner}, "add users");
  checkUser(u);
  if (user(u.name)) throw StoreError(Kind::Invalid, "user '" + u.name + "' exists");
  // The first user has nobody to act as: the project's creator adds them.
  if (bootstrap)
    transaction([&] { insertUser(u); });
  else
    asActor(actor, "add users", [&] { insertUser(u); });
}

std::optional<LayerDef> StoreBase::layer(const std::string &id) const
{
  std::lock_guard lock(mMutex);
  for (LayerDef &l : layers())
    if (l.id == id) return std::move(l);
  return std::nullopt;
}

LayerDef StoreBase::requireLayer(const std::string &id) const
{
  std::optional<LayerDef> l = layer(id);
  if (!l) throw StoreError(Kind::NotFound, "no layer '" + id + "' in " + storeName());
  return *l;
}

std::map<std::string, LayerDef> StoreBase::layerMap() const
{
  std::map<std::string, LayerDef> layerById;
  for (LayerDef &l : layers())
    layerById.emplace(l.id, std::move(l));
  return layerById;
}

const LayerDef &StoreBase::layerOf(const std::map<std::string, LayerDef> &layerById, const Feature &f) const
{
  const auto it = layerById.find(f.layerId);
  if (it == layerById.end())
    throw StoreError(Kind::NotFound, featureLabel(f) + ": no layer '" + f.layerId + "' in " + storeName());
  return it->second;
}

void StoreBase::addLayer(const std::string &actor, const LayerDef &l)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "add layers");
  checkLayerDef(l);
  if (layer(l.id)) throw StoreError(Kind::Invalid, "layer '" + l.id + "' exists");
  if (tableExists(l.id))
    throw StoreError(Kind::Invalid,
                     "layer id '" + l.id + "' is the name of a table in the project; choose another");
  asActor(actor, "add layers", [&] { insertLayer(l); });
}

void StoreBase::setPlan(const std::string &actor, const PlanRecord &p,
                        const std::vector<TargetRecord> &targets)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "change the plan");
  checkPlan(p, targets);
  asActor(actor, "change the plan", [&] { writePlan(p, targets); });
}

// ---- features

namespace {

std::optional<Feature> first(std::vector<Feature> fs)
{
  if (fs.empty()) return std::nullopt;
  return std::move(fs.front());
}

} // namespace

std::optional<Feature> StoreBase::feature(std::int64_t id) const
{
  std::lock_guard lock(mMutex);
  FeatureQuery q;
  q.id = id;
  return first(selectFeatures(q));
}

std::optional<Feature> StoreBase::featureByCode(const std::string &code) const
{
  std::lock_guard lock(mMutex);
  if (code.empty()) return std::nullopt;
  FeatureQuery q;
  q.by = FeatureQuery::By::Code;
  q.key = code;
  return first(selectFeatures(q));
}

std::vector<Feature> StoreBase::features(const std::string &layerId, const gis::Envelope *bbox) const
{
  std::lock_guard lock(mMutex);
  const LayerDef layer = requireLayer(layerId);
  FeatureQuery q;
  q.by = FeatureQuery::By::Layer;
  q.key = layerId;
  if (!bbox) return selectFeatures(q);
  if (bbox->isNull()) return {};
  q.by = FeatureQuery::By::LayerBox;
  q.geometry = geometryTypeOf(layer);
  q.box = *bbox;
  // The spatial indexes keep single-precision boxes rounded outwards; keep only exact envelope hits.
  std::vector<Feature> out;
  for (Feature &f : selectFeatures(q))
    if (f.geometry.envelope().intersects(*bbox)) out.push_back(std::move(f));
  return out;
}

std::size_t StoreBase::featureCount(const std::string &layerId) const
{
  std::lock_guard lock(mMutex);
  requireLayer(layerId);
  return countFeatures(layerId);
}

FeatureValues StoreBase::checkFeature(const LayerDef &layer, const Feature &f) const
{
  FeatureValues v;
  v.geometry = storedGeometry(layer, f);
  v.attrsJson = attributesToJson(checkedAttributes(layer, f));
  if (!f.code.empty())
    if (const std::optional<std::int64_t> other = featureWithCode(f.code, f.id))
      throw StoreError(Kind::Invalid, featureLabel(f) + ": code " + f.code + " is already used by feature " +
                                          std::to_string(*other));
  v.lengthM = v.geometry.dimension() == 1 ? gis::geodesicLength(v.geometry) : 0.0;
  v.areaM2 = v.geometry.dimension() == 2 ? gis::geodesicArea(v.geometry) : 0.0;
  return v;
}

std::int64_t StoreBase::addFeature(const std::string &actor, const Feature &f)
{
  return addFeatures(actor, {f}).front();
}

std::vector<std::int64_t> StoreBase::addFeatures(const std::string &actor, const std::vector<Feature> &fs)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "add features");
  const std::map<std::string, LayerDef> layerById = layerMap();
  std::vector<std::int64_t> ids;
  asActor(actor, "add features", [&] { ids = insertFeatures(layerById, fs); });
  return ids;
}

std::vector<std::int64_t> StoreBase::insertFeatures(const std::map<std::string, LayerDef> &layerById,
                                                    const std::vector<Feature> &fs)
{
  std::vector<std::int64_t> ids;
  for (const Feature &in : fs) {
    const LayerDef &layer = layerOf(layerById, in);
    Feature f = in; // a new feature: its id is the store's to give
    f.id = 0;
    ids.push_back(insertFeature(layer, f, checkFeature(layer, f)));
  }
  return ids;
}

void StoreBase::updateFeature(const std::string &actor, const Feature &f)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "edit features");
  asActor(actor, "edit features", [&] {
    // The version check and the update are one step against concurrent editors.
    lockFeature(f.id);
    const std::optional<Feature> stored = feature(f.id);
    if (!stored) throw StoreError(Kind::NotFound, "no feature " + std::to_string(f.id) + " to edit");
    if (!f.layerId.empty() && f.layerId != stored->layerId)
      throw StoreError(Kind::Invalid, featureLabel(*stored) + " belongs to layer " + stored->layerId +
                                          " and cannot move to " + f.layerId);
    if (f.version != stored->version)
      throw StoreError(Kind::Conflict, featureLabel(*stored) + " was changed meanwhile (stored version " +
                                           std::to_string(stored->version) + ", edited version " +
                                           std::to_string(f.version) + "): reload it and edit again");
    const LayerDef layer = requireLayer(stored->layerId);
    const FeatureValues v = checkFeature(layer, f);
    updateFeatureRow(layer, f, v);
    // The line's length bounds its done chainage: re-derive progress against the new geometry.
    if (!(loadedGeometry(v.geometry) == stored->geometry)) geometryChanged(f.id);
  });
}

void StoreBase::deleteFeature(const std::string &actor, std::int64_t id)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "delete features");
  asActor(actor, "delete features", [&] {
    const std::optional<Feature> stored = feature(id);
    if (!stored) throw StoreError(Kind::NotFound, "no feature " + std::to_string(id) + " to delete");
    if (const std::int64_t n = eventCount(id); n > 0)
      throw StoreError(Kind::Invalid,
                       featureLabel(*stored) + " has " + std::to_string(n) +
                           " progress events and cannot be deleted: recorded progress is kept");
    deleteFeatureRow(id);
  });
}

// ---- progress events

std::vector<Event> StoreBase::events(std::int64_t featureId) const
{
  std::lock_guard lock(mMutex);
  return selectEvents(featureId);
}

std::vector<Event> StoreBase::allEvents() const
{
  std::lock_guard lock(mMutex);
  return selectEvents(std::nullopt);
}

Event StoreBase::appendEvent(const std::string &actor, const Event &e)
{
  return appendEvents(actor, {e}).front();
}

std::vector<Event> StoreBase::appendEvents(const std::string &actor, const std::vector<Event> &es)
{
  std::lock_guard lock(mMutex);
  requireOwnName(requireRole(actor, {Role::Planner, Role::Engineer}, "record progress"), es);
  std::vector<Event> out;
  asActor(actor, "record progress", [&] {
    for (const Event &e : es)
      out.push_back(insertEvent(actor, e, false));
  });
  return out;
}

Event StoreBase::insertEvent(const std::string &actor, const Event &in, bool merge)
{
  const std::optional<EventTarget> target = eventTarget(in.featureId);
  if (!target)
    throw StoreError(Kind::NotFound, "no feature " + std::to_string(in.featureId) + " to record progress on");
  Event e = in;
  e.user = e.user.empty() ? actor : e.user;
  if (!user(e.user))
    throw StoreError(Kind::UnknownUser, target->label + ": event names unknown user '" + e.user + "'");
  if (e.kind == EventKind::Retraction && !e.retracts.empty()) {
    const std::optional<std::int64_t> owner = eventFeature(e.retracts);
    if (owner && *owner != e.featureId)
      throw StoreError(Kind::Invalid, target->label + ": event " + e.retracts + " belongs to feature " +
                                          std::to_string(*owner) + " and cannot be retracted here");
  }
  if (!e.uuid.empty() && eventExists(e.uuid)) {
    if (merge) return Event{}; // already merged by an earlier (perhaps interrupted) sync
    throw StoreError(Kind::Invalid, target->label + ": event " + e.uuid + " is already recorded");
  }
  const std::vector<Event> existing = events(e.featureId);
  // A merged event was valid where it was recorded; only order-independent checks apply here.
  const bool needsHistory = !merge || e.kind == EventKind::Retraction;
  e = checkEvent(e, *target, needsHistory ? existing : std::vector<Event>{});
  e.uuid = e.uuid.empty() ? makeUuid() : e.uuid;
  insertEventRow(actor, e);
  return e;
}

// ---- measurements and attachments

Measurement StoreBase::addMeasurement(const std::string &actor, const Measurement &in)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "record indicator measurements");
  const auto unit = targetUnit(in.targetId);
  if (!unit) throw StoreError(Kind::NotFound, "no target '" + in.targetId + "' to record a measurement for");
  checkMeasurement(in, unit->first, unit->second);
  Measurement m = in;
  m.uuid = m.uuid.empty() ? makeUuid() : m.uuid;
  asActor(actor, "record indicator measurements", [&] { insertMeasurementRow(actor, m); });
  return m;
}

Attachment StoreBase::addAttachment(const std::string &actor, const Attachment &in)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner, Role::Engineer}, "attach photos");
  if (!eventExists(in.eventUuid))
    throw StoreError(Kind::NotFound, "no event '" + in.eventUuid + "' to attach " + in.fileName + " to");
  checkAttachment(in);
  Attachment a = in;
  a.uuid = a.uuid.empty() ? makeUuid() : a.uuid;
  asActor(actor, "attach photos", [&] { insertAttachmentRow(a); });
  return a;
}

} // namespace data
