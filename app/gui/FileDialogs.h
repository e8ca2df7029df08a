#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace app::files {

// Every file the desktop program reads or writes by a user's choice goes through here.
//
// SQLite's locks on the open project are POSIX locks: they belong to the process, and closing ANY
// descriptor of the project file (or its -wal/-shm) drops all of them. Other processes then reset
// the WAL under the window (lost marks, "database disk image is malformed"). So the program never
// opens the project file outside its store connection: the file dialogs here never read a file's
// contents (Qt's own dialog guesses each file's type from its first bytes, a native dialog does the
// same in this process), and a chosen path that is the open project is refused.

// The projects open in this process (a path may be a connection string: then nothing is checked).
void addOpenProject(const QString &path);
void removeOpenProject(const QString &path);
// Whether `path` is an open project, its -wal, -shm or -journal (the same file, compared by device
// and inode, so another name or a hard link of it counts too). Only stat()s, never opens.
bool isOpenProjectFile(const QString &path);

// The file dialogs, as QFileDialog's static functions. An open dialog refuses the open project
// (with a message) and returns "" for it, unless `projectAllowed` (File ▸ Open: opening it again goes
// through SQLite, which keeps the process's locks).
QString openFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                 bool projectAllowed = false);
QStringList openFiles(QWidget *parent, const QString &caption, const QString &dir, const QString &filter);
// Asks before replacing an existing file (the dialog's own question). The answer still goes through
// checkOutput before anything is written.
QString saveFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                 QString *selectedFilter = nullptr);
QString directory(QWidget *parent, const QString &caption, const QString &dir);

// Whether a file may be written at `path`: never the open project (or its -wal/-shm), never an
// existing SQLite database or PlanMap project (an export does not replace a project), and an other
// existing file only when `confirmed` (the save dialog asked) or the user says so now (asked with
// `parent` as the question's parent; without one, an unconfirmed existing file is refused).
// Returns "" when it may, else the one-line reason, also shown in a message box when `warn`.
QString checkOutput(QWidget *parent, const QString &path, bool confirmed, bool warn = true);

} // namespace app::files
