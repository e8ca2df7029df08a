#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace data {

// The one rule for every file PlanMap writes beside a project it reads (export, report, table,
// map image, backup, a new project or field copy). Whatever `replace` says:
//  - the project being read is never written: the same file by device and inode (another name,
//    a hard link or a symlink to it included), nor its -wal, -shm or -journal;
//  - an existing output that is not a regular file (a folder, a device) is never replaced.
// Beyond that, `replace` says what an existing file may be:
enum class Replace {
  NewOnly, // the command makes new files only (sample, generate, checkout): any existing file is refused
  No,      // the user did not ask to replace (no --overwrite, no confirmation yet)
  File,    // the user asked: a plain file may go, never an SQLite database (a PlanMap project or any
           // other) nor a database's -wal/-shm/-journal. For exports, reports, tables, map images.
  FileOrDatabase // the user asked, for a backup: an older copy (a database) may go too
};

// A refused output: one line naming the file and why.
class OutputRefused : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

// Why `out` may not be written, or "" when it may (a full disk or a read-only folder is a reason
// too). `project` is the path of the project being read, "" when none (a connection string is
// fine: it names no file). A dialog: a problem with Replace::File is shown and nothing written;
// otherwise, when the file exists, the user confirms and the write goes ahead with Replace::File.
std::string outputProblem(const std::string &project, const std::string &out, Replace replace);

// outputProblem for each of `outs` (an export may write a file and its sidecars); throws
// OutputRefused with the first problem.
void checkOutputs(const std::string &project, const std::vector<std::string> &outs, Replace replace);
inline void checkOutput(const std::string &project, const std::string &out, Replace replace)
{
  checkOutputs(project, {out}, replace);
}

// True when the file system holding `path` (a file or a folder) has no room left for this process.
// Checked after writing: GDAL's text drivers and Qt's QSaveFile can finish "successfully" with a
// file that a full disk cut short or left empty.
bool fileSystemFull(const std::string &path);

// True when the file starts with SQLite's header ("SQLite format 3\0"): a PlanMap project, a
// GeoPackage, a SpatiaLite or any other SQLite database.
bool isSqliteDatabase(const std::string &path);

} // namespace data
