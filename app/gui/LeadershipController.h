#pragma once

#include "data/sync/Sync.h"
#include "layers/plan/Plan.h"
#include "layers/report/ReportData.h"

#include <QDate>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <map>
#include <memory>

namespace core {
class Project;
struct FigureSnapshot;
class ProjectFigures;
} // namespace core

class QAction;
class QDockWidget;
class QSocketNotifier;

namespace data {
class PgChangeFeed;
}

namespace app {

class ChartsPanel;
class Dashboard;
class MainWindow;
class TimeSlider;
class VillageTable;

// The main window's part for the leadership view and the server: docks for the
// dashboard, the time slider, the village table and the charts, all on one "as of" date with the
// map; the village choropleth; File ▸ Report / Export table; Project ▸ Add measurement; File ▸ Open
// server project / Take offline / Synchronise; live refresh from a PostGIS server.
//
// The dialogs are thin: each action's work is a public function taking its inputs (a path, a
// request), so tests run the same code without modal dialogs.
class LeadershipController : public QObject
{
  Q_OBJECT
public:
  explicit LeadershipController(MainWindow *window);
  ~LeadershipController() override;

  Dashboard *dashboard() const { return mDashboard; }
  TimeSlider *timeSlider() const { return mSlider; }
  VillageTable *villageTable() const { return mVillages; }
  ChartsPanel *charts() const { return mCharts; }
  QList<QDockWidget *> docks() const;
  // The open project's plan (empty when none is open or it has none).
  const layers::Plan &plan() const { return mPlan; }
  bool hasPlan() const { return mHasPlan; }

  // ---- as of
  // Sets the date of the dashboard, village table and charts at once, and of the map after a short
  // pause (several changes within it cost one map reload).
  void setAsOf(const QDate &date);
  QDate asOf() const { return mAsOf; }
  // Applies a map date still waiting for the pause now.
  void flushMap();
  // True while the figures are computed on the worker or wait for the map to show their date.
  bool isBusy() const;
  core::ProjectFigures *figures() const { return mFigures; }

  // ---- village choropleth
  QAction *villageThemeAction() const { return mVillageTheme; }
  // Share done (0..1) per village for a located target ("" = all located targets of the village
  // table), from the village table's figures; villages without such features are left out.
  std::map<std::int64_t, double> villageShares(const QString &targetId = {}) const;
  // The target the choropleth shows: the selected dashboard card's if it has a village column.
  QString villageThemeTarget() const;

  // ---- reports (throw std::exception with a one-line message)
  // A4 PDF of the open project as of the current date, in the UI language.
  layers::ReportData writeReport(const QString &pdfPath);
  // table: "targets" or "villages"; CSV (UTF-8 with BOM) or XLSX by the extension.
  void exportTable(const QString &table, const QString &path);

  // ---- server and field copies
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
  void createDocks();
  void createActions();
  void onProjectOpened();
  void onProjectClosing();
  void makeCards(); // the dashboard's cards of the open plan, when still to be made
  void onSliderDate(const QDate &date);
  void onWindowAsOf(const QString &date);
  void onMapReloaded();
  void onDataChanged();
  void onFigures(const std::shared_ptr<const core::FigureSnapshot> &figures);
  void showFigures(const std::shared_ptr<const core::FigureSnapshot> &figures);
  void releaseLater(std::shared_ptr<const core::FigureSnapshot> figures);
  QString mapDate(const QDate &date) const; // the map's asOf for a date ("" = today or later)
  void refreshFigures();
  void applyVillageTheme();
  void startFeed();
  void stopFeed();
  void onFeedReadable();
  void liveRefresh();
  QString isoAsOf() const;
  bool chinese() const;

  // dialogs
  void reportDialog();
  void exportTableDialog();
  void measurementDialog();
  void openServerDialog();
  void takeOfflineDialog();
  void synchroniseDialog();
  void showConflicts(const std::vector<data::SyncConflict> &conflicts);
  void updateActions();

  MainWindow *mWindow;
  core::Project *mProject; // the open project (the window's)
  layers::Plan mPlan;
  bool mHasPlan = false;
  QDate mAsOf;
  QString mPendingMapAsOf;
  bool mSettingMapAsOf = false;
  QTimer mMapTimer;  // throttles map reloads while the date moves
  QTimer mLiveTimer; // coalesces the server's change notifications
  core::ProjectFigures *mFigures = nullptr;
  // Figures computed for a date the map does not show yet: shown with it (mapReloaded).
  std::shared_ptr<const core::FigureSnapshot> mHeld;
  // Writes since the last refresh of the figures: the features, and whether all were marks (then
  // the model refreshes only their events).
  QList<qint64> mChanged;
  bool mMarksOnly = true;
  int mUndoIndex = 0;
  bool mLivePending = false;
  quint64 mOpenGeneration = 0; // bumped by every open: a deferred set-up of an older one is dropped
  bool mCardsPending = false;  // the dashboard's cards are made in the next turn of the event loop
  quint64 mShowGeneration = 0; // the snapshot being shown, widget by widget
  int mShowing = 0;
  int mPrepLane; // on the project's runner: the village table's cells and charts for a snapshot

  Dashboard *mDashboard = nullptr;
  TimeSlider *mSlider = nullptr;
  VillageTable *mVillages = nullptr;
  ChartsPanel *mCharts = nullptr;
  QDockWidget *mDashboardDock = nullptr;
  QDockWidget *mTimeDock = nullptr;
  QDockWidget *mVillageDock = nullptr;
  QDockWidget *mChartsDock = nullptr;

  QAction *mVillageTheme = nullptr;
  QAction *mReport = nullptr;
  QAction *mExportTable = nullptr;
  QAction *mMeasurement = nullptr;
  QAction *mOpenServer = nullptr;
  QAction *mTakeOffline = nullptr;
  QAction *mSync = nullptr;

  std::unique_ptr<data::PgChangeFeed> mFeed;
  QSocketNotifier *mFeedNotifier = nullptr;
};

} // namespace app
