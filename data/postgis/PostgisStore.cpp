#include "data/postgis/PostgisStore.h"

#include "data/postgis/PgSchema.h"
#include "data/spatialite/Schema.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/RowDecode.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cmath>

namespace data {

using Kind = StoreError::Kind;

PostgisStore::PostgisStore(std::unique_ptr<PgConnection> db)
    : mDb(std::move(db))
{
}

std::unique_ptr<PostgisStore> PostgisStore::open(const std::string &conninfo)
{
  auto db = std::make_unique<PgConnection>(conninfo);
  if (!pgschema::isProject(*db))
    throw StoreError(Kind::NotAProject, db->displayName() +
                                            ": not a PlanMap project (the database has no PlanMap schema; "
                                            "create it with planmap-cli server init)");
  std::unique_ptr<PostgisStore> store(new PostgisStore(std::move(db)));
  const int version = store->schemaVersion();
  if (version > schema::kCurrentVersion || version < 2)
    throw StoreError(Kind::Schema,
                     store->displayName() + ": schema version " + std::to_string(version) +
                         (version > schema::kCurrentVersion ? " is newer than this PlanMap supports ("
                                                            : " is not the server schema (") +
                         std::to_string(schema::kCurrentVersion) + ")");
  if (version < schema::kCurrentVersion) store->upgradeSchema(version);
  return store;
}

void PostgisStore::upgradeSchema(int from)
{
  const std::string versions = "schema version " + std::to_string(from) + " is older than this PlanMap's (" +
                               std::to_string(schema::kCurrentVersion) + ")";
  if (!pgschema::ownsSchema(*mDb))
    throw StoreError(Kind::Schema, displayName() + ": " + versions +
                                       ": the database owner upgrades it by opening the project once");
  try {
    transaction([&] {
      // One upgrade at a time: another owner's client may be upgrading it now.
      mDb->execScript("LOCK TABLE meta IN EXCLUSIVE MODE");
      const int now = schemaVersion();
      if (now < schema::kCurrentVersion) pgschema::upgrade(*mDb, now);
    });
  } catch (const PgError &e) {
    throw StoreError(Kind::Schema,
                     displayName() + ": " + versions + " and was not upgraded: " + e.serverMessage());
  }
}

std::unique_ptr<PostgisStore> PostgisStore::create(const std::string &conninfo, const Store *uploadFrom)
{
  auto db = std::make_unique<PgConnection>(conninfo);
  if (!db->queryText("SELECT to_regclass('public.meta')::text").empty())
    throw StoreError(Kind::Invalid, db->displayName() + ": the database already holds a PlanMap project");
  if (db->queryText("SELECT extname FROM pg_extension WHERE extname = 'postgis'").empty()) {
    try {
      db->exec("CREATE EXTENSION postgis");
    } catch (const PgError &e) {
      throw StoreError(Kind::Schema, db->displayName() +
                                         ": PostGIS is not available in this database: " + e.serverMessage());
    }
  }
  std::unique_ptr<PostgisStore> store(new PostgisStore(std::move(db)));
  PostgisStore *s = store.get();
  s->transaction([s, uploadFrom] {
    pgschema::create(*s->mDb);
    s->mDb->exec("INSERT INTO meta(key, value) VALUES('created', $1)", {PgParam::text(nowIso())});
    if (uploadFrom) s->upload(*uploadFrom);
  });
  return store;
}

void PostgisStore::runTransactionSql(const std::string &sql, bool quietly)
{
  if (quietly)
    PQclear(PQexec(mDb->handle(), sql.c_str()));
  else
    mDb->execScript(sql);
}

void PostgisStore::asActor(const std::string &actor, const std::string &what, const std::function<void()> &fn)
{
  // Named before the write: after a refusal the transaction accepts no more queries.
  const std::optional<User> u = user(actor);
  const std::string who = u ? actor + " (" + roleName(u->role) + ")" : actor;
  transaction([&] {
    try {
      mDb->exec("SELECT set_config('role', $1, true)", {PgParam::text(actor)});
      fn();
      mDb->exec("SELECT set_config('role', 'none', true)");
    } catch (const PgError &e) {
      if (!e.isPermissionDenied()) throw;
      throw StoreError(Kind::Permission,
                       who + " may not " + what + ": the database refused it (" + e.serverMessage() + ")");
    }
  });
}

std::string PostgisStore::makeUuid() const
{
  return mDb->queryText("SELECT gen_random_uuid()::text");
}

// ---- metadata, users, layers

std::string PostgisStore::meta(const std::string &key) const
{
  std::lock_guard lock(mMutex);
  return mDb->queryText("SELECT value FROM meta WHERE key = $1", {PgParam::text(key)});
}

void PostgisStore::writeMeta(const std::string &key, const std::string &value)
{
  mDb->exec(
      "INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      {PgParam::text(key), PgParam::text(value)});
}

int PostgisStore::schemaVersion() const
{
  std::lock_guard lock(mMutex);
  const std::string v = mDb->queryText("SELECT value FROM meta WHERE key = 'schema_version'");
  try {
    return std::stoi(v);
  } catch (const std::exception &) {
    throw StoreError(Kind::NotAProject,
                     mDb->displayName() + ": not a PlanMap project (bad schema version '" + v + "')");
  }
}

std::vector<User> PostgisStore::users() const
{
  std::lock_guard lock(mMutex);
  return decodeRows(mDb->exec("SELECT name, role, display_name FROM app_user ORDER BY name"),
                    rows::user<PgRow>);
}

std::optional<User> PostgisStore::user(const std::string &name) const
{
  std::lock_guard lock(mMutex);
  const PgResult r =
      mDb->exec("SELECT name, role, display_name FROM app_user WHERE name = $1", {PgParam::text(name)});
  if (r.rows() == 0) return std::nullopt;
  return rows::user(PgRow{r, 0});
}

bool PostgisStore::hasUsers() const
{
  return mDb->queryInt("SELECT count(*) FROM app_user") > 0;
}

void PostgisStore::insertUser(const User &u)
{
  mDb->exec("SELECT planmap_add_user($1, $2, $3)",
            {PgParam::text(u.name), PgParam::text(roleName(u.role)), PgParam::text(u.displayName)});
}

std::vector<LayerDef> PostgisStore::layers() const
{
  std::lock_guard lock(mMutex);
  return decodeRows(mDb->exec("SELECT id, name_zh, name_en, geometry_type, tracked, sort_order, fields_json "
                              "FROM layer ORDER BY sort_order, id"),
                    rows::layer<PgRow>);
}

bool PostgisStore::tableExists(const std::string &name) const
{
  return !mDb->queryText("SELECT to_regclass($1)::text", {PgParam::text("public." + pgIdent(name))}).empty();
}

void PostgisStore::insertLayer(const LayerDef &l)
{
  // The trigger on `layer` creates the view (PgSchema.cpp).
  mDb->exec("INSERT INTO layer(id, name_zh, name_en, geometry_type, tracked, sort_order, fields_json) "
            "VALUES($1, $2, $3, $4, $5, $6, $7)",
            {PgParam::text(l.id), PgParam::text(l.nameZh), PgParam::text(l.nameEn),
             PgParam::text(l.geometryType), PgParam::integer(l.tracked ? 1 : 0),
             PgParam::integer(l.sortOrder), PgParam::text(fieldsToJson(l.fields))});
}

// ---- plan and targets

void PostgisStore::writePlan(const PlanRecord &p, const std::vector<TargetRecord> &targets)
{
  mDb->execScript("DELETE FROM target; DELETE FROM plan");
  mDb->exec("INSERT INTO plan(id, title_zh, title_en, doc_number, start_date, deadline, json) "
            "VALUES($1, $2, $3, $4, $5, $6, $7)",
            {PgParam::text(p.id), PgParam::text(p.titleZh), PgParam::text(p.titleEn),
             PgParam::text(p.docNumber), PgParam::text(p.startDate), PgParam::text(p.deadline),
             PgParam::text(p.json)});
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const TargetRecord &t = targets[i];
    mDb->exec(
        "INSERT INTO target(id, plan_id, grp, name_zh, name_en, kind, goal, comparator, unit, layer_id, "
        "rule_json, sort_order) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {PgParam::text(t.id), PgParam::text(p.id), PgParam::text(t.group), PgParam::text(t.nameZh),
         PgParam::text(t.nameEn), PgParam::text(t.kind), PgParam::real(t.goal), PgParam::text(t.comparator),
         PgParam::text(t.unit), PgParam::text(t.layerId),
         PgParam::text(t.ruleJson.empty() ? "{}" : t.ruleJson),
         PgParam::integer(static_cast<std::int64_t>(i))});
  }
}

