#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"

#include <QMainWindow>
#include <QThreadPool>

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

  // Opens a project file; on failure shows the store's message (unless `quiet`) and keeps the
  // current one. Returns whether it opened. The project is read on a worker thread while the
  // window keeps painting and shows the progress (its menus, tool bars and docks are disabled
  // meanwhile); the call returns once the map is shown. A call while another open is under way
  // is refused (false).
  bool openProject(const QString &path, bool quiet = false);
  bool isOpening() const { return mOpening; }
  QString projectPath() const { return mPath; }
  // Whether the open project is a field copy of a server project (data::isFieldCopy, asked once at
  // open).
  bool isFieldCopy() const { return mStore && mFieldCopy; }
  // Whether the open project was opened with quiet = true (tests, --screenshot): no dialogs.
  bool openedQuietly() const { return mQuiet; }
  // Exports the current view; throws std::runtime_error with a one-line message.
  void exportMap(const layers::MapSettings &settings, const QString &path);
  // Shows the project as of a date ("" = today, all events). The map is re-read on a worker.
  void setAsOf(const QString &date);

  MapCanvas *canvas() const { return mCanvas; }
  LayerTreeDock *layerTree() const { return mLayerTree; }
  IdentifyDock *identifyDock() const { return mIdentify; }
  SearchDock *searchDock() const { return mSearch; }
  const data::Store *store() const { return mStore.get(); }
  // For the controllers that write (marking, editing, import, sync); null when nothing is open.
  data::Store *mutableStore() const { return mStore.get(); }
  // The store for work on a worker thread, which keeps it open until done.
  std::shared_ptr<data::Store> storeHandle() const { return mStore; }
  // Whether the open project cannot be written (a read-only file or folder): it is shown, editing
  // and marking are off, the status bar and the title say so.
  bool isReadOnly() const { return mStore && mReadOnly; }
  // Unexpected errors, checkpoints and the read-only state (see ProjectGuard).
  ProjectGuard *guard() const { return mGuard; }
  std::shared_ptr<const layers::MapData> mapData() const { return mData; }
  QString asOf() const { return mAsOf; }
  // Re-reads the map from the store (after a write or for a date) on a worker and shows it when
  // read (mapReloaded); keeps the view. Returns at once: the newest request wins (a reload asked
  // while one runs starts when it ends, and only the last one is shown).
  void reloadMap();
  // True while the map is being read, or the docks' figures are computed, on a worker.
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
  // A project was opened (store(), mapData(), projectPath() are the new one).
  void projectOpened();
  // The open project is about to be closed (store() is still the old one).
  void projectClosing();
  // A map read on a worker is shown (after a write or an as-of change; mapData()->asOf says which
  // date). The map is dropped, and this not emitted, when a newer date was asked meanwhile.
  void mapReloaded();
  // Emitted just before mapReloaded when the map was re-read after a write (reloadMap()): the
  // figures derived from the store must be read again.
  void dataChanged();
  void asOfChanged(const QString &date); // "" = today

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
  void startReload();
  void setLoading(bool loading, const QString &message = {});
  // Drops the GUI thread's reference to a replaced map (or store) on mFreePool: freeing an 85k-feature
  // map took the GUI thread tens of ms at every reload. Whoever lets go last frees it (a render job
  // still drawing the old map does so on its worker).
  template <class T> void releaseLater(std::shared_ptr<T> old);

  // Shared with the map reads running on workers (the store serialises its calls).
  std::shared_ptr<data::Store> mStore;
  std::shared_ptr<const layers::MapData> mData;
  QString mPath;
  QString mAsOf;
  bool mQuiet = false;
  bool mFieldCopy = false;
  bool mReadOnly = false;
  bool mOpening = false;
  bool mCloseWhenOpened = false;
  bool mReloadRunning = false;
  bool mReloadPending = false;
  bool mWritePending = false; // a reload asked after a write is still to be read
  quint64 mMapGeneration = 0; // bumped by every open; a reload of an older one is dropped
  QProgressBar *mProgress = nullptr;
  // The map reads run here, never on Qt's global pool: the raster paint engine spreads its fills
  // over the global pool and waits for them, so seconds-long reads there froze painting.
  QThreadPool mReadPool;
  QThreadPool mFreePool; // one thread: replaced maps and stores are let go there (releaseLater)
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
