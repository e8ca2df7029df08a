// SpatiaLiteStore: features and progress events.
#include "data/spatialite/SpatiaLiteStore.h"

#include "data/store/EventRules.h"
#include "data/store/FeatureRules.h"
#include "data/io/ImportRtree.h"
#include "data/spatialite/LayerViews.h"
#include "data/store/Progress.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"

#include <map>

namespace data {

using Kind = StoreError::Kind;

namespace {

constexpr const char *kFeatureColumns =
    "SELECT id, layer_id, code, name, attrs, status, done_m, length_m, area_m2, version, "
    "AsBinary(COALESCE(geom_point, geom_line, geom_poly)) FROM feature ";

constexpr const char *kEventColumns =
    "SELECT id, uuid, feature_id, kind, status, from_m, to_m, date, user_name, "
    "note, retracts, recorded_at, entered_by FROM progress_event ";

Feature readFeature(const Statement &st)
{
  Feature f;
  f.id = st.integer(0);
  f.layerId = st.text(1);
  f.code = st.text(2);
  f.name = st.text(3);
  f.attributes = attributesFromJson(st.text(4));
  f.status = statusFromName(st.text(5)).value_or(Status::Planned);
  f.doneM = st.real(6);
  f.lengthM = st.real(7);
  f.areaM2 = st.real(8);
  f.version = static_cast<int>(st.integer(9));
  if (!st.isNull(10)) {
    const std::string wkb = st.blob(10);
    try {
      f.geometry = loadedGeometry(
          gis::Geometry::fromWkb(reinterpret_cast<const unsigned char *>(wkb.data()), wkb.size()));
    } catch (const gis::Error &e) {
      throw StoreError(Kind::Database, featureLabel(f) + ": stored geometry is unreadable: " + e.what());
    }
  }
  return f;
}

Event readEvent(const Statement &st)
{
  Event e;
  e.id = st.integer(0);
  e.uuid = st.text(1);
  e.featureId = st.integer(2);
  e.kind = eventKindFromName(st.text(3)).value_or(EventKind::Status);
  e.status = statusFromName(st.text(4)).value_or(Status::Planned);
  if (!st.isNull(5)) e.fromM = st.real(5);
  if (!st.isNull(6)) e.toM = st.real(6);
  e.date = st.text(7);
  e.user = st.text(8);
  e.note = st.text(9);
  e.retracts = st.text(10);
  e.recordedAt = st.text(11);
  e.enteredBy = st.text(12);
  return e;
}

// Binds the stored geometry to parameters first..first+2 (point, line, polygon columns).
void bindGeometry(Statement &st, int first, const std::string &layerGeometryType, const gis::Geometry &g)
{
  const int slot = layerGeometryType == "Point" ? 0 : layerGeometryType == "LineString" ? 1 : 2;
  for (int i = 0; i < 3; ++i) {
    if (i == slot && !g.isEmpty())
      st.bindBlob(first + i, g.toWkb());
    else
      st.bindNull(first + i);
  }
}

// From this many features on, addFeatures takes the bulk path.
constexpr std::size_t kBulkThreshold = 256;

constexpr const char *kGeometryColumns[] = {"geom_point", "geom_line", "geom_poly"};

int geometrySlot(const std::string &layerGeometryType)
{
  return layerGeometryType == "Point" ? 0 : layerGeometryType == "LineString" ? 1 : 2;
}

} // namespace

std::vector<Feature> SpatiaLiteStore::queryFeatures(const std::string &where,
                                                    const std::function<void(Statement &)> &bind) const
{
  auto st = mDb->cached(kFeatureColumns + where);
  bind(*st);
  std::vector<Feature> out;
  while (st->step())
    out.push_back(readFeature(*st));
  return out;
}

std::vector<Event> SpatiaLiteStore::queryEvents(const std::string &where,
                                                const std::function<void(Statement &)> &bind) const
{
  auto st = mDb->cached(kEventColumns + where);
  bind(*st);
  std::vector<Event> out;
  while (st->step())
    out.push_back(readEvent(*st));
  return out;
}

void SpatiaLiteStore::checkCodeFree(const Feature &f) const
{
  if (f.code.empty()) return;
  auto st = mDb->cached("SELECT id FROM feature WHERE code = ? AND id != ?");
  st->bindText(1, f.code).bindInt(2, f.id);
  if (st->step())
    throw StoreError(Kind::Invalid, featureLabel(f) + ": code " + f.code + " is already used by feature " +
                                        std::to_string(st->integer(0)));
}

std::int64_t SpatiaLiteStore::insertFeature(const LayerDef &layer, const Feature &in)
{
  Feature f = in;
  f.id = 0;
  const gis::Geometry g = storedGeometry(layer, f);
  const Attributes attrs = checkedAttributes(layer, f);
  checkCodeFree(f);
  auto st = mDb->cached("INSERT INTO feature(layer_id, code, name, attrs, length_m, area_m2, geom_point, "
                        "geom_line, geom_poly) VALUES(?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326), "
                        "GeomFromWKB(?, 4326), GeomFromWKB(?, 4326))");
  st->bindText(1, layer.id)
      .bindTextOrNull(2, f.code)
      .bindText(3, f.name)
      .bindText(4, attributesToJson(attrs));
  st->bindReal(5, g.dimension() == 1 ? gis::geodesicLength(g) : 0.0);
  st->bindReal(6, g.dimension() == 2 ? gis::geodesicArea(g) : 0.0);
  bindGeometry(*st, 7, layer.geometryType, g);
  st->run();
  return mDb->lastInsertId();
}

std::int64_t SpatiaLiteStore::insertFeatureBulk(const LayerDef &layer, const Feature &in)
{
  const gis::Geometry g = storedGeometry(layer, in);
  const Attributes attrs = checkedAttributes(layer, in);
  checkCodeFree(in);
  auto st = mDb->cached("INSERT INTO feature(layer_id, code, name, attrs, length_m, area_m2, geom_point, "
                        "geom_line, geom_poly) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bindText(1, layer.id)
      .bindTextOrNull(2, in.code)
      .bindText(3, in.name)
      .bindText(4, attributesToJson(attrs));
  st->bindReal(5, g.dimension() == 1 ? gis::geodesicLength(g) : 0.0);
  st->bindReal(6, g.dimension() == 2 ? gis::geodesicArea(g) : 0.0);
  const int slot = geometrySlot(layer.geometryType);
  for (int i = 0; i < 3; ++i) {
    if (i == slot && !g.isEmpty())
      st->bindBlob(7 + i, spatialiteBlob(g, 4326));
    else
      st->bindNull(7 + i);
  }
  st->run();
  return mDb->lastInsertId();
}

// Many features at once, inside the caller's transaction: SpatiaLite's per-row triggers on the
// feature table (geometry constraint check, R-tree insert, last-insert timestamp: nine triggers a
// row) are dropped for the inserts and recreated before the transaction ends; the geometries are
// checked and written as SpatiaLite BLOBs here (type by layer, SRID 4326), the R-trees get the new
// rows in one statement each (or are rebuilt packed when the new rows outnumber their entries), and the
// timestamps are set once. The table's CHECK constraints (JSON attributes, status name) are not evaluated for
// the rows written here: the attributes are written by attributesToJson and the status is the default, and
// evaluating `status IN (...)` builds a temporary b-tree per row (about a fifth of an insert). A larger page
// cache keeps the transaction from spilling half-written pages into the WAL. Any failure rolls all of it
// back, the dropped triggers included.
void SpatiaLiteStore::bulkInsert(const std::function<void()> &insertRows)
{
  struct SavedTrigger
  {
    std::string name, sql;
  };
  std::vector<SavedTrigger> saved;
  {
    Statement st =
        mDb->prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                     "tbl_name = 'feature' AND (name LIKE 'ggi\\_feature\\_geom\\_%' ESCAPE '\\' OR "
                     "name LIKE 'gii\\_feature\\_geom\\_%' ESCAPE '\\' OR "
                     "name LIKE 'tmi\\_feature\\_geom\\_%' ESCAPE '\\')");
    while (st.step())
      saved.push_back({st.text(0), st.text(1)});
  }
  const std::int64_t cacheSize = mDb->queryInt("PRAGMA cache_size", -2000);
  const std::int64_t firstId = mDb->queryInt("SELECT COALESCE(MAX(id), 0) FROM feature") + 1;
  std::map<std::string, std::int64_t> indexed; // entries in each R-tree before the new rows
  for (const char *column : kGeometryColumns)
    if (mDb->tableExists(std::string("idx_feature_") + column + "_rowid"))
      indexed[column] =
          mDb->queryInt(std::string("SELECT count(*) FROM \"idx_feature_") + column + "_rowid\"");
  // 64 MB at most, only while this runs (256 MB: 1M points peaked at 516 MB of memory instead of
  // 344 MB, and took more CPU, not less).
  mDb->exec("PRAGMA cache_size = -65536");
  mDb->exec("PRAGMA ignore_check_constraints = ON");
  auto restore = [&] {
    mDb->exec("PRAGMA ignore_check_constraints = OFF");
    mDb->exec("PRAGMA cache_size = " + std::to_string(cacheSize));
  };
  try {
    for (const auto &t : saved)
      mDb->exec("DROP TRIGGER \"" + t.name + "\"");
    insertRows();
    for (const char *column : kGeometryColumns) {
      const std::string c = column;
      if (!mDb->tableExists("idx_feature_" + c)) continue;
      // More new rows than the R-tree holds: rebuild it packed (ImportRtree.h), far cheaper than
      // inserting row by row.
      const std::string countNew = "SELECT count(*) FROM feature WHERE id >= " + std::to_string(firstId) +
                                   " AND " + c + " IS NOT NULL";
      const std::int64_t fresh = indexed.count(c) ? mDb->queryInt(countNew) : 0;
      if (indexed.count(c) && fresh > indexed[c]) {
        packRtree(*mDb, "feature", c, static_cast<std::size_t>(fresh + indexed[c]));
        continue;
      }
      Statement st =
          mDb->prepare("INSERT INTO \"idx_feature_" + c + "\"(pkid, xmin, xmax, ymin, ymax) " +
                       "SELECT id, MbrMinX(" + c + "), MbrMaxX(" + c + "), MbrMinY(" + c + "), MbrMaxY(" + c +
                       ") FROM feature WHERE id >= ? AND " + c + " IS NOT NULL");
      st.bindInt(1, firstId).run();
    }
    if (mDb->tableExists("geometry_columns_time"))
      mDb->exec("UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                "WHERE Lower(f_table_name) = 'feature'");
    for (const auto &t : saved)
      mDb->exec(t.sql);
  } catch (...) {
    restore();
    throw; // the caller's transaction rolls back the rows and the dropped triggers
  }
  restore();
}

std::vector<std::int64_t>
SpatiaLiteStore::insertFeaturesBulk(const std::map<std::string, LayerDef> &layerById,
                                    const std::vector<Feature> &fs)
{
  std::vector<std::int64_t> ids;
  ids.reserve(fs.size());
  bulkInsert([&] {
    for (const Feature &f : fs) {
      const auto it = layerById.find(f.layerId);
      if (it == layerById.end())
        throw StoreError(Kind::NotFound, featureLabel(f) + ": no layer '" + f.layerId + "' in " + path());
      ids.push_back(insertFeatureBulk(it->second, f));
    }
  });
  return ids;
}

std::size_t SpatiaLiteStore::addEncodedFeatures(const std::string &actor, const std::string &layerId,
                                                const std::function<bool(EncodedFeature &)> &next,
                                                const std::function<void(std::size_t)> &progress)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "add features");
  std::size_t count = 0;
  transaction([&] {
    const LayerDef layer = requireLayer(layerId);
    const int slot = geometrySlot(layer.geometryType);
    bulkInsert([&] {
      auto st = mDb->cached("INSERT INTO feature(layer_id, code, name, attrs, length_m, area_m2, geom_point, "
                            "geom_line, geom_poly) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
      EncodedFeature f;
      while (next(f)) {
        st->bindText(1, layer.id).bindTextOrNull(2, f.code).bindText(3, f.name).bindText(4, f.attrs);
        st->bindReal(5, f.lengthM).bindReal(6, f.areaM2);
        for (int i = 0; i < 3; ++i) {
          if (i == slot && !f.geometry.empty())
            st->bindBlob(7 + i, f.geometry);
          else
            st->bindNull(7 + i);
        }
        st->run();
        st->reset();
        if (++count % 1024 == 0 && progress) progress(count);
      }
    });
  });
  return count;
}

std::int64_t SpatiaLiteStore::addFeature(const std::string &actor, const Feature &f)
{
  return addFeatures(actor, {f}).front();
}

std::vector<std::int64_t> SpatiaLiteStore::addFeatures(const std::string &actor,
                                                       const std::vector<Feature> &fs)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "add features");
  std::map<std::string, LayerDef> layerById;
  for (LayerDef &l : layers())
    layerById.emplace(l.id, std::move(l));
  std::vector<std::int64_t> ids;
  transaction([&] {
    if (fs.size() >= kBulkThreshold) {
      ids = insertFeaturesBulk(layerById, fs);
      return;
    }
    for (const Feature &f : fs) {
      const auto it = layerById.find(f.layerId);
      if (it == layerById.end())
        throw StoreError(Kind::NotFound, featureLabel(f) + ": no layer '" + f.layerId + "' in " + path());
      ids.push_back(insertFeature(it->second, f));
    }
  });
  return ids;
}

