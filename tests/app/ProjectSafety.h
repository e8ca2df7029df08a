#pragma once

// Helpers of the tests that check the desktop program keeps an open project safe while other
// processes use the same file: the process's SQLite locks, the file's descriptors, modal dialogs.

#include "app/gui/FieldController.h"
#include "app/gui/MainWindow.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/QtWait.h"
#include "tests/common/SampleFixture.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLineEdit>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

namespace safety {

using testutil::waitUntil;

// Whether this process holds its SQLite locks on the project: in WAL mode every connection keeps a
// shared lock on the file (SQLite's SHARED byte range) and on byte 128 of the -shm (the "DMS" lock)
// for as long as it is open. Closing any other descriptor of either file in this process drops that
// file's locks (/proc/locks lists POSIX locks by pid and inode).
inline bool holdsWalLock(const std::string &project)
{
  struct stat db = {}, shm = {};
  if (::stat(project.c_str(), &db) != 0 || ::stat((project + "-shm").c_str(), &shm) != 0) return false;
  std::ifstream locks("/proc/locks");
  const std::string pid = std::to_string(::getpid());
  bool onFile = false, onShm = false;
  for (std::string line; std::getline(locks, line);) {
    std::istringstream in(line);
    std::string id, type, advisory, mode, owner, file, start;
    in >> id >> type;
    if (type == "->") in >> type; // a waiting lock
    in >> advisory >> mode >> owner >> file >> start;
    const auto colon = file.rfind(':');
    if (type != "POSIX" || owner != pid || colon == std::string::npos) continue;
    const std::string inode = file.substr(colon + 1);
    onFile = onFile || inode == std::to_string(db.st_ino);
    onShm = onShm || (inode == std::to_string(shm.st_ino) && start == "128");
  }
  return onFile && onShm;
}

// The descriptors of this process that point at a deleted -wal or -shm ("" when none): the WAL
// was reset under this process by another one, after this process lost its locks.
inline std::string deletedSidecars()
{
  std::string found;
  for (const auto &fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    if (!ec && target.find(" (deleted)") != std::string::npos &&
        (target.find("-wal") != std::string::npos || target.find("-shm") != std::string::npos))
      found += target + "\n";
  }
  return found;
}

// Types `path` as the file name of an open file dialog and accepts it, as a user would.
inline void chooseFile(QFileDialog *d, const std::string &path)
{
  if (auto *edit = d->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
    edit->setText(QString::fromStdString(path));
  else
    d->selectFile(QString::fromStdString(path));
  static_cast<QDialog *>(d)->accept(); // QFileDialog::accept is protected
}

inline QAction *action(QWidget *in, const QString &text)
{
  for (QAction *a : in->findChildren<QAction *>())
    if (a->text() == text) return a;
  return nullptr;
}

// Runs `trigger`, which opens a modal dialog of type D (and may open more); every modal widget of
// type D is handed to `handle` once it has been shown for `ms` (a file dialog lists its folder
// meanwhile). Returns how many were handled.
template <class D>
int handleModal(const std::function<void()> &trigger, const std::function<void(D *)> &handle, int ms = 0)
{
  std::vector<QPointer<QWidget>> done; // a dialog closing may stay the active modal widget a moment
  QWidget *current = nullptr;
  QElapsedTimer since;
  QTimer poll;
  poll.setInterval(20);
  QObject::connect(&poll, &QTimer::timeout, [&] {
    auto *d = qobject_cast<D *>(QApplication::activeModalWidget());
    if (!d || std::find(done.begin(), done.end(), d) != done.end()) return;
    if (d != current) {
      current = d;
      since.start();
    }
    if (since.elapsed() < ms) return;
    current = nullptr;
    done.emplace_back(d);
    // Handled from a call of its own: a dialog the handler opens (a question) runs its event loop
    // there, and this timer fires again meanwhile.
    QTimer::singleShot(0, d, [d, &handle] { handle(d); });
  });
  poll.start();
  trigger();
  return int(done.size());
}

// The main window on a copy of the sample town, working as planner1 (PLANMAP_USER).
class WindowTest : public ::testing::Test
{
protected:
  void SetUp() override { qputenv("PLANMAP_USER", "planner1"); }
  void TearDown() override
  {
    window.reset();
    qunsetenv("PLANMAP_USER");
  }
  void open()
  {
    window = std::make_unique<app::MainWindow>();
    window->resize(1300, 900);
    window->show();
    ASSERT_TRUE(testutil::openAndWait(*window, QString::fromStdString(project), true));
    field = window->fieldController();
    ASSERT_TRUE(window->waitUntilIdle());
  }
  const data::Store &store() const { return *window->store(); }
  // Up to `n` rivers long enough to mark, with no events yet.
  std::vector<data::Feature> freshRivers(std::size_t n) const
  {
    std::vector<data::Feature> out;
    for (const auto &f : store().features("rivers"))
      if (out.size() < n && f.geometry.type() == gis::Geometry::Type::LineString && f.lengthM >= 300 &&
          store().events(f.id).empty())
        out.push_back(f);
    return out;
  }

  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
  std::unique_ptr<app::MainWindow> window;
  app::FieldController *field = nullptr;
};

} // namespace safety