std::optional<PlanRecord> PostgisStore::plan() const
{
  std::lock_guard lock(mMutex);
  const PgResult r =
      mDb->exec("SELECT id, title_zh, title_en, doc_number, start_date, deadline, json FROM plan LIMIT 1");
  if (r.rows() == 0) return std::nullopt;
  return rows::plan(PgRow{r, 0});
}

std::vector<TargetRecord> PostgisStore::targets() const
{
  std::lock_guard lock(mMutex);
  return decodeRows(mDb->exec("SELECT id, grp, name_zh, name_en, kind, goal, comparator, unit, layer_id, "
                              "rule_json FROM target ORDER BY sort_order, id"),
                    rows::target<PgRow>);
}

// ---- measurements

std::optional<std::pair<std::string, std::string>> PostgisStore::targetUnit(const std::string &targetId) const
{
  const PgResult target =
      mDb->exec("SELECT unit, (SELECT start_date FROM plan LIMIT 1) FROM target WHERE id = $1",
                {PgParam::text(targetId)});
  if (target.rows() == 0) return std::nullopt;
  return std::pair{target.text(0, 0), target.text(0, 1)};
}

void PostgisStore::insertMeasurementRow(const std::string &, Measurement &m)
{
  // The database names the author and the time (PgSchema.h).
  const PgResult r = mDb->exec("INSERT INTO measurement(uuid, target_id, value, date, note) "
                               "VALUES($1, $2, $3, $4, $5) RETURNING id, user_name, " +
                                   pgschema::isoTime("recorded_at"),
                               {PgParam::text(m.uuid), PgParam::text(m.targetId), PgParam::real(m.value),
                                PgParam::text(m.date), PgParam::text(m.note)});
  m.id = r.integer(0, 0);
  m.user = r.text(0, 1);
  m.recordedAt = r.text(0, 2);
}

