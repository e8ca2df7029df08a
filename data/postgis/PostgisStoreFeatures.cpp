// PostgisStore: features and progress events.
#include "data/postgis/PostgisStore.h"

#include "data/store/EventRules.h"
#include "data/store/FeatureRules.h"
#include "data/postgis/PgSchema.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "gis/Error.h"
#include "gis/Geodesic.h"

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

Feature readFeature(const PgResult &r, int i)
{
  Feature f;
  f.id = r.integer(i, 0);
  f.layerId = r.text(i, 1);
  f.code = r.text(i, 2);
  f.name = r.text(i, 3);
  f.attributes = attributesFromJson(r.text(i, 4));
  f.status = statusFromName(r.text(i, 5)).value_or(Status::Planned);
  f.doneM = r.real(i, 6);
  f.lengthM = r.real(i, 7);
  f.areaM2 = r.real(i, 8);
  f.version = static_cast<int>(r.integer(i, 9));
  if (!r.isNull(i, 10)) {
    const std::string wkb = r.bytes(i, 10);
    try {
      f.geometry = loadedGeometry(
          gis::Geometry::fromWkb(reinterpret_cast<const unsigned char *>(wkb.data()), wkb.size()));
    } catch (const gis::Error &e) {
      throw StoreError(Kind::Database, featureLabel(f) + ": stored geometry is unreadable: " + e.what());
    }
  }
  return f;
}

Event readEvent(const PgResult &r, int i)
{
  Event e;
  e.id = r.integer(i, 0);
  e.uuid = r.text(i, 1);
  e.featureId = r.integer(i, 2);
  e.kind = eventKindFromName(r.text(i, 3)).value_or(EventKind::Status);
  e.status = statusFromName(r.text(i, 4)).value_or(Status::Planned);
  e.fromM = r.optionalReal(i, 5);
  e.toM = r.optionalReal(i, 6);
  e.date = r.text(i, 7);
  e.user = r.text(i, 8);
  e.note = r.text(i, 9);
  e.retracts = r.text(i, 10);
  e.recordedAt = r.text(i, 11);
  e.enteredBy = r.text(i, 12);
  return e;
}

// The stored geometry as WKB parameters for the point, line and polygon columns.
std::vector<PgParam> geometryParams(const std::string &layerGeometryType, const gis::Geometry &g)
{
  const int slot = layerGeometryType == "Point" ? 0 : layerGeometryType == "LineString" ? 1 : 2;
  std::vector<PgParam> out(3);
  if (!g.isEmpty()) out[static_cast<std::size_t>(slot)] = PgParam::bytes(g.toWkb());
  return out;
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
  const PgResult r = mDb->exec(kFeatureColumns + where, params);
  std::vector<Feature> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(readFeature(r, i));
  return out;
}

std::vector<Event> PostgisStore::queryEvents(const std::string &where,
                                             const std::vector<PgParam> &params) const
{
  const PgResult r = mDb->exec(kEventColumns + where, params);
  std::vector<Event> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(readEvent(r, i));
  return out;
}

void PostgisStore::checkCodeFree(const Feature &f) const
{
  if (f.code.empty()) return;
  const PgResult r = mDb->exec("SELECT id FROM feature WHERE code = $1 AND id <> $2",
                               {PgParam::text(f.code), PgParam::integer(f.id)});
  if (r.rows() > 0)
    throw StoreError(Kind::Invalid,
                     featureLabel(f) + ": code " + f.code + " is already used by feature " + r.text(0, 0));
}

std::int64_t PostgisStore::insertFeature(const LayerDef &layer, const Feature &in, std::int64_t keepId)
{
  Feature f = in;
  f.id = 0;
  const gis::Geometry g = storedGeometry(layer, f);
  const Attributes attrs = checkedAttributes(layer, f);
  checkCodeFree(f);
  std::vector<PgParam> params{PgParam::text(layer.id),
                              PgParam::textOrNull(f.code),
                              PgParam::text(f.name),
                              PgParam::text(attributesToJson(attrs)),
                              PgParam::real(g.dimension() == 1 ? gis::geodesicLength(g) : 0.0),
                              PgParam::real(g.dimension() == 2 ? gis::geodesicArea(g) : 0.0)};
  for (PgParam &p : geometryParams(layer.geometryType, g))
    params.push_back(std::move(p));
  params.push_back(PgParam::integer(in.version));
  const std::string columns =
      "layer_id, code, name, attrs, length_m, area_m2, geom_point, geom_line, geom_poly, version";
  const std::string values = "$1, $2, $3, $4, $5, $6, ST_GeomFromWKB($7::bytea, 4326), "
                             "ST_GeomFromWKB($8::bytea, 4326), ST_GeomFromWKB($9::bytea, 4326), $10";
  if (keepId > 0) {
    params.push_back(PgParam::integer(keepId));
    return mDb->queryInt("INSERT INTO feature(" + columns + ", id) VALUES(" + values + ", $11) RETURNING id",
                         params);
  }
  params.back() = PgParam::integer(1);
  return mDb->queryInt("INSERT INTO feature(" + columns + ") VALUES(" + values + ") RETURNING id", params);
}

