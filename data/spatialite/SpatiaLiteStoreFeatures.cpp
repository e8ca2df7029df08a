// SpatiaLiteStore: features and progress events.
#include "data/spatialite/SpatiaLiteStore.h"

#include "data/io/ImportRtree.h"
#include "data/spatialite/LayerViews.h"
#include "data/store/Progress.h"
#include "data/store/RowDecode.h"

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

// From this many features on, addFeatures takes the bulk path.
constexpr std::size_t kBulkThreshold = 256;

constexpr const char *kGeometryColumns[] = {"geom_point", "geom_line", "geom_poly"};

// Binds the feature's values to parameters first.. (code, name, attrs, length, area, then the
// point, line and polygon columns, of which the layer's holds `geometry`: WKB or a SpatiaLite BLOB).
void bindFeature(Statement &st, int first, const LayerDef &layer, const Feature &f, const FeatureValues &v,
                 const std::string &geometry)
{
  st.bindTextOrNull(first, f.code).bindText(first + 1, f.name).bindText(first + 2, v.attrsJson);
  st.bindReal(first + 3, v.lengthM).bindReal(first + 4, v.areaM2);
  const int slot = static_cast<int>(geometryTypeOf(layer));
  for (int i = 0; i < 3; ++i) {
    if (i == slot && !v.geometry.isEmpty())
      st.bindBlob(first + 5 + i, geometry);
    else
      st.bindNull(first + 5 + i);
  }
}

} // namespace

std::vector<Feature> SpatiaLiteStore::queryFeatures(const std::string &where,
                                                    const std::function<void(Statement &)> &bind) const
{
  auto st = mDb->cached(kFeatureColumns + where);
  bind(*st);
  return decodeRows(*st, rows::feature<Statement>);
}

std::vector<Event> SpatiaLiteStore::queryEvents(const std::string &where,
                                                const std::function<void(Statement &)> &bind) const
{
  auto st = mDb->cached(kEventColumns + where);
  bind(*st);
  return decodeRows(*st, rows::event<Statement>);
}

std::optional<std::int64_t> SpatiaLiteStore::featureWithCode(const std::string &code,
                                                             std::int64_t exceptId) const
{
  auto st = mDb->cached("SELECT id FROM feature WHERE code = ? AND id != ?");
  st->bindText(1, code).bindInt(2, exceptId);
  if (!st->step()) return std::nullopt;
  return st->integer(0);
}

std::int64_t SpatiaLiteStore::insertFeature(const LayerDef &layer, const Feature &f, const FeatureValues &v)
{
  auto st = mDb->cached("INSERT INTO feature(layer_id, code, name, attrs, length_m, area_m2, geom_point, "
                        "geom_line, geom_poly) VALUES(?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326), "
                        "GeomFromWKB(?, 4326), GeomFromWKB(?, 4326))");
  st->bindText(1, layer.id);
  bindFeature(*st, 2, layer, f, v, v.geometry.isEmpty() ? std::string() : v.geometry.toWkb());
  st->run();
  return mDb->lastInsertId();
}