void SpatiaLiteStore::updateFeature(const std::string &actor, const Feature &f)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "edit features");
  transaction([&] {
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
    const gis::Geometry g = storedGeometry(layer, f);
    const Attributes attrs = checkedAttributes(layer, f);
    checkCodeFree(f);
    auto st = mDb->cached(
        "UPDATE feature SET code = ?, name = ?, attrs = ?, length_m = ?, area_m2 = ?, geom_point = "
        "GeomFromWKB(?, 4326), "
        "geom_line = GeomFromWKB(?, 4326), geom_poly = GeomFromWKB(?, 4326), version = version + 1 "
        "WHERE id = ? AND version = ?");
    st->bindTextOrNull(1, f.code).bindText(2, f.name).bindText(3, attributesToJson(attrs));
    st->bindReal(4, g.dimension() == 1 ? gis::geodesicLength(g) : 0.0);
    st->bindReal(5, g.dimension() == 2 ? gis::geodesicArea(g) : 0.0);
    bindGeometry(*st, 6, layer.geometryType, g);
    st->bindInt(9, f.id).bindInt(10, f.version).run();
    // The line's length bounds its done chainage: re-derive progress against the new geometry.
    if (!(loadedGeometry(g) == stored->geometry)) refreshProgress(f.id);
  });
}