std::int64_t PostgisStore::addFeature(const std::string &actor, const Feature &f)
{
  return addFeatures(actor, {f}).front();
}

std::vector<std::int64_t> PostgisStore::addFeatures(const std::string &actor, const std::vector<Feature> &fs)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "add features");
  std::map<std::string, LayerDef> layerById;
  for (LayerDef &l : layers())
    layerById.emplace(l.id, std::move(l));
  std::vector<std::int64_t> ids;
  asActor(actor, "add features", [&] {
    for (const Feature &f : fs) {
      const auto it = layerById.find(f.layerId);
      if (it == layerById.end())
        throw StoreError(Kind::NotFound,
                         featureLabel(f) + ": no layer '" + f.layerId + "' in " + displayName());
      ids.push_back(insertFeature(it->second, f, 0));
    }
  });
  return ids;
}

void PostgisStore::updateFeature(const std::string &actor, const Feature &f)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "edit features");
  asActor(actor, "edit features", [&] {
    // The row lock makes the version check and the update one step against concurrent editors.
    mDb->exec("SELECT 1 FROM feature WHERE id = $1 FOR UPDATE", {PgParam::integer(f.id)});
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
    std::vector<PgParam> params{PgParam::textOrNull(f.code), PgParam::text(f.name),
                                PgParam::text(attributesToJson(attrs)),
                                PgParam::real(g.dimension() == 1 ? gis::geodesicLength(g) : 0.0),
                                PgParam::real(g.dimension() == 2 ? gis::geodesicArea(g) : 0.0)};
    for (PgParam &p : geometryParams(layer.geometryType, g))
      params.push_back(std::move(p));
    params.push_back(PgParam::integer(f.id));
    params.push_back(PgParam::integer(f.version));
    mDb->exec(
        "UPDATE feature SET code = $1, name = $2, attrs = $3, length_m = $4, area_m2 = $5, "
        "geom_point = ST_GeomFromWKB($6::bytea, 4326), geom_line = ST_GeomFromWKB($7::bytea, 4326), "
        "geom_poly = ST_GeomFromWKB($8::bytea, 4326), version = version + 1 WHERE id = $9 AND version = $10",
        params);
    // A new length re-derives the done chainage: the database does it (PgSchema.h).
  });
}

void PostgisStore::deleteFeature(const std::string &actor, std::int64_t id)
{
  std::lock_guard lock(mMutex);
  requireRole(actor, {Role::Planner}, "delete features");
  asActor(actor, "delete features", [&] {
    const std::optional<Feature> stored = feature(id);
    if (!stored) throw StoreError(Kind::NotFound, "no feature " + std::to_string(id) + " to delete");
    const std::int64_t n =
        mDb->queryInt("SELECT count(*) FROM progress_event WHERE feature_id = $1", {PgParam::integer(id)});
    if (n > 0)
      throw StoreError(Kind::Invalid,
                       featureLabel(*stored) + " has " + std::to_string(n) +
                           " progress events and cannot be deleted: recorded progress is kept");
    mDb->exec("DELETE FROM feature WHERE id = $1", {PgParam::integer(id)});
  });
}

std::optional<Feature> PostgisStore::feature(std::int64_t id) const
{
  std::lock_guard lock(mMutex);
  std::vector<Feature> fs = queryFeatures("WHERE id = $1", {PgParam::integer(id)});
  if (fs.empty()) return std::nullopt;
  return std::move(fs.front());
}

std::optional<Feature> PostgisStore::featureByCode(const std::string &code) const
{
  std::lock_guard lock(mMutex);
  if (code.empty()) return std::nullopt;
  std::vector<Feature> fs = queryFeatures("WHERE code = $1", {PgParam::text(code)});
  if (fs.empty()) return std::nullopt;
  return std::move(fs.front());
}

