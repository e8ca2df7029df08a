#include "data/spatialite/SpatiaLiteStore.h"

#include "data/postgis/PostgisStore.h"
#include "data/spatialite/LayerViews.h"
#include "data/spatialite/Schema.h"
#include "data/store/RowDecode.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;

namespace data {

using Kind = StoreError::Kind;

std::unique_ptr<Store> openProject(const std::string &path)
{
  // A connection string names a PostGIS server project, anything else a file.
  if (isConnectionString(path)) return PostgisStore::open(path);
  return SpatiaLiteStore::open(path);
}

std::unique_ptr<Store> createProject(const std::string &path)
{
  return SpatiaLiteStore::create(path);
}

SpatiaLiteStore::SpatiaLiteStore(std::unique_ptr<Database> db, std::string readOnly)
    : mDb(std::move(db))
    , mReadOnly(std::move(readOnly))
{
}

namespace {

// Why this process cannot write the project: the file (its mode, an immutable flag, a read-only
// file system) or its folder, where SQLite must create the -wal and -shm. "" when it can.
std::string unwritableReason(const std::string &path)
{
  if (::access(path.c_str(), W_OK) != 0) return "read-only file";
  const fs::path parent = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  if (::access(parent.c_str(), W_OK) != 0) return "read-only folder " + parent.string();
  return {};
}

} // namespace

void SpatiaLiteStore::configureConnection()
{
  // WAL with synchronous=NORMAL: a committed transaction survives the process being killed.
  // A write-protected file (a copy handed to a leader) is read as it is.
  if (sqlite3_db_readonly(mDb->handle(), "main") != 1) mDb->exec("PRAGMA journal_mode = WAL");
  mDb->exec("PRAGMA synchronous = NORMAL");
  mDb->exec("PRAGMA foreign_keys = ON");
}

std::unique_ptr<SpatiaLiteStore> SpatiaLiteStore::open(const std::string &path)
{
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw StoreError(Kind::NotAProject, path + ": not a PlanMap project (no such file)");
  if (!fs::is_regular_file(path, ec))
    throw StoreError(Kind::NotAProject, path + ": not a PlanMap project (not a regular file)");
  // A project that cannot be written is opened for reading only. With no -wal beside it nobody is
  // writing it (a writer has one), so it is opened immutable: SQLite then needs no -wal or -shm,
  // which it could not create in a read-only folder and would leave behind beside a read-only file.
  std::string readOnly = unwritableReason(path);
  auto db = readOnly.empty()
                ? std::make_unique<Database>(path, SQLITE_OPEN_READWRITE)
                : std::make_unique<Database>(path, SQLITE_OPEN_READONLY, !fs::exists(path + "-wal", ec));
  // Everything up to here only reads, so a file that is not ours is left untouched.
  const int version = schema::projectVersion(*db);
  if (version > schema::kCurrentVersion)
    throw StoreError(Kind::Schema, path + ": schema version " + std::to_string(version) +
                                       " is newer than this PlanMap supports (" +
                                       std::to_string(schema::kCurrentVersion) + "); update PlanMap");
  std::unique_ptr<SpatiaLiteStore> store(new SpatiaLiteStore(std::move(db), std::move(readOnly)));
  store->configureConnection();
  if (version < schema::kCurrentVersion) {
    SpatiaLiteStore *s = store.get();
    s->transaction([s, version] { schema::upgrade(*s->mDb, version, [s] { s->refreshAllProgress(); }); });
  }
  return store;
}

std::unique_ptr<SpatiaLiteStore> SpatiaLiteStore::create(const std::string &path)
{
  std::error_code ec;
  if (fs::exists(path, ec))
    throw StoreError(Kind::Invalid, path + ": file exists; a new project needs a new file name");
  try {
    std::unique_ptr<SpatiaLiteStore> store(
        new SpatiaLiteStore(std::make_unique<Database>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)));
    store->configureConnection();
    SpatiaLiteStore *s = store.get();
    s->transaction([s] {
      schema::createVersion1(*s->mDb);
      schema::upgrade(*s->mDb, 1, [s] { s->refreshAllProgress(); });
      Statement st = s->mDb->prepare("INSERT INTO meta(key, value) VALUES('created', ?)");
      st.bindText(1, nowIso()).run();
    });
    return store;
  } catch (...) {
    for (const char *suffix : {"", "-wal", "-shm"})
      fs::remove(path + suffix, ec);
    throw;
  }
}

void SpatiaLiteStore::runTransactionSql(const std::string &sql, bool quietly)
{
  if (quietly)
    sqlite3_exec(mDb->handle(), sql.c_str(), nullptr, nullptr, nullptr);
  else
    mDb->exec(sql);
}

