#pragma once

#include "app/core/Project.h"
#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QToolBar;

namespace data {
class Store;
}

namespace app {

class CoordinateLabel;
class FieldController;
class IdentifyDock;
class ImportController;
class LeadershipController;
class LayerTreeDock;
class MapCanvas;
class ProjectGuard;
class ScaleEdit;
class SearchDock;

// The desktop window. It wires the parts (canvas, docks, status bar, menus) and owns the open
// project; each feature lives in its own class.
class MainWindow : public QMainWindow
{
  Q_OBJECT
public:
  explicit MainWindow(QWidget *parent = nullptr);
  ~MainWindow() override;

  // The open project (the widget-free core the controllers work with).
  core::Project *project() const { return mProject; }
  // Starts opening a project file or server connection on a worker; the window keeps painting and
  // shows the progress (menus, tool bars, docks and the map's tools are disabled meanwhile) and
  // projectOpened() or openFinished(false) follows. On failure the store's message is shown
  // (unless `quiet`) and the current project stays. False (nothing starts) while another open is
  // under way.
  bool openProject(const QString &path, bool quiet = false);
  bool isOpening() const { return mProject->isOpening(); }
  QString projectPath() const { return mProject->path(); }
  bool isFieldCopy() const { return mProject->isFieldCopy(); }
  // Whether the open project was opened with quiet = true (tests, --screenshot): no dialogs.
  bool openedQuietly() const { return mQuiet; }
  // Exports the current view; throws std::runtime_error with a one-line message.
  void exportMap(const layers::MapSettings &settings, const QString &path);
  // Shows the project as of a date ("" = today, all events). The map is re-read on a worker.
  void setAsOf(const QString &date) { mProject->setAsOf(date); }

  MapCanvas *canvas() const { return mCanvas; }
  LayerTreeDock *layerTree() const { return mLayerTree; }
  IdentifyDock *identifyDock() const { return mIdentify; }
  SearchDock *searchDock() const { return mSearch; }
  const data::Store *store() const { return mProject->store(); }
  data::Store *mutableStore() const { return mProject->mutableStore(); }
  std::shared_ptr<data::Store> storeHandle() const { return mProject->storeHandle(); }
  bool isReadOnly() const { return mProject->isReadOnly(); }
  // Unexpected errors, checkpoints and the read-only state (see ProjectGuard).
  ProjectGuard *guard() const { return mGuard; }
  std::shared_ptr<const layers::MapData> mapData() const { return mProject->mapData(); }
  QString asOf() const { return mProject->asOf(); }
  // Re-reads the map from the store after a write (core::Project::reloadMap).
  void reloadMap() { mProject->reloadMap(); }
  // True while the project or its map is read, or the docks' figures are computed, on a worker.
  bool isBusy() const;
  // Runs the event loop until nothing is being read or computed (tests, scripts); false when
  // `timeoutMs` passed first.
  bool waitUntilIdle(int timeoutMs = 600000);

  // Menus and the map tool bar the controllers add their actions to.
  QMenu *fileMenu() const { return mFileMenu; }
  QMenu *editMenu() const { return mEditMenu; }
  QMenu *viewMenu() const { return mViewMenu; }
  QMenu *projectMenu() const { return mProjectMenu; }
  QToolBar *mapToolBar() const { return mMapToolBar; }
  // The exclusive group of map tools (pan, zoom box, select …); a controller adding a tool to
  // the canvas adds its checkable action here.
  QActionGroup *toolGroup() const { return mToolGroup; }

  FieldController *fieldController() const { return mField; }
  LeadershipController *leadershipController() const { return mLeadership; }
  ImportController *importController() const { return mImport; }

signals:
  void languageChangeRequested(const QString &language); // "zh_CN" or "en"
  // The window shows a newly opened project (after core::Project::projectOpened, once the
  // canvas, layer tree and search show it).
  void projectOpened();
  // An open asked with openProject() ended (ok: the project is shown).
  void openFinished(bool ok);

protected:
  void closeEvent(QCloseEvent *event) override;

private:
  void createActions();
  void createStatusBar();
  void newProject();
  void openDialog();
  void saveAs();
  void saveCopy();
  // Writes a snapshot of the open project to `path`; false (after saying why) when it could not.
  bool writeCopy(const QString &path, const QString &title);
  void exportDialog();
  void askAsOf();
  void updateRecentMenu();
  void addRecent(const QString &path);
  void onSelection(const std::vector<layers::MapHit> &hits, const gis::Point &mapPoint);
  void onOptionsChanged(const layers::MapSettings &options);
  void onOpened();
  void onOpenFailed(const QString &path, core::Project::OpenError error, const QString &message);
  // Disables (or restores) what could start another action while a project is opened.
  void setInteractive(bool interactive);
  void setLoading(bool loading, const QString &message = {});

  core::Project *mProject;
  bool mQuiet = false;
  bool mQuietNext = false;
  QString mOpenPath; // the project shown (registered with files::addOpenProject)
  std::vector<QPointer<QAction>> mDisabledActions;
  std::vector<QPointer<QWidget>> mDisabledWidgets;
  QProgressBar *mProgress = nullptr;
  MapCanvas *mCanvas = nullptr;
  LayerTreeDock *mLayerTree = nullptr;
  IdentifyDock *mIdentify = nullptr;
  SearchDock *mSearch = nullptr;
  CoordinateLabel *mCoords = nullptr;
  ScaleEdit *mScale = nullptr;
  QLabel *mRenderTime = nullptr;
  QMenu *mRecentMenu = nullptr;
  QAction *mWaterTheme = nullptr;
  QAction *mLabels = nullptr;
  QMenu *mFileMenu = nullptr;
  QMenu *mEditMenu = nullptr;
  QMenu *mViewMenu = nullptr;
  QMenu *mProjectMenu = nullptr;
  QToolBar *mMapToolBar = nullptr;
  QActionGroup *mToolGroup = nullptr;
  FieldController *mField = nullptr;
  LeadershipController *mLeadership = nullptr;
  ImportController *mImport = nullptr;
  ProjectGuard *mGuard = nullptr;
};

} // namespace app