std::vector<Feature> PostgisStore::features(const std::string &layerId, const gis::Envelope *bbox) const
{
  std::lock_guard lock(mMutex);
  const LayerDef layer = requireLayer(layerId);
  if (!bbox) return queryFeatures("WHERE layer_id = $1 ORDER BY id", {PgParam::text(layerId)});
  if (bbox->isNull()) return {};
  const std::string column = layer.geometryType == "Point"        ? "geom_point"
                             : layer.geometryType == "LineString" ? "geom_line"
                                                                  : "geom_poly";
  std::vector<Feature> candidates = queryFeatures(
      "WHERE layer_id = $1 AND " + column + " && ST_MakeEnvelope($2, $3, $4, $5, 4326) ORDER BY id",
      {PgParam::text(layerId), PgParam::real(bbox->minX), PgParam::real(bbox->minY),
       PgParam::real(bbox->maxX), PgParam::real(bbox->maxY)});
  // The index compares single-precision boxes; keep only exact envelope hits, as SpatiaLite does.
  std::vector<Feature> out;
  for (Feature &f : candidates)
    if (f.geometry.envelope().intersects(*bbox)) out.push_back(std::move(f));
  return out;
}

std::size_t PostgisStore::featureCount(const std::string &layerId) const
{
  std::lock_guard lock(mMutex);
  requireLayer(layerId);
  return static_cast<std::size_t>(
      mDb->queryInt("SELECT count(*) FROM feature WHERE layer_id = $1", {PgParam::text(layerId)}));
}

// ---- progress events

std::vector<Event> PostgisStore::events(std::int64_t featureId) const
{
  std::lock_guard lock(mMutex);
  return queryEvents("WHERE feature_id = $1 ORDER BY date, id", {PgParam::integer(featureId)});
}

std::vector<Event> PostgisStore::allEvents() const
{
  std::lock_guard lock(mMutex);
  return queryEvents("ORDER BY date, id", {});
}

Event PostgisStore::appendEvent(const std::string &actor, const Event &e)
{
  return appendEvents(actor, {e}).front();
}

std::vector<Event> PostgisStore::appendEvents(const std::string &actor, const std::vector<Event> &es)
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

Event PostgisStore::insertEvent(const std::string &actor, const Event &in, bool merge)
{
  // The row lock serialises every writer of this feature until commit, so the checks below and the
  // derived progress see all committed events.
  mDb->exec("SELECT planmap_lock_feature($1)", {PgParam::integer(in.featureId)});
  const PgResult fr = mDb->exec("SELECT f.code, f.layer_id, l.tracked, l.geometry_type, f.length_m, (SELECT "
                                "start_date FROM plan LIMIT 1) "
                                "FROM feature AS f JOIN layer AS l ON l.id = f.layer_id WHERE f.id = $1",
                                {PgParam::integer(in.featureId)});
  if (fr.rows() == 0)
    throw StoreError(Kind::NotFound, "no feature " + std::to_string(in.featureId) + " to record progress on");
  Feature label;
  label.id = in.featureId;
  label.code = fr.text(0, 0);
  const EventTarget target{featureLabel(label),           fr.text(0, 1), fr.integer(0, 2) != 0,
                           fr.text(0, 3) == "LineString", fr.real(0, 4), fr.text(0, 5)};

  Event e = in;
  e.user = e.user.empty() ? actor : e.user;
  if (!user(e.user))
    throw StoreError(Kind::UnknownUser, target.label + ": event names unknown user '" + e.user + "'");
  if (e.kind == EventKind::Retraction && !e.retracts.empty()) {
    const PgResult owner =
        mDb->exec("SELECT feature_id FROM progress_event WHERE uuid = $1", {PgParam::text(e.retracts)});
    if (owner.rows() > 0 && owner.integer(0, 0) != e.featureId)
      throw StoreError(Kind::Invalid, target.label + ": event " + e.retracts + " belongs to feature " +
                                          owner.text(0, 0) + " and cannot be retracted here");
  }
  if (!e.uuid.empty() &&
      mDb->exec("SELECT 1 FROM progress_event WHERE uuid = $1", {PgParam::text(e.uuid)}).rows()) {
    if (merge) return Event{}; // already merged by an earlier (perhaps interrupted) sync
    throw StoreError(Kind::Invalid, target.label + ": event " + e.uuid + " is already recorded");
  }
  const std::vector<Event> existing = events(e.featureId);
  // A merged event was valid where it was recorded; only order-independent checks apply here.
  const bool needsHistory = !merge || e.kind == EventKind::Retraction;
  e = checkEvent(e, target, needsHistory ? existing : std::vector<Event>{});
  e.uuid = e.uuid.empty() ? serverUuid() : e.uuid;
  storeEvent(e);
  return e;
}

void PostgisStore::storeEvent(Event &e)
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