void SpatiaLiteStore::checkpointIfWritten()
{
  std::unique_lock lock(mMutex, std::try_to_lock);
  if (!lock.owns_lock() || inTransaction() || !mReadOnly.empty()) return;
  const std::int64_t written = sqlite3_total_changes64(mDb->handle());
  if (written == mCheckpointed) return;
  int logFrames = 0, copied = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(mDb->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied);
  if (rc == SQLITE_OK && copied >= logFrames) mCheckpointed = written;
}

// ---- metadata, users, layers

std::string SpatiaLiteStore::meta(const std::string &key) const
{
  std::lock_guard lock(mMutex);
  Statement st = mDb->prepare("SELECT value FROM meta WHERE key = ?");
  st.bindText(1, key);
  return st.step() ? st.text(0) : std::string();
}

void SpatiaLiteStore::writeMeta(const std::string &key, const std::string &value)
{
  Statement st = mDb->prepare("INSERT INTO meta(key, value) VALUES(?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.bindText(1, key).bindText(2, value).run();
}

int SpatiaLiteStore::schemaVersion() const
{
  std::lock_guard lock(mMutex);
  return schema::projectVersion(*mDb);
}

std::vector<User> SpatiaLiteStore::users() const
{
  std::lock_guard lock(mMutex);
  Statement st = mDb->prepare("SELECT name, role, display_name FROM app_user ORDER BY name");
  return decodeRows(st, rows::user<Statement>);
}

std::optional<User> SpatiaLiteStore::user(const std::string &name) const
{
  std::lock_guard lock(mMutex);
  auto st = mDb->cached("SELECT name, role, display_name FROM app_user WHERE name = ?");
  st->bindText(1, name);
  if (!st->step()) return std::nullopt;
  return rows::user(*st);
}

bool SpatiaLiteStore::hasUsers() const
{
  return mDb->queryInt("SELECT count(*) FROM app_user") > 0;
}

void SpatiaLiteStore::insertUser(const User &u)
{
  Statement st = mDb->prepare("INSERT INTO app_user(name, role, display_name) VALUES(?, ?, ?)");
  st.bindText(1, u.name).bindText(2, roleName(u.role)).bindText(3, u.displayName).run();
}

std::vector<LayerDef> SpatiaLiteStore::layers() const
{
  std::lock_guard lock(mMutex);
  return layerviews::readLayers(*mDb);
}

void SpatiaLiteStore::insertLayer(const LayerDef &l)
{
  Statement st = mDb->prepare("INSERT INTO layer(id, name_zh, name_en, geometry_type, tracked, sort_order, "
                              "fields_json) VALUES(?, ?, ?, ?, ?, ?, ?)");
  st.bindText(1, l.id).bindText(2, l.nameZh).bindText(3, l.nameEn).bindText(4, l.geometryType);
  st.bindInt(5, l.tracked ? 1 : 0).bindInt(6, l.sortOrder).bindText(7, fieldsToJson(l.fields)).run();
  layerviews::createView(*mDb, l);
}

// ---- plan and targets

void SpatiaLiteStore::writePlan(const PlanRecord &p, const std::vector<TargetRecord> &targets)
{
  mDb->exec("DELETE FROM target; DELETE FROM plan");
  Statement st =
      mDb->prepare("INSERT INTO plan(id, title_zh, title_en, doc_number, start_date, deadline, json) "
                   "VALUES(?, ?, ?, ?, ?, ?, ?)");
  st.bindText(1, p.id).bindText(2, p.titleZh).bindText(3, p.titleEn).bindText(4, p.docNumber);
  st.bindText(5, p.startDate).bindText(6, p.deadline).bindText(7, p.json).run();
  Statement ins =
      mDb->prepare("INSERT INTO target(id, plan_id, grp, name_zh, name_en, kind, goal, comparator, "
                   "unit, layer_id, rule_json, sort_order) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const TargetRecord &t = targets[i];
    ins.reset();
    ins.bindText(1, t.id).bindText(2, p.id).bindText(3, t.group).bindText(4, t.nameZh).bindText(5, t.nameEn);
    ins.bindText(6, t.kind).bindReal(7, t.goal).bindText(8, t.comparator).bindText(9, t.unit);
    ins.bindText(10, t.layerId).bindText(11, t.ruleJson.empty() ? "{}" : t.ruleJson);
    ins.bindInt(12, static_cast<std::int64_t>(i)).run();
  }
}

std::optional<PlanRecord> SpatiaLiteStore::plan() const
{
  std::lock_guard lock(mMutex);
  Statement st =
      mDb->prepare("SELECT id, title_zh, title_en, doc_number, start_date, deadline, json FROM plan LIMIT 1");
  if (!st.step()) return std::nullopt;
  return rows::plan(st);
}

std::vector<TargetRecord> SpatiaLiteStore::targets() const
{
  std::lock_guard lock(mMutex);
  Statement st =
      mDb->prepare("SELECT id, grp, name_zh, name_en, kind, goal, comparator, unit, layer_id, rule_json "
                   "FROM target ORDER BY sort_order, id");
  return decodeRows(st, rows::target<Statement>);
}

// ---- measurements

std::optional<std::pair<std::string, std::string>>
SpatiaLiteStore::targetUnit(const std::string &targetId) const
{
  Statement target =
      mDb->prepare("SELECT unit, (SELECT start_date FROM plan LIMIT 1) FROM target WHERE id = ?");
  target.bindText(1, targetId);
  if (!target.step()) return std::nullopt;
  return std::pair{target.text(0), target.text(1)};
}

void SpatiaLiteStore::insertMeasurementRow(const std::string &actor, Measurement &m)
{
  m.user = actor;
  m.recordedAt = nowIso();
  Statement st = mDb->prepare("INSERT INTO measurement(uuid, target_id, value, date, user_name, note, "
                              "recorded_at) VALUES(?, ?, ?, ?, ?, ?, ?)");
  st.bindText(1, m.uuid).bindText(2, m.targetId).bindReal(3, m.value).bindText(4, m.date);
  st.bindText(5, m.user).bindText(6, m.note).bindText(7, m.recordedAt).run();
  m.id = mDb->lastInsertId();
}

std::vector<Measurement> SpatiaLiteStore::measurements(const std::string &targetId) const
{
  std::lock_guard lock(mMutex);
  Statement st =
      mDb->prepare("SELECT id, uuid, target_id, value, date, user_name, note, recorded_at FROM measurement "
                   "WHERE ?1 = '' OR target_id = ?1 ORDER BY date, id");
  st.bindText(1, targetId);
  return decodeRows(st, rows::measurement<Statement>);
}

// ---- attachments

bool SpatiaLiteStore::eventExists(const std::string &uuid) const
{
  auto st = mDb->cached("SELECT 1 FROM progress_event WHERE uuid = ?");
  st->bindText(1, uuid);
  return st->step();
}

void SpatiaLiteStore::storeAttachmentAsIs(const Attachment &a)
{
  std::lock_guard lock(mMutex);
  Statement st = mDb->prepare("INSERT INTO attachment(uuid, event_uuid, file_name, mime, data, thumbnail, "
                              "taken_at, recorded_at, position) VALUES(?, ?, ?, ?, ?, ?, ?, ?, "
                              "MakePoint(?, ?, 4326))");
  st.bindText(1, a.uuid).bindText(2, a.eventUuid).bindText(3, a.fileName).bindText(4, a.mime);
  st.bindBlob(5, a.data);
  if (a.thumbnail.empty())
    st.bindNull(6);
  else
    st.bindBlob(6, a.thumbnail);
  st.bindText(7, a.takenAt).bindText(8, nowIso());
  if (a.position)
    st.bindReal(9, a.position->x).bindReal(10, a.position->y);
  else
    st.bindNull(9).bindNull(10);
  st.run();
}

void SpatiaLiteStore::insertAttachmentRow(Attachment &a)
{
  storeAttachmentAsIs(a);
  a.id = mDb->lastInsertId();
}

std::vector<Attachment> SpatiaLiteStore::attachments(const std::string &eventUuid) const
{
  std::lock_guard lock(mMutex);
  Statement st = mDb->prepare("SELECT id, uuid, event_uuid, file_name, mime, data, thumbnail, X(position), "
                              "Y(position), taken_at FROM attachment WHERE event_uuid = ? ORDER BY id");
  st.bindText(1, eventUuid);
  return decodeRows(st, rows::attachment<Statement>);
}

std::vector<std::string> SpatiaLiteStore::appendOnlyGaps() const
{
  std::lock_guard lock(mMutex);
  std::vector<std::string> out;
  for (const char *table : {"progress_event", "measurement"})
    for (const char *op : {"UPDATE", "DELETE"}) {
      Statement st =
          mDb->prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                       "AND upper(sql) LIKE ? AND upper(sql) LIKE '%RAISE(ABORT%'");
      st.bindText(1, table).bindText(2, std::string("%BEFORE ") + op + " ON%").step();
      if (st.integer(0) == 0)
        out.push_back(std::string(table) + " is not append-only: no trigger refuses " + op + " of its rows");
    }
  return out;
}

} // namespace data
