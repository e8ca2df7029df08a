#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace data {

// A prepared statement; owns its sqlite3_stmt. Failures throw StoreError(Database) naming the SQL,
// or StoreError(Unwritable) naming the file for a read-only file or a full disk.
class Statement
{
public:
  Statement(sqlite3 *db, const std::string &sql);
  ~Statement();
  Statement(Statement &&other) noexcept;
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;
  Statement &operator=(Statement &&) = delete;

  // Parameters count from 1, as in SQLite.
  Statement &bindInt(int i, std::int64_t v);
  Statement &bindReal(int i, double v);
  Statement &bindText(int i, const std::string &v);
  Statement &bindBlob(int i, const std::string &bytes);
  Statement &bindNull(int i);
  Statement &bindTextOrNull(int i, const std::string &v); // "" binds NULL

  bool step(); // true while a row is available
  void run();  // steps to the end, ignoring rows
  void reset();

  // Columns count from 0.
  bool isNull(int col) const;
  std::int64_t integer(int col) const;
  double real(int col) const;
  std::string text(int col) const; // "" for NULL
  std::string blob(int col) const;

private:
  [[noreturn]] void fail(int rc) const;
  sqlite3 *mDb;
  sqlite3_stmt *mStmt = nullptr;
  std::string mSql;
};

// Every remaining row of `st` decoded by `decode(st)`.
template <class Decode> auto decodeRows(Statement &st, Decode decode)
{
  std::vector<decltype(decode(st))> out;
  while (st.step())
    out.push_back(decode(st));
  return out;
}

// An open SQLite connection with SpatiaLite loaded; closes the connection and frees the
// SpatiaLite cache when it dies.
class Database
{
public:
  // flags are sqlite3_open_v2 flags. Throws StoreError(Database) when SQLite cannot open the file.
  // `immutable` opens it read-only as a file nobody changes: SQLite then takes no locks and makes
  // no -wal or -shm (for a file in a read-only folder or file system).
  Database(const std::string &path, int flags, bool immutable = false);
  ~Database();
  Database(const Database &) = delete;
  Database &operator=(const Database &) = delete;

  void exec(const std::string &sql); // one or more statements, no results
  Statement prepare(const std::string &sql) const { return Statement(mDb, sql); }

  // A statement prepared once per connection and reused: preparing an INSERT into the feature
  // table compiles SpatiaLite's geometry triggers, which costs more than running it. The handle
  // resets the statement when it dies; a nested use of the same SQL gets a fresh statement.
  class Cached
  {
  public:
    Cached(Statement *shared, bool *busy, sqlite3 *db, const std::string &sql);
    ~Cached();
    Cached(const Cached &) = delete;
    Cached &operator=(const Cached &) = delete;
    Statement &operator*() { return mShared ? *mShared : *mOwn; }
    Statement *operator->() { return &**this; }

  private:
    Statement *mShared;
    bool *mBusy;
    std::optional<Statement> mOwn;
  };
  Cached cached(const std::string &sql);
  // First column of the first row, or `fallback` when there is no row.
  std::int64_t queryInt(const std::string &sql, std::int64_t fallback = 0) const;
  std::string queryText(const std::string &sql) const;
  bool tableExists(const std::string &name) const;

  std::int64_t lastInsertId() const;
  int changes() const;
  const std::string &path() const { return mPath; }
  sqlite3 *handle() const { return mDb; }
  // Another read-only connection to the file, opened as this one was (immutable or not), for a
  // reader on another thread (one thread at a time: it has no mutex); the caller closes it with
  // sqlite3_close. nullptr when it cannot open.
  sqlite3 *openReader() const;

private:
  struct CacheEntry
  {
    std::unique_ptr<Statement> statement;
    bool busy = false;
  };
  std::string mPath;
  bool mImmutable = false;
  sqlite3 *mDb = nullptr;
  std::unordered_map<std::string, CacheEntry> mCache;
  void *mSpatialiteCache = nullptr;
};

// One line describing an SQL statement for error messages.
std::string sqlSummary(const std::string &sql);

} // namespace data
