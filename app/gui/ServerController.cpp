#include "app/gui/ServerController.h"

#include "app/core/Project.h"
#include "app/gui/BusyCursor.h"
#include "app/gui/ConflictDialog.h"
#include "app/gui/FieldController.h"
#include "app/gui/LeadershipController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/TakeOfflineDialog.h"
#include "data/postgis/PgChangeFeed.h"
#include "data/postgis/PgConnection.h"
#include "data/store/Store.h"
#include "gis/Crs.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSocketNotifier>
#include <QStatusBar>

#include <algorithm>
#include <stdexcept>

namespace app {

namespace {

constexpr int kRefreshPauseMs = 100; // server changes arriving together: one refresh

} // namespace

ServerController::ServerController(MainWindow *window)
    : QObject(window)
    , mWindow(window)
    , mProject(window->project())
{
  mLiveTimer.setSingleShot(true);
  mLiveTimer.setInterval(kRefreshPauseMs);
  connect(&mLiveTimer, &QTimer::timeout, this, &ServerController::liveRefresh);
  createActions();
  connect(mProject, &core::Project::projectOpened, this, &ServerController::onProjectOpened);
  connect(mProject, &core::Project::projectClosing, this, &ServerController::onProjectClosing);
  if (LeadershipController *lead = window->leadershipController())
    connect(lead, &LeadershipController::figuresShown, this, [this] {
      if (!mLivePending) return;
      mLivePending = false;
      emit liveRefreshed();
    });
  if (FieldController *field = window->fieldController())
    connect(field, &FieldController::userChanged, this, &ServerController::updateActions);
  updateActions();
}

ServerController::~ServerController()
{
  stopFeed();
}

void ServerController::createActions()
{
  QMenu *file = mWindow->fileMenu();
  // In their own section before the leadership's (report, export table), else before "Quit".
  QAction *before = nullptr;
  if (const LeadershipController *lead = mWindow->leadershipController()) before = lead->reportAction();
  for (QAction *a : file->actions())
    if (!before && a->shortcut() == QKeySequence(QKeySequence::Quit)) before = a;
  auto action = [&](const QString &text, auto slot) {
    auto *a = new QAction(text, this);
    connect(a, &QAction::triggered, this, slot);
    file->insertAction(before, a);
    return a;
  };
  mOpenServer = action(tr("Open &server project…"), &ServerController::openServerDialog);
  mTakeOffline = action(tr("Take &offline…"), &ServerController::takeOfflineDialog);
  mSync = action(tr("S&ynchronise"), &ServerController::synchroniseDialog);
  file->insertSeparator(before);
}

void ServerController::updateActions()
{
  mTakeOffline->setEnabled(isServerProject());
  mSync->setEnabled(isFieldCopy() && !mProject->isReadOnly()); // a sync writes the field copy too
}

bool ServerController::isServerProject() const
{
  return mProject->store() && data::isConnectionString(mProject->path().toStdString());
}

bool ServerController::isFieldCopy() const
{
  return mProject->isFieldCopy();
}

void ServerController::onProjectOpened()
{
  stopFeed();
  if (isServerProject()) startFeed();
  updateActions();
}

void ServerController::onProjectClosing()
{
  stopFeed();
  mLiveTimer.stop();
  mLivePending = false;
}

// ---- server

void ServerController::openServerDialog()
{
  bool ok = false;
  const QString text =
      QInputDialog::getText(mWindow, tr("Open server project"),
                            tr("Connection string (postgresql://user@host:port/database) or service=name"),
                            QLineEdit::Normal, isServerProject() ? mProject->path() : QString(), &ok);
  if (!ok || text.trimmed().isEmpty()) return;
  if (!data::isConnectionString(text.trimmed().toStdString())) {
    QMessageBox::warning(mWindow, tr("Open server project"),
                         tr("'%1' is not a connection string (postgresql://… or service=…)").arg(text));
    return;
  }
  BusyCursor busy;
  mWindow->openProject(text.trimmed());
}

data::CheckoutResult ServerController::takeOffline(data::CheckoutRequest request)
{
  if (!isServerProject()) throw std::runtime_error("the open project is not a server project");
  request.server = mProject->path().toStdString();
  return data::checkout(request);
}

void ServerController::takeOfflineDialog()
{
  if (!isServerProject() || !mProject->store()) return;
  std::optional<gis::Envelope> extent;
  if (mProject->mapData()) {
    try {
      const gis::Envelope e = mWindow->canvas()->extent();
      const gis::Transform toLonLat(mProject->mapData()->epsg(), gis::kWgs84);
      const gis::Point a = toLonLat.forward({e.minX, e.minY}), b = toLonLat.forward({e.maxX, e.maxY});
      extent = gis::Envelope{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
    } catch (const std::exception &) {
      extent.reset();
    }
  }
  QString user;
  if (const FieldController *field = mWindow->fieldController(); field && field->currentUser())
    user = QString::fromStdString(field->currentUser()->name);
  TakeOfflineDialog dialog(*mProject->store(), extent, user, mWindow);
  if (dialog.exec() != QDialog::Accepted) return;
  const data::CheckoutRequest request = dialog.request();
  data::CheckoutResult r;
  try {
    BusyCursor busy;
    r = takeOffline(request);
  } catch (const std::exception &e) {
    QMessageBox::warning(mWindow, tr("Take offline"), QString::fromUtf8(e.what()));
    return;
  }
  const QString out = QString::fromStdString(request.out);
  const auto answer = QMessageBox::question(
      mWindow, tr("Take offline"),
      tr("%1 features, %2 events and %3 photos were copied to\n%4\n\nOpen the field copy now?")
          .arg(r.features)
          .arg(r.events)
          .arg(r.photos)
          .arg(out));
  if (answer == QMessageBox::Yes) mWindow->openProject(out);
}

data::SyncResult ServerController::synchronise()
{
  if (!isFieldCopy()) throw std::runtime_error("the open project is not a field copy");
  const data::SyncResult r = data::synchronise(mProject->path().toStdString());
  mProject->reloadMap(); // the figures follow through mapReloaded
  return r;
}

void ServerController::synchroniseDialog()
{
  if (!isFieldCopy()) return;
  data::SyncResult r;
  try {
    BusyCursor busy;
    r = synchronise();
  } catch (const std::exception &e) {
    QMessageBox::warning(mWindow, tr("Synchronise"), QString::fromUtf8(e.what()));
    return;
  }
  const QString summary = tr("Pushed %1 events, %2 photos, %3 edits; pulled %4 events, %5 photos, %6 edits.")
                              .arg(r.pushedEvents)
                              .arg(r.pushedPhotos)
                              .arg(r.pushedEdits)
                              .arg(r.pulledEvents)
                              .arg(r.pulledPhotos)
                              .arg(r.pulledEdits);
  mWindow->statusBar()->showMessage(summary, 15000);
  if (!r.refused.empty()) {
    // Features made here that the server would not take: they stay in the copy until mended.
    QStringList lines;
    for (const data::SyncRefused &f : r.refused)
      lines << tr("%1 %2: %3")
                   .arg(QString::fromStdString(f.code), QString::fromStdString(f.name),
                        QString::fromStdString(f.reason));
    QMessageBox::warning(
        mWindow, tr("Synchronise"),
        tr("%1\n\nNot pushed (kept in this copy, sent at a later synchronisation once mended):\n%2")
            .arg(summary, lines.join(QLatin1Char('\n'))));
  }
  if (r.conflicts.empty()) {
    if (r.refused.empty()) QMessageBox::information(mWindow, tr("Synchronise"), summary);
    return;
  }
  showConflicts(r.conflicts);
}

void ServerController::resolveConflict(const data::SyncConflict &conflict, data::Resolution resolution)
{
  if (!isFieldCopy()) throw std::runtime_error("the open project is not a field copy");
  data::resolveConflict(mProject->path().toStdString(), conflict, resolution);
  mProject->reloadMap();
}

void ServerController::showConflicts(const std::vector<data::SyncConflict> &conflicts)
{
  auto *dialog = new ConflictDialog(mProject->path(), conflicts, mWindow);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ConflictDialog::resolveRequested, this,
          [this, dialog](const data::SyncConflict &c, data::Resolution r) {
            try {
              resolveConflict(c, r);
              dialog->markResolved(c);
            } catch (const std::exception &e) {
              QMessageBox::warning(dialog, tr("Resolve conflict"), QString::fromUtf8(e.what()));
            }
          });
  connect(dialog, &ConflictDialog::showRequested, this, [this](const data::SyncConflict &c) {
    if (!mProject->store()) return;
    if (const auto f = mProject->store()->featureByCode(c.code)) mWindow->canvas()->zoomToFeature(f->id);
  });
  dialog->show();
}

// ---- live refresh

void ServerController::startFeed()
{
  try {
    mFeed = std::make_unique<data::PgChangeFeed>(mProject->path().toStdString());
  } catch (const std::exception &e) {
    mWindow->statusBar()->showMessage(
        tr("No live updates from the server: %1").arg(QString::fromUtf8(e.what())), 10000);
    return;
  }
  mFeedNotifier = new QSocketNotifier(mFeed->socket(), QSocketNotifier::Read, this);
  connect(mFeedNotifier, &QSocketNotifier::activated, this, &ServerController::onFeedReadable);
}

void ServerController::stopFeed()
{
  delete mFeedNotifier;
  mFeedNotifier = nullptr;
  mFeed.reset();
}

void ServerController::onFeedReadable()
{
  if (!mFeed) return;
  std::vector<data::StoreChange> changes;
  try {
    changes = mFeed->poll(0);
  } catch (const std::exception &e) {
    stopFeed();
    mWindow->statusBar()->showMessage(tr("Live updates stopped: %1").arg(QString::fromUtf8(e.what())), 10000);
    return;
  }
  if (changes.empty()) return;
  // Marks arriving together cost one reload.
  if (!mLiveTimer.isActive()) mLiveTimer.start();
}

void ServerController::liveRefresh()
{
  if (!mProject->store()) return;
  // The map is read again, then the figures (dataChanged); liveRefreshed once they are shown.
  mLivePending = true;
  mProject->reloadMap();
}

} // namespace app
