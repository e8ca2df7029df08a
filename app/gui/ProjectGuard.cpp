#include "app/gui/ProjectGuard.h"

#include "app/core/Project.h"
#include "app/gui/Application.h"
#include "app/gui/FieldController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/spatialite/SpatiaLiteStore.h"

#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>

namespace app {

namespace {
constexpr int kRereadDelayMs = 300;
// An error that comes back right after the project was read again is shown, not answered by yet
// another reading (the same unreadable record would make the window read the file in a loop).
constexpr int kRereadAtMostEveryMs = 5000;
constexpr int kCheckpointEveryMs = 1500;
} // namespace

ProjectGuard::ProjectGuard(MainWindow *window)
    : QObject(window)
    , mWindow(window)
    , mProject(window->project())
{
  if (auto *app = qobject_cast<Application *>(QCoreApplication::instance()))
    connect(app, &Application::unexpectedError, this, &ProjectGuard::reportError);
  mReadOnlyLabel = new QLabel(tr("Read only"), window);
  mReadOnlyLabel->setObjectName(QStringLiteral("readOnlyLabel"));
  mReadOnlyLabel->setToolTip(
      tr("This project file (or its folder) cannot be written: it is shown, not changed"));
  mReadOnlyLabel->setStyleSheet(QStringLiteral("color: #b35900; font-weight: bold"));
  mReadOnlyLabel->hide();
  window->statusBar()->addPermanentWidget(mReadOnlyLabel);
  connect(window->project(), &core::Project::projectOpened, this, &ProjectGuard::onProjectOpened);

  mRereadTimer.setSingleShot(true);
  mRereadTimer.setInterval(kRereadDelayMs);
  connect(&mRereadTimer, &QTimer::timeout, this, &ProjectGuard::reread);
  // Checked every second or so: a no-op unless the store wrote since the last checkpoint.
  mCheckpointTimer.setInterval(kCheckpointEveryMs);
  connect(&mCheckpointTimer, &QTimer::timeout, this, &ProjectGuard::checkpointLater);
  mCheckpointTimer.start();
}

ProjectGuard::~ProjectGuard() = default;

void ProjectGuard::reportError(const QString &message)
{
  const QString text =
      tr("PlanMap met an error it did not expect:\n%1\n\nThe project is read again from its file; every "
         "change saved before is kept.")
          .arg(message);
  if (mBox) {
    // One box: later errors are added to it, not stacked in front of the window.
    mBox->setDetailedText(mBox->detailedText() + (mBox->detailedText().isEmpty() ? "" : "\n") + message);
  } else {
    mBox = new QMessageBox(QMessageBox::Warning, tr("PlanMap"), text, QMessageBox::Ok, mWindow);
    mBox->setObjectName(QStringLiteral("unexpectedError"));
    mBox->setAttribute(Qt::WA_DeleteOnClose);
    mBox->setWindowModality(Qt::NonModal);
    mBox->show();
  }
  if (!mLastReread.isValid() || mLastReread.elapsed() > kRereadAtMostEveryMs) mRereadTimer.start();
}

void ProjectGuard::reread()
{
  if (mProject->path().isEmpty()) return;
  if (mProject->isOpening()) { // the error came while a project was being read: after it
    mRereadTimer.start();
    return;
  }
  ++mRereads;
  mLastReread.start();
  const gis::Envelope extent = mWindow->canvas()->extent();
  const QString path = mProject->path();
  if (!mWindow->openProject(path, mWindow->openedQuietly())) return;
  connect(
      mWindow, &MainWindow::openFinished, this,
      [this, extent, path](bool ok) {
        if (ok) {
          mWindow->canvas()->setExtent(extent);
        } else if (mBox) {
          mBox->setInformativeText(tr("%1 could not be read again; open it again when the cause is removed.")
                                       .arg(QFileInfo(path).fileName()));
        }
      },
      Qt::SingleShotConnection);
}

void ProjectGuard::onProjectOpened()
{
  mReadOnlyLabel->setVisible(mProject->isReadOnly());
  if (mProject->isReadOnly())
    mReadOnlyLabel->setToolTip(
        tr("%1: %2; it is shown, not changed")
            .arg(mProject->path(), QString::fromStdString(mProject->store()->readOnlyReason())));
}

namespace {

void checkpoint(const std::shared_ptr<data::Store> &store)
{
  try {
    std::static_pointer_cast<data::SpatiaLiteStore>(store)->checkpointIfWritten();
  } catch (const std::exception &) {
    // The next write tries again; a checkpoint that cannot run loses nothing.
  }
}

} // namespace

void ProjectGuard::checkpointLater()
{
  if (mProject->isReadOnly() || mTasks.isBusy(mCheckpointLane)) return;
  std::shared_ptr<data::Store> store = mProject->storeHandle();
  if (!std::dynamic_pointer_cast<data::SpatiaLiteStore>(store)) return;
  mTasks.post(mCheckpointLane, [store] { checkpoint(store); });
}
void ProjectGuard::checkpointNow()
{
  // Here and now: the store serialises its calls, so one running on the worker finishes first.
  std::shared_ptr<data::Store> store = mProject->storeHandle();
  if (!mProject->isReadOnly() && std::dynamic_pointer_cast<data::SpatiaLiteStore>(store)) checkpoint(store);
}

} // namespace app