void SpatiaLiteStore::deleteFeature(const std::string &actor, std::int64_t id)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "delete features");
  transaction([&] {
    const std::optional<Feature> stored = feature(id);
    if (!stored) throw StoreError(Kind::NotFound, "no feature " + std::to_string(id) + " to delete");
    Statement count = mDb->prepare("SELECT count(*) FROM progress_event WHERE feature_id = ?");
    count.bindInt(1, id).step();
    if (const std::int64_t n = count.integer(0); n > 0)
      throw StoreError(Kind::Invalid,
                       featureLabel(*stored) + " has " + std::to_string(n) +
                           " progress events and cannot be deleted: recorded progress is kept");
    Statement st = mDb->prepare("DELETE FROM feature WHERE id = ?");
    st.bindInt(1, id).run();
  });
}

std::optional<Feature> SpatiaLiteStore::feature(std::int64_t id) const
{
  std::lock_guard lock(mMutex);
  std::vector<Feature> fs = queryFeatures("WHERE id = ?", [id](Statement &st) { st.bindInt(1, id); });
  if (fs.empty()) return std::nullopt;
  return std::move(fs.front());
}

std::optional<Feature> SpatiaLiteStore::featureByCode(const std::string &code) const
{
  std::lock_guard lock(mMutex);
  if (code.empty()) return std::nullopt;
  std::vector<Feature> fs = queryFeatures("WHERE code = ?", [&code](Statement &st) { st.bindText(1, code); });
  if (fs.empty()) return std::nullopt;
  return std::move(fs.front());
}

