#include "data/spatialite/Sqlite.h"

#include "data/store/StoreError.h"

// sqlite3.h first: spatialite.h uses its types.
#include <sqlite3.h>

#include <spatialite.h>

#include <utility>

namespace data {

std::string sqlSummary(const std::string &sql)
{
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  constexpr std::size_t kMax = 90;
  if (out.size() > kMax) out = out.substr(0, kMax) + "...";
  return out;
}

Statement::Statement(sqlite3 *db, const std::string &sql)
    : mDb(db)
    , mSql(sql)
{
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &mStmt, nullptr);
  if (rc != SQLITE_OK) fail(rc);
}

Statement::~Statement()
{
  sqlite3_finalize(mStmt);
}

Statement::Statement(Statement &&other) noexcept
    : mDb(other.mDb)
    , mStmt(std::exchange(other.mStmt, nullptr))
    , mSql(std::move(other.mSql))
{
}

namespace {

// A write SQLite could not make because of the file, not the data: said as the user knows it,
// naming the file. The transaction it was in is rolled back, so nothing was written.
[[noreturn]] void failUnwritable(sqlite3 *db, int rc)
{
  const char *file = db ? sqlite3_db_filename(db, "main") : nullptr;
  const std::string name = file && *file ? file : "the project";
  if ((rc & 0xff) == SQLITE_FULL)
    throw StoreError(StoreError::Kind::Unwritable, name + ": disk full, nothing written");
  throw StoreError(StoreError::Kind::Unwritable, name + ": read-only file, nothing written");
}

bool isUnwritable(int rc)
{
  return (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_READONLY;
}

// "file:" URI of a path, for URI parameters: everything but plain characters percent-encoded.
std::string fileUri(const std::string &path)
{
  static const char *hex = "0123456789ABCDEF";
  std::string out = "file:";
  for (const unsigned char c : path) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '/' || c == '.' || c == '_' || c == '-' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A file nobody changes while it is open: no locks, no -wal or -shm.
std::string immutableUri(const std::string &path)
{
  return fileUri(path) + "?immutable=1";
}

} // namespace

void Statement::fail(int rc) const
{
  if (isUnwritable(rc)) failUnwritable(mDb, rc);
  const char *msg = mDb ? sqlite3_errmsg(mDb) : sqlite3_errstr(rc);
  throw StoreError(StoreError::Kind::Database,
                   std::string("database error: ") + msg + " (in: " + sqlSummary(mSql) + ")");
}

Statement &Statement::bindInt(int i, std::int64_t v)
{
  if (const int rc = sqlite3_bind_int64(mStmt, i, v); rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement &Statement::bindReal(int i, double v)
{
  if (const int rc = sqlite3_bind_double(mStmt, i, v); rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement &Statement::bindText(int i, const std::string &v)
{
  const int rc = sqlite3_bind_text(mStmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement &Statement::bindBlob(int i, const std::string &bytes)
{
  const int rc = sqlite3_bind_blob(mStmt, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement &Statement::bindNull(int i)
{
  if (const int rc = sqlite3_bind_null(mStmt, i); rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement &Statement::bindTextOrNull(int i, const std::string &v)
{
  return v.empty() ? bindNull(i) : bindText(i, v);
}

bool Statement::step()
{
  const int rc = sqlite3_step(mStmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc);
}

void Statement::run()
{
  while (step()) {
  }
}

void Statement::reset()
{
  sqlite3_reset(mStmt);
  sqlite3_clear_bindings(mStmt);
}

bool Statement::isNull(int col) const
{
  return sqlite3_column_type(mStmt, col) == SQLITE_NULL;
}

std::int64_t Statement::integer(int col) const
{
  return sqlite3_column_int64(mStmt, col);
}

double Statement::real(int col) const
{
  return sqlite3_column_double(mStmt, col);
}

std::string Statement::text(int col) const
{
  const auto *p = sqlite3_column_text(mStmt, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char *>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(mStmt, col)));
}

std::string Statement::blob(int col) const
{
  const void *p = sqlite3_column_blob(mStmt, col);
  if (!p) return {};
  return std::string(static_cast<const char *>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(mStmt, col)));
}

Database::Database(const std::string &path, int flags, bool immutable)
    : mPath(path)
    , mImmutable(immutable)
{
  const std::string name = immutable ? immutableUri(path) : path;
  if (immutable)
    flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
  const int rc = sqlite3_open_v2(name.c_str(), &mDb, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = mDb ? sqlite3_errmsg(mDb) : sqlite3_errstr(rc);
    sqlite3_close(mDb);
    throw StoreError(StoreError::Kind::Database, path + ": cannot open: " + msg);
  }
  sqlite3_extended_result_codes(mDb, 1);
  sqlite3_busy_timeout(mDb, 5000);
  mSpatialiteCache = spatialite_alloc_connection();
  spatialite_init_ex(mDb, mSpatialiteCache, 0);
}

sqlite3 *Database::openReader() const
{
  sqlite3 *db = nullptr;
  // No mutex: a reader is used by one thread at a time, and the map's scans call the column
  // functions millions of times (each took and released the connection's mutex).
  const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  const int rc = mImmutable
                     ? sqlite3_open_v2(immutableUri(mPath).c_str(), &db, flags | SQLITE_OPEN_URI, nullptr)
                     : sqlite3_open_v2(mPath.c_str(), &db, flags, nullptr);
  if (rc == SQLITE_OK) return db;
  sqlite3_close(db);
  return nullptr;
}

Database::~Database()
{
  mCache.clear(); // finalize before closing
  // What this connection wrote goes from the WAL into the file now, not when the last process
  // closes it: a plain copy of the file then has it (the last connection checkpoints anyway;
  // this one may not be the last while a desktop window has the project open).
  if (sqlite3_total_changes64(mDb) > 0 && sqlite3_db_readonly(mDb, "main") == 0)
    sqlite3_wal_checkpoint_v2(mDb, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  sqlite3_close_v2(mDb);
  spatialite_cleanup_ex(mSpatialiteCache);
}

void Database::exec(const std::string &sql)
{
  char *err = nullptr;
  if (sqlite3_exec(mDb, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(mDb);
    sqlite3_free(err);
    if (isUnwritable(sqlite3_extended_errcode(mDb))) failUnwritable(mDb, sqlite3_extended_errcode(mDb));
    throw StoreError(StoreError::Kind::Database, "database error: " + msg + " (in: " + sqlSummary(sql) + ")");
  }
}

Database::Cached::Cached(Statement *shared, bool *busy, sqlite3 *db, const std::string &sql)
    : mShared(shared)
    , mBusy(busy)
{
  if (*mBusy) {
    mShared = nullptr;
    mOwn.emplace(db, sql);
  } else {
    *mBusy = true;
  }
}

Database::Cached::~Cached()
{
  if (mShared) {
    mShared->reset();
    *mBusy = false;
  }
}

Database::Cached Database::cached(const std::string &sql)
{
  CacheEntry &entry = mCache[sql];
  if (!entry.statement) entry.statement = std::make_unique<Statement>(mDb, sql);
  return Cached(entry.statement.get(), &entry.busy, mDb, sql);
}

std::int64_t Database::queryInt(const std::string &sql, std::int64_t fallback) const
{
  Statement st = prepare(sql);
  return st.step() ? st.integer(0) : fallback;
}

std::string Database::queryText(const std::string &sql) const
{
  Statement st = prepare(sql);
  return st.step() ? st.text(0) : std::string();
}

bool Database::tableExists(const std::string &name) const
{
  Statement st =
      prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND lower(name) = lower(?)");
  st.bindText(1, name);
  return st.step();
}

std::int64_t Database::lastInsertId() const
{
  return sqlite3_last_insert_rowid(mDb);
}

int Database::changes() const
{
  return sqlite3_changes(mDb);
}

} // namespace data
