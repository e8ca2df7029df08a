#include "data/store/Backup.h"

#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/NewFile.h"
#include "data/store/StoreError.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace data {

namespace {

using Kind = StoreError::Kind;

// Copies every page of `src` into the empty database file at `path` in one step, so the copy is
// one snapshot. Another writer on this connection makes the step wait and try again.
void copyPages(sqlite3 *src, const std::string &path, const std::string &out)
{
  sqlite3 *dest = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(dest, 1);
    // No journal: the copy is a temporary file, renamed in only once complete.
    sqlite3_exec(dest, "PRAGMA journal_mode = OFF", nullptr, nullptr, nullptr);
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
    if (!b) {
      rc = sqlite3_errcode(dest);
    } else {
      for (int attempt = 0;; ++attempt) {
        rc = sqlite3_backup_step(b, -1);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt >= 200) break;
        sqlite3_sleep(25);
      }
      sqlite3_backup_finish(b);
    }
  }
  const std::string why = dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc);
  const int closed = sqlite3_close(dest);
  if (rc == SQLITE_DONE && closed == SQLITE_OK) return;
  if ((rc & 0xff) == SQLITE_FULL) throw StoreError(Kind::Database, out + ": disk full, nothing written");
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    throw StoreError(Kind::Database, out + ": the project stayed busy; no copy written, try again");
  throw StoreError(Kind::Database, out + ": cannot write the copy (" + why + "); no copy written");
}

} // namespace

BackupResult backupProject(const Store &store, const std::string &out, Replace replace)
{
  const auto *file = dynamic_cast<const SpatiaLiteStore *>(&store);
  if (!file)
    throw StoreError(Kind::Invalid, out + ": backup copies a project file; a server project is copied "
                                          "with pg_dump");
  checkOutput(file->path(), out, replace);
  NewFile copy(out);
  copyPages(file->database().handle(), copy.path(), out);
  copy.commit(replace != Replace::No);
  BackupResult r;
  r.out = out;
  std::error_code ec;
  r.bytes = fs::file_size(out, ec);
  return r;
}

} // namespace data
