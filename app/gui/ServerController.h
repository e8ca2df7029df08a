#pragma once

#include "data/sync/Sync.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace core {
class Project;
}

class QAction;
class QSocketNotifier;

namespace data {
class PgChangeFeed;
}

namespace app {

class MainWindow;

// The main window's part for the server: File ▸ Open server project / Take offline / Synchronise,
// the conflicts a synchronisation leaves, and live refresh while a PostGIS project is open.
//
// As in the leadership view, each action's work is a public function taking its inputs, so tests
// run the same code without modal dialogs.
class ServerController : public QObject
{
  Q_OBJECT
public:
  explicit ServerController(MainWindow *window);
  ~ServerController() override;

  // Makes a field copy of the open server project (see data::checkout; `server` is filled in).
  data::CheckoutResult takeOffline(data::CheckoutRequest request);
  // Synchronises the open field copy with its server and reloads the map and the figures.
  data::SyncResult synchronise();
  // Resolves a conflict of the open field copy and reloads.
  void resolveConflict(const data::SyncConflict &conflict, data::Resolution resolution);
  bool isServerProject() const;
  bool isFieldCopy() const;
  // True while a PostGIS project's change feed is listened to.
  bool isLive() const { return mFeed != nullptr; }

signals:
  // The figures were re-read after a change on the server (live refresh).
  void liveRefreshed();

private:
  void createActions();
  void updateActions();
  void onProjectOpened();
  void onProjectClosing();
  void openServerDialog();
  void takeOfflineDialog();
  void synchroniseDialog();
  void showConflicts(const std::vector<data::SyncConflict> &conflicts);
  void startFeed();
  void stopFeed();
  void onFeedReadable();
  void liveRefresh();

  MainWindow *mWindow;
  core::Project *mProject; // the open project (the window's)
  QTimer mLiveTimer;       // coalesces the server's change notifications
  bool mLivePending = false;
  QAction *mOpenServer = nullptr;
  QAction *mTakeOffline = nullptr;
  QAction *mSync = nullptr;
  std::unique_ptr<data::PgChangeFeed> mFeed;
  QSocketNotifier *mFeedNotifier = nullptr;
};

} // namespace app
