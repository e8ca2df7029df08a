#pragma once

#include "app/core/TaskRunner.h"
#include <QElapsedTimer>
#include <QMessageBox>

#include <QObject>
#include <QPointer>
#include <QTimer>

class QLabel;

namespace core {
class Project;
}

namespace app {

class MainWindow;

// Keeps the open project safe while the user works, for MainWindow:
// - an unexpected error (an exception that reached the event loop, see Application) is shown in
//   one message box (not modal: it never blocks the program) and the project is read again from
//   the file, so what is shown is what is stored; every write is one committed transaction, so
//   nothing written is lost;
// - a second or two after the last write, the store's WAL is checkpointed into the file, so a
//   plain copy of the file has the planner's edits;
// - a project the user may not write (file or folder read-only) is shown read-only, saying so.
class ProjectGuard : public QObject
{
  Q_OBJECT
public:
  explicit ProjectGuard(MainWindow *window);
  ~ProjectGuard() override;

  // Shows `message` (added to the box when one is shown already) and reads the project again.
  void reportError(const QString &message);
  // The box showing unexpected errors, while it is shown (tests).
  QMessageBox *errorBox() const { return mBox; }
  // How many times the project was read again after an error (tests).
  int rereadCount() const { return mRereads; }
  // Runs a checkpoint now if anything was written since the last one (tests).
  void checkpointNow();

private:
  void onProjectOpened();
  void reread();
  void checkpointLater();

  MainWindow *mWindow;
  core::Project *mProject; // the open project (the window's)
  QPointer<QMessageBox> mBox;
  QLabel *mReadOnlyLabel = nullptr;
  QTimer mRereadTimer;
  QElapsedTimer mLastReread;
  QTimer mCheckpointTimer;
  // Its own runner, not the project's: a checkpoint waits for the disk, never for the window to
  // count as up to date (Project::isBusy).
  core::TaskRunner mTasks;
  core::TaskRunner::Lane mCheckpointLane =
      mTasks.addLane(QStringLiteral("checkpoint"), core::TaskRunner::Policy::Queue);
  int mRereads = 0;
};

} // namespace app
