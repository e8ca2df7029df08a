// PostgisStore: features and progress events.
#include "data/postgis/PostgisStore.h"

#include "data/postgis/PgSchema.h"
#include "data/spatialite/LayerViews.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/RowDecode.h"

#include <map>

namespace data {

using Kind = StoreError::Kind;

namespace {

constexpr const char *kFeatureColumns =
    "SELECT id, layer_id, code, name, attrs, status, done_m, length_m, area_m2, version, "
    "ST_AsBinary(COALESCE(geom_point, geom_line, geom_poly)) FROM feature ";

// Dates and times as the Event model keeps them (YYYY-MM-DD, ISO UTC), whatever the session's style.
const std::string kEventColumns = "SELECT id, uuid, feature_id, kind, status, from_m, to_m, " +
                                  pgschema::isoDate("date") + ", user_name, note, retracts, " +
                                  pgschema::isoTime("recorded_at") + ", entered_by FROM progress_event ";

// The stored geometry as WKB parameters for the point, line and polygon columns.
std::vector<PgParam> geometryParams(const LayerDef &layer, const gis::Geometry &g)
{
  std::vector<PgParam> out(3);
  if (!g.isEmpty()) out[static_cast<std::size_t>(geometryTypeOf(layer))] = PgParam::bytes(g.toWkb());
  return out;
}

// code, name, attrs, length, area, then the point, line and polygon columns.
std::vector<PgParam> featureParams(const LayerDef &layer, const Feature &f, const FeatureValues &v)
{
  std::vector<PgParam> params{PgParam::textOrNull(f.code), PgParam::text(f.name), PgParam::text(v.attrsJson),
                              PgParam::real(v.lengthM), PgParam::real(v.areaM2)};
  for (PgParam &p : geometryParams(layer, v.geometry))
    params.push_back(std::move(p));
  return params;
}

// A PostgreSQL array literal of text values.
std::string textArray(const std::vector<std::string> &values)
{
  std::string out = "{";
  for (const std::string &v : values) {
    out += out.size() > 1 ? ",\"" : "\"";
    for (char c : v)
      out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    out += '"';
  }
  return out + "}";
}

std::string intArray(const std::vector<std::int64_t> &values)
{
  std::string out = "{";
  for (std::int64_t v : values)
    out += (out.size() > 1 ? "," : "") + std::to_string(v);
  return out + "}";
}

} // namespace

std::vector<Feature> PostgisStore::queryFeatures(const std::string &where,
                                                 const std::vector<PgParam> &params) const
{
  return decodeRows(mDb->exec(kFeatureColumns + where, params), rows::feature<PgRow>);
}

std::vector<Event> PostgisStore::queryEvents(const std::string &where,
                                             const std::vector<PgParam> &params) const
{
  return decodeRows(mDb->exec(kEventColumns + where, params), rows::event<PgRow>);
}

std::optional<std::int64_t> PostgisStore::featureWithCode(const std::string &code,
                                                          std::int64_t exceptId) const
{
  const PgResult r = mDb->exec("SELECT id FROM feature WHERE code = $1 AND id <> $2",
                               {PgParam::text(code), PgParam::integer(exceptId)});
  if (r.rows() == 0) return std::nullopt;
  return r.integer(0, 0);
}

std::int64_t PostgisStore::insertFeature(const LayerDef &layer, const Feature &f, const FeatureValues &v)
{
  return insertFeatureRow(layer, f, v, 0, 1);
}

std::int64_t PostgisStore::insertFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v,
                                            std::int64_t keepId, int version)
{
  std::vector<PgParam> params = featureParams(layer, f, v);
  params.insert(params.begin(), PgParam::text(layer.id));
  params.push_back(PgParam::integer(version));
  const std::string columns =
      "layer_id, code, name, attrs, length_m, area_m2, geom_point, geom_line, geom_poly, version";
  const std::string values = "$1, $2, $3, $4, $5, $6, ST_GeomFromWKB($7::bytea, 4326), "
                             "ST_GeomFromWKB($8::bytea, 4326), ST_GeomFromWKB($9::bytea, 4326), $10";
  if (keepId > 0) {
    params.push_back(PgParam::integer(keepId));
    return mDb->queryInt("INSERT INTO feature(" + columns + ", id) VALUES(" + values + ", $11) RETURNING id",
                         params);
  }
  return mDb->queryInt("INSERT INTO feature(" + columns + ") VALUES(" + values + ") RETURNING id", params);
}

void PostgisStore::lockFeature(std::int64_t id)
{
  mDb->exec("SELECT 1 FROM feature WHERE id = $1 FOR UPDATE", {PgParam::integer(id)});
}

void PostgisStore::updateFeatureRow(const LayerDef &layer, const Feature &f, const FeatureValues &v)
{
  std::vector<PgParam> params = featureParams(layer, f, v);
  params.push_back(PgParam::integer(f.id));
  params.push_back(PgParam::integer(f.version));
  mDb->exec(
      "UPDATE feature SET code = $1, name = $2, attrs = $3, length_m = $4, area_m2 = $5, "
      "geom_point = ST_GeomFromWKB($6::bytea, 4326), geom_line = ST_GeomFromWKB($7::bytea, 4326), "
      "geom_poly = ST_GeomFromWKB($8::bytea, 4326), version = version + 1 WHERE id = $9 AND version = $10",
      params);
}

std::int64_t PostgisStore::eventCount(std::int64_t featureId) const
{
  return mDb->queryInt("SELECT count(*) FROM progress_event WHERE feature_id = $1",
                       {PgParam::integer(featureId)});
}

void PostgisStore::deleteFeatureRow(std::int64_t id)
{
  mDb->exec("DELETE FROM feature WHERE id = $1", {PgParam::integer(id)});
}

