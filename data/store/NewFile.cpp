#include "data/store/NewFile.h"

#include "data/store/StoreError.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace data {

namespace {

using Kind = StoreError::Kind;

std::string writeError()
{
  return errno == ENOSPC ? "disk full" : std::strerror(errno);
}

fs::path folderOf(const std::string &path)
{
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path() : fs::path(".");
}

} // namespace

unsigned currentUmask()
{
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0) return static_cast<unsigned>(std::stoul(line.substr(6), nullptr, 8));
  return 022;
}

NewFile::NewFile(std::string destination, bool empty)
    : mDestination(std::move(destination))
{
  const fs::path dir = folderOf(mDestination);
  std::string name = (dir / ".planmap-new-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw StoreError(Kind::Database,
                     mDestination + ": cannot write in " + dir.string() + ": " + writeError());
  ::fchmod(fd, 0666 & ~currentUmask());
  ::close(fd);
  if (empty) ::unlink(name.c_str());
  mPath = name;
}

NewFile::~NewFile()
{
  if (mPath.empty()) return;
  std::error_code ec;
  for (const char *suffix : {"", "-journal", "-wal", "-shm"})
    fs::remove(mPath + suffix, ec);
}

void NewFile::commit(bool replace)
{
  std::error_code ec;
  // SQLite folds its write-ahead log into the file when the last connection closes; a log still
  // holding pages means a connection is open and the file alone is not the whole project.
  if (fs::exists(mPath + "-wal", ec) && fs::file_size(mPath + "-wal", ec) > 0)
    throw StoreError(Kind::Database, mDestination + ": not written: the new file is still open");
  const int rc = replace
                     ? std::rename(mPath.c_str(), mDestination.c_str())
                     : ::renameat2(AT_FDCWD, mPath.c_str(), AT_FDCWD, mDestination.c_str(), RENAME_NOREPLACE);
  if (rc != 0) {
    if (errno == EEXIST) throw StoreError(Kind::Invalid, mDestination + ": already exists; nothing written");
    throw StoreError(Kind::Database, mDestination + ": cannot write: " + writeError());
  }
  for (const char *suffix : {"-wal", "-shm"})
    fs::remove(mPath + suffix, ec); // an empty log left under the temporary name
  mPath.clear();
  // The new name lasts only once the folder is on disk too.
  const int dir = ::open(folderOf(mDestination).c_str(), O_RDONLY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

} // namespace data
