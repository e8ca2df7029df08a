#include "data/Backup.h"

#include "data/SpatiaLiteStore.h"
#include "data/StoreError.h"

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

// The temporary copy: removed (with any journal SQLite left) unless it was moved in.
class TempCopy
{
public:
  explicit TempCopy(const std::string &out)
  {
    const fs::path p(out);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::string tmpl = (dir / ".planmap-backup-XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0)
      throw StoreError(Kind::Database, out + ": cannot write in " + dir.string() + ": " + writeError());
    ::close(fd);
    mPath = tmpl;
  }
  ~TempCopy()
  {
    if (mPath.empty()) return;
    std::error_code ec;
    fs::remove(mPath, ec);
    fs::remove(mPath + "-journal", ec);
  }
  TempCopy(const TempCopy &) = delete;
  TempCopy &operator=(const TempCopy &) = delete;
  const std::string &path() const { return mPath; }
  void moveTo(const std::string &out)
  {
    if (::rename(mPath.c_str(), out.c_str()) != 0)
      throw StoreError(Kind::Database, out + ": cannot write: " + writeError());
    mPath.clear();
    // The new name lasts only once the folder is on disk too.
    const fs::path p(out);
    const int dir = ::open(p.has_parent_path() ? p.parent_path().c_str() : ".", O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
  }
  static std::string writeError() { return errno == ENOSPC ? "disk full" : std::strerror(errno); }

private:
  std::string mPath;
};

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
  TempCopy tmp(out);
  copyPages(file->database().handle(), tmp.path(), out);
  tmp.moveTo(out);
  BackupResult r;
  r.out = out;
  std::error_code ec;
  r.bytes = fs::file_size(out, ec);
  return r;
}

} // namespace data
