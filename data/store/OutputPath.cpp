#include "data/store/OutputPath.h"

#include "data/postgis/PgConnection.h"

#include <array>
#include <filesystem>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace data {

namespace {

constexpr std::array<const char *, 3> kSidecars{"-wal", "-shm", "-journal"};

struct FileId
{
  dev_t dev;
  ino_t ino;
  bool operator==(const FileId &o) const { return dev == o.dev && ino == o.ino; }
};

std::optional<FileId> fileId(const fs::path &path)
{
  struct stat st
  {
  };
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

// A file that may not exist yet, as its folder (by inode, so any spelling of the folder matches)
// and its name.
struct Place
{
  FileId dir;
  std::string name;
  bool operator==(const Place &o) const { return dir == o.dir && name == o.name; }
};

std::optional<Place> placeOf(const fs::path &path)
{
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const auto dir = fileId(parent);
  if (!dir || !path.has_filename()) return std::nullopt;
  return Place{*dir, path.filename().string()};
}

// The project and its sidecars, compared by inode and by place without opening any of them: a
// descriptor of the project opened and closed in this process would drop the process's SQLite
// locks on it.
std::string projectProblem(const std::string &project, const std::string &out)
{
  if (project.empty() || isConnectionString(project)) return {};
  std::vector<fs::path> names{project};
  std::error_code ec;
  // SQLite keeps the -wal beside the file a symlink points to.
  if (const fs::path real = fs::canonical(project, ec); !ec && real != fs::path(project))
    names.push_back(real);
  const auto outId = fileId(out);
  const auto outPlace = placeOf(out);
  for (const auto &name : names) {
    if (outId && outId == fileId(name))
      return out + ": is the project being read (" + project + "); choose another file";
    for (const char *suffix : kSidecars) {
      const fs::path side = name.string() + suffix;
      if ((outId && outId == fileId(side)) || (outPlace && outPlace == placeOf(side)))
        return out + ": is the " + suffix + " file of the project being read (" + project +
               "); choose another file";
    }
  }
  return {};
}

// The first 16 bytes of a file ("" when it cannot be read).
std::string head(const std::string &path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  char buf[16] = {};
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// The two magic numbers a write-ahead log starts with.
bool isWal(const std::string &h)
{
  return h.size() >= 4 && h.compare(0, 3, "\x37\x7f\x06") == 0 && (h[3] == '\x82' || h[3] == '\x83');
}

// A database, or the -wal/-shm/-journal of one (an -shm has no header to tell it by).
bool isDatabaseOrSidecar(const std::string &path)
{
  if (isSqliteDatabase(path) || isWal(head(path))) return true;
  for (const std::string suffix : kSidecars)
    if (path.size() > suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        isSqliteDatabase(path.substr(0, path.size() - suffix.size())))
      return true;
  return false;
}

} // namespace

bool isSqliteDatabase(const std::string &path)
{
  return head(path) == std::string("SQLite format 3", 16); // the 16th byte is the terminating NUL
}

bool fileSystemFull(const std::string &path)
{
  const fs::path p(path);
  const fs::path probe = fs::is_directory(p) ? p : (p.has_parent_path() ? p.parent_path() : fs::path("."));
  struct statvfs st
  {
  };
  if (::statvfs(probe.c_str(), &st) != 0) return false;
  // root may use the blocks reserved for it; a write of root's fails only when none is left.
  return (::geteuid() == 0 ? st.f_bfree : st.f_bavail) == 0;
}

std::string outputProblem(const std::string &project, const std::string &out, Replace replace)
{
  if (out.empty()) return "no output file given";
  if (std::string p = projectProblem(project, out); !p.empty()) return p;
  struct stat st
  {
  };
  const bool exists = ::stat(out.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) return out + ": exists and is not a regular file; give a file name";
  if (fileSystemFull(out)) return out + ": disk full, nothing written";
  // A folder that does not exist yet is made by the writer; one that exists must take new files.
  const fs::path folder = fs::path(out).has_parent_path() ? fs::path(out).parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::is_directory(folder, ec) && ::access(folder.c_str(), W_OK) != 0)
    return out + ": read-only folder " + folder.string() + ", nothing written";
  if (!exists) return {};
  switch (replace) {
  case Replace::NewOnly:
    return out + ": file exists; choose a new name or remove it first";
  case Replace::No:
    return out + ": file exists; give --overwrite to replace it";
  case Replace::File:
    if (isDatabaseOrSidecar(out))
      return out + ": is an SQLite database (a PlanMap project, a GeoPackage, ...) or part of one; an " +
             "export never replaces one: choose another file";
    return {};
  case Replace::FileOrDatabase:
    return {};
  }
  return {};
}

void checkOutputs(const std::string &project, const std::vector<std::string> &outs, Replace replace)
{
  for (const auto &out : outs)
    if (std::string problem = outputProblem(project, out, replace); !problem.empty())
      throw OutputRefused(problem);
}

} // namespace data