std::int64_t SpatiaLiteStore::insertFeatureBulk(const LayerDef &layer, const Feature &in)
{
  const FeatureValues v = checkFeature(layer, in);
  auto st = mDb->cached("INSERT INTO feature(layer_id, code, name, attrs, length_m, area_m2, geom_point, "
                        "geom_line, geom_poly) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bindText(1, layer.id);
  bindFeature(*st, 2, layer, in, v, v.geometry.isEmpty() ? std::string() : spatialiteBlob(v.geometry, 4326));
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

std::vector<std::int64_t> SpatiaLiteStore::insertFeatures(const std::map<std::string, LayerDef> &layerById,
                                                          const std::vector<Feature> &fs)
{
  if (fs.size() < kBulkThreshold) return StoreBase::insertFeatures(layerById, fs);
  std::vector<std::int64_t> ids;
  ids.reserve(fs.size());
  bulkInsert([&] {
    for (const Feature &f : fs)
      ids.push_back(insertFeatureBulk(layerOf(layerById, f), f));
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
    const int slot = static_cast<int>(geometryTypeOf(layer));
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

void SpatiaLiteStore::updateFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v)
{
  auto st =
      mDb->cached("UPDATE feature SET code = ?, name = ?, attrs = ?, length_m = ?, area_m2 = ?, "
                  "geom_point = GeomFromWKB(?, 4326), geom_line = GeomFromWKB(?, 4326), "
                  "geom_poly = GeomFromWKB(?, 4326), version = version + 1 WHERE id = ? AND version = ?");
  bindFeature(*st, 1, layer, f, v, v.geometry.isEmpty() ? std::string() : v.geometry.toWkb());
  st->bindInt(9, f.id).bindInt(10, f.version).run();
}

std::int64_t SpatiaLiteStore::eventCount(std::int64_t featureId) const
{
  Statement count = mDb->prepare("SELECT count(*) FROM progress_event WHERE feature_id = ?");
  count.bindInt(1, featureId).step();
  return count.integer(0);
}

void SpatiaLiteStore::deleteFeatureRow(std::int64_t id)
{
  Statement st = mDb->prepare("DELETE FROM feature WHERE id = ?");
  st.bindInt(1, id).run();
}

std::vector<Feature> SpatiaLiteStore::selectFeatures(const FeatureQuery &q) const
{
  switch (q.by) {
  case FeatureQuery::By::Id:
    return queryFeatures("WHERE id = ?", [&](Statement &st) { st.bindInt(1, q.id); });
  case FeatureQuery::By::Code:
    return queryFeatures("WHERE code = ?", [&](Statement &st) { st.bindText(1, q.key); });
  case FeatureQuery::By::Layer:
    return queryFeatures("WHERE layer_id = ? ORDER BY id", [&](Statement &st) { st.bindText(1, q.key); });
  case FeatureQuery::By::LayerBox:
    break;
  }
  // SpatiaLite does not use the R*Tree by itself: select candidates from it explicitly.
  return queryFeatures("WHERE layer_id = ? AND id IN (SELECT pkid FROM " +
                           layerviews::spatialIndexTable(q.geometry) +
                           " WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) ORDER BY id",
                       [&](Statement &st) {
                         st.bindText(1, q.key).bindReal(2, q.box.maxX).bindReal(3, q.box.minX);
                         st.bindReal(4, q.box.maxY).bindReal(5, q.box.minY);
                       });
}

std::size_t SpatiaLiteStore::countFeatures(const std::string &layerId) const
{
  Statement st = mDb->prepare("SELECT count(*) FROM feature WHERE layer_id = ?");
  st.bindText(1, layerId).step();
  return static_cast<std::size_t>(st.integer(0));
}

// ---- progress events

std::vector<Event> SpatiaLiteStore::selectEvents(std::optional<std::int64_t> featureId) const
{
  if (!featureId) return queryEvents("ORDER BY date, id", [](Statement &) {});
  return queryEvents("WHERE feature_id = ? ORDER BY date, id",
                     [&](Statement &st) { st.bindInt(1, *featureId); });
}

std::optional<EventTarget> SpatiaLiteStore::eventTarget(std::int64_t featureId)
{
  auto st =
      mDb->cached("SELECT f.code, f.layer_id, l.tracked, l.geometry_type, f.length_m, (SELECT "
                  "start_date FROM plan LIMIT 1) FROM feature AS f JOIN layer AS l ON l.id = f.layer_id "
                  "WHERE f.id = ?");
  st->bindInt(1, featureId);
  if (!st->step()) return std::nullopt;
  return rows::eventTarget(featureId, *st);
}

std::optional<std::int64_t> SpatiaLiteStore::eventFeature(const std::string &uuid) const
{
  auto owner = mDb->cached("SELECT feature_id FROM progress_event WHERE uuid = ?");
  owner->bindText(1, uuid);
  if (!owner->step()) return std::nullopt;
  return owner->integer(0);
}

void SpatiaLiteStore::storeEventAsIs(const Event &e)
{
  std::lock_guard lock(mMutex);
  auto st = mDb->cached("INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, "
                        "user_name, note, retracts, recorded_at, entered_by) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bindText(1, e.uuid).bindInt(2, e.featureId);
  st->bindText(3, eventKindName(e.kind)).bindText(4, statusName(e.status));
  if (e.fromM)
    st->bindReal(5, *e.fromM).bindReal(6, *e.toM);
  else
    st->bindNull(5).bindNull(6);
  st->bindText(7, e.date).bindText(8, e.user).bindText(9, e.note).bindTextOrNull(10, e.retracts);
  st->bindText(11, e.recordedAt).bindText(12, e.enteredBy).run();
}

void SpatiaLiteStore::insertEventRow(const std::string &actor, Event &e)
{
  e.recordedAt = nowIso();
  e.enteredBy = actor;
  storeEventAsIs(e);
  e.id = mDb->lastInsertId();
  refreshProgress(e.featureId);
}

void SpatiaLiteStore::refreshProgress(std::int64_t featureId)
{
  std::lock_guard lock(mMutex);
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