std::vector<Feature> SpatiaLiteStore::features(const std::string &layerId, const gis::Envelope *bbox) const
{
  std::lock_guard lock(mMutex);
  const LayerDef layer = requireLayer(layerId);
  if (!bbox)
    return queryFeatures("WHERE layer_id = ? ORDER BY id", [&](Statement &st) { st.bindText(1, layerId); });
  if (bbox->isNull()) return {};
  // SpatiaLite does not use the R*Tree by itself: select candidates from it explicitly.
  std::vector<Feature> candidates = queryFeatures(
      "WHERE layer_id = ? AND id IN (SELECT pkid FROM " + layerviews::spatialIndexTable(layer.geometryType) +
          " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) ORDER BY id",
      [&](Statement &st) {
        st.bindText(1, layerId).bindReal(2, bbox->maxX).bindReal(3, bbox->minX);
        st.bindReal(4, bbox->maxY).bindReal(5, bbox->minY);
      });
  // The index stores single-precision boxes rounded outwards; keep only exact envelope hits.
  std::vector<Feature> out;
  for (Feature &f : candidates)
    if (f.geometry.envelope().intersects(*bbox)) out.push_back(std::move(f));
  return out;
}

std::size_t SpatiaLiteStore::featureCount(const std::string &layerId) const
{
  std::lock_guard lock(mMutex);
  requireLayer(layerId);
  Statement st = mDb->prepare("SELECT count(*) FROM feature WHERE layer_id = ?");
  st.bindText(1, layerId).step();
  return static_cast<std::size_t>(st.integer(0));
}

// ---- progress events

std::vector<Event> SpatiaLiteStore::events(std::int64_t featureId) const
{
  std::lock_guard lock(mMutex);
  return queryEvents("WHERE feature_id = ? ORDER BY date, id",
                     [featureId](Statement &st) { st.bindInt(1, featureId); });
}