std::vector<Feature> PostgisStore::selectFeatures(const FeatureQuery &q) const
{
  switch (q.by) {
  case FeatureQuery::By::Id:
    return queryFeatures("WHERE id = $1", {PgParam::integer(q.id)});
  case FeatureQuery::By::Code:
    return queryFeatures("WHERE code = $1", {PgParam::text(q.key)});
  case FeatureQuery::By::Layer:
    return queryFeatures("WHERE layer_id = $1 ORDER BY id", {PgParam::text(q.key)});
  case FeatureQuery::By::LayerBox:
    break;
  }
  return queryFeatures("WHERE layer_id = $1 AND " + layerviews::geometryColumn(q.geometry) +
                           " && ST_MakeEnvelope($2, $3, $4, $5, 4326) ORDER BY id",
                       {PgParam::text(q.key), PgParam::real(q.box.minX), PgParam::real(q.box.minY),
                        PgParam::real(q.box.maxX), PgParam::real(q.box.maxY)});
}

std::size_t PostgisStore::countFeatures(const std::string &layerId) const
{
  return static_cast<std::size_t>(
      mDb->queryInt("SELECT count(*) FROM feature WHERE layer_id = $1", {PgParam::text(layerId)}));
}

std::vector<Event> PostgisStore::selectEvents(std::optional<std::int64_t> featureId) const
{
  if (!featureId) return queryEvents("ORDER BY date, id", {});
  return queryEvents("WHERE feature_id = $1 ORDER BY date, id", {PgParam::integer(*featureId)});
}

std::vector<Event> PostgisStore::mergeEvents(const std::string &actor, const std::vector<Event> &es)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner, Role::Engineer}, "record progress");
  std::vector<Event> out;
  asActor(actor, "record progress", [&] {
    for (const Event &e : es) {
      Event stored = insertEvent(actor, e, true);
      if (stored.id) out.push_back(std::move(stored));
    }
  });
  return out;
}

std::optional<EventTarget> PostgisStore::eventTarget(std::int64_t featureId)
{
  // The row lock serialises every writer of this feature until commit, so the event checks and
  // the derived progress see all committed events.
  mDb->exec("SELECT planmap_lock_feature($1)", {PgParam::integer(featureId)});
  const PgResult r = mDb->exec("SELECT f.code, f.layer_id, l.tracked, l.geometry_type, f.length_m, (SELECT "
                               "start_date FROM plan LIMIT 1) "
                               "FROM feature AS f JOIN layer AS l ON l.id = f.layer_id WHERE f.id = $1",
                               {PgParam::integer(featureId)});
  if (r.rows() == 0) return std::nullopt;
  return rows::eventTarget(featureId, PgRow{r, 0});
}

std::optional<std::int64_t> PostgisStore::eventFeature(const std::string &uuid) const
{
  const PgResult r =
      mDb->exec("SELECT feature_id FROM progress_event WHERE uuid = $1", {PgParam::text(uuid)});
  if (r.rows() == 0) return std::nullopt;
  return r.integer(0, 0);
}

void PostgisStore::insertEventRow(const std::string &, Event &e)
{
  // The database records the time, who entered the event and the feature's derived progress
  // (PgSchema.h); a merged event's time is when the server received it.
  const PgResult r = mDb->exec(
      "INSERT INTO progress_event(uuid, feature_id, kind, status, from_m, to_m, date, user_name, note, "
      "retracts) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, " +
          pgschema::isoTime("recorded_at") + ", entered_by",
      {PgParam::text(e.uuid), PgParam::integer(e.featureId), PgParam::text(eventKindName(e.kind)),
       PgParam::text(statusName(e.status)), e.fromM ? PgParam::real(*e.fromM) : PgParam::null(),
       e.toM ? PgParam::real(*e.toM) : PgParam::null(), PgParam::text(e.date), PgParam::text(e.user),
       PgParam::text(e.note), PgParam::textOrNull(e.retracts)});
  e.id = r.integer(0, 0);
  e.recordedAt = r.text(0, 1);
  e.enteredBy = r.text(0, 2);
}

bool PostgisStore::mergeAttachment(const std::string &actor, const Attachment &a)
{
  std::lock_guard lock(mMutex);
  if (mDb->exec("SELECT 1 FROM attachment WHERE uuid = $1", {PgParam::text(a.uuid)}).rows() > 0) return false;
  addAttachment(actor, a);
  return true;
}

std::vector<std::string> PostgisStore::eventUuids(const std::vector<std::int64_t> &featureIds) const
{
  std::lock_guard lock(mMutex);
  const PgResult r =
      featureIds.empty()
          ? mDb->exec("SELECT uuid FROM progress_event ORDER BY id")
          : mDb->exec("SELECT uuid FROM progress_event WHERE feature_id = ANY($1::bigint[]) ORDER BY id",
                      {PgParam::text(intArray(featureIds))});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(r.text(i, 0));
  return out;
}

std::vector<Event> PostgisStore::eventsByUuid(const std::vector<std::string> &uuids) const
{
  std::lock_guard lock(mMutex);
  if (uuids.empty()) return {};
  return queryEvents("WHERE uuid = ANY($1::text[]) ORDER BY date, id", {PgParam::text(textArray(uuids))});
}

std::vector<std::string> PostgisStore::attachmentUuids(const std::vector<std::string> &eventUuids) const
{
  std::lock_guard lock(mMutex);
  if (eventUuids.empty()) return {};
  const PgResult r = mDb->exec("SELECT uuid FROM attachment WHERE event_uuid = ANY($1::text[]) ORDER BY id",
                               {PgParam::text(textArray(eventUuids))});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(r.text(i, 0));
  return out;
}

} // namespace data