std::vector<Measurement> PostgisStore::measurements(const std::string &targetId) const
{
  std::lock_guard lock(mMutex);
  return decodeRows(mDb->exec("SELECT id, uuid, target_id, value, " + pgschema::isoDate("date") +
                                  ", user_name, note, " + pgschema::isoTime("recorded_at") +
                                  " FROM measurement WHERE $1 = '' OR target_id = $1 ORDER BY date, id",
                              {PgParam::text(targetId)}),
                    rows::measurement<PgRow>);
}

// ---- attachments

bool PostgisStore::eventExists(const std::string &uuid) const
{
  return mDb->exec("SELECT 1 FROM progress_event WHERE uuid = $1", {PgParam::text(uuid)}).rows() > 0;
}

void PostgisStore::insertAttachmentRow(Attachment &a)
{
  a.id = mDb->queryInt(
      "INSERT INTO attachment(uuid, event_uuid, file_name, mime, data, thumbnail, taken_at, position) "
      "VALUES($1, $2, $3, $4, $5::bytea, $6::bytea, $7, "
      "ST_SetSRID(ST_MakePoint($8::float8, $9::float8), 4326)) RETURNING id",
      {PgParam::text(a.uuid), PgParam::text(a.eventUuid), PgParam::text(a.fileName), PgParam::text(a.mime),
       PgParam::bytes(a.data), a.thumbnail.empty() ? PgParam::null() : PgParam::bytes(a.thumbnail),
       PgParam::text(a.takenAt), a.position ? PgParam::real(a.position->x) : PgParam::null(),
       a.position ? PgParam::real(a.position->y) : PgParam::null()});
}

std::vector<Attachment> PostgisStore::attachments(const std::string &eventUuid) const
{
  std::lock_guard lock(mMutex);
  return decodeRows(
      mDb->exec("SELECT id, uuid, event_uuid, file_name, mime, data, thumbnail, ST_X(position), "
                "ST_Y(position), taken_at FROM attachment WHERE event_uuid = $1 ORDER BY id",
                {PgParam::text(eventUuid)}),
      rows::attachment<PgRow>);
}

std::vector<std::string> PostgisStore::appendOnlyGaps() const
{
  std::lock_guard lock(mMutex);
  std::vector<std::string> out;
  // An enabled BEFORE trigger (tgtype bit 2) firing on UPDATE (bit 16) or DELETE (bit 8).
  for (const char *table : {"progress_event", "measurement"})
    for (const auto &[op, bit] : {std::pair<const char *, int>{"UPDATE", 16}, {"DELETE", 8}})
      if (mDb->queryInt(
              "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass($1) AND tgenabled <> 'D' "
              "AND (tgtype & 2) <> 0 AND (tgtype & $2::int) <> 0",
              {PgParam::text(table), PgParam::integer(bit)}) == 0)
        out.push_back(std::string(table) + " is not append-only: no trigger refuses " + op + " of its rows");
  return out;
}

} // namespace data