std::vector<Event> SpatiaLiteStore::allEvents() const
{
  std::lock_guard lock(mMutex);
  return queryEvents("ORDER BY date, id", [](Statement &) {});
}

Event SpatiaLiteStore::appendEvent(const std::string &actor, const Event &e)
{
  return appendEvents(actor, {e}).front();
}

std::vector<Event> SpatiaLiteStore::appendEvents(const std::string &actor, const std::vector<Event> &es)
{
  std::lock_guard lock(mMutex);
  requireOwnName(requireRole(actor, {Role::Planner, Role::Engineer}, "record progress"), es);
  std::vector<Event> out;
  transaction([&] {
    for (const Event &e : es)
      out.push_back(insertEvent(actor, e));
  });
  return out;
}

Event SpatiaLiteStore::insertEvent(const std::string &actor, const Event &in)
{
  auto fst =
      mDb->cached("SELECT f.code, f.layer_id, l.tracked, l.geometry_type, f.length_m, (SELECT "
                  "start_date FROM plan LIMIT 1) FROM feature AS f JOIN layer AS l ON l.id = f.layer_id "
                  "WHERE f.id = ?");
  fst->bindInt(1, in.featureId);
  if (!fst->step())
    throw StoreError(Kind::NotFound, "no feature " + std::to_string(in.featureId) + " to record progress on");
  Feature label;
  label.id = in.featureId;
  label.code = fst->text(0);
  const EventTarget target{featureLabel(label),          fst->text(1), fst->integer(2) != 0,
                           fst->text(3) == "LineString", fst->real(4), fst->text(5)};

  Event e = in;
  e.user = e.user.empty() ? actor : e.user;
  if (!user(e.user))
    throw StoreError(Kind::UnknownUser, target.label + ": event names unknown user '" + e.user + "'");
  if (e.kind == EventKind::Retraction && !e.retracts.empty()) {
    auto owner = mDb->cached("SELECT feature_id FROM progress_event WHERE uuid = ?");
    owner->bindText(1, e.retracts);
    if (owner->step() && owner->integer(0) != e.featureId)
      throw StoreError(Kind::Invalid, target.label + ": event " + e.retracts + " belongs to feature " +
                                          std::to_string(owner->integer(0)) +
                                          " and cannot be retracted here");
  }
  if (!e.uuid.empty()) {
    auto dup = mDb->cached("SELECT 1 FROM progress_event WHERE uuid = ?");
    dup->bindText(1, e.uuid);
    if (dup->step())
      throw StoreError(Kind::Invalid, target.label + ": event " + e.uuid + " is already recorded");
  }
  std::vector<Event> existing = events(e.featureId);
  e = checkEvent(e, target, existing);
  e.uuid = e.uuid.empty() ? newUuid() : e.uuid;
  e.recordedAt = nowIso();
  e.enteredBy = actor;

  auto st = mDb->cached("INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, "
                        "user_name, note, retracts, recorded_at, entered_by) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bindText(1, e.uuid)
      .bindInt(2, e.featureId)
      .bindText(3, eventKindName(e.kind))
      .bindText(4, statusName(e.status));
  if (e.fromM)
    st->bindReal(5, *e.fromM).bindReal(6, *e.toM);
  else
    st->bindNull(5).bindNull(6);
  st->bindText(7, e.date).bindText(8, e.user).bindText(9, e.note).bindTextOrNull(10, e.retracts);
  st->bindText(11, e.recordedAt).bindText(12, e.enteredBy).run();
  e.id = mDb->lastInsertId();
  refreshProgress(e.featureId);
  return e;
}

void SpatiaLiteStore::refreshProgress(std::int64_t featureId)
{
  auto len = mDb->cached("SELECT length_m FROM feature WHERE id = ?");
  len->bindInt(1, featureId);
  if (!len->step()) return;
  const FeatureProgress p = deriveProgress(events(featureId), len->real(0));
  auto st = mDb->cached("UPDATE feature SET status = ?, done_m = ?, last_event_date = ? WHERE id = ?");
  st->bindText(1, statusName(p.status))
      .bindReal(2, p.doneM())
      .bindText(3, p.lastEventDate)
      .bindInt(4, featureId)
      .run();
}

void SpatiaLiteStore::refreshAllProgress()
{
  Statement ids = mDb->prepare("SELECT DISTINCT feature_id FROM progress_event");
  while (ids.step())
    refreshProgress(ids.integer(0));
}

} // namespace data
