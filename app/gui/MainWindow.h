#pragma once

#include "layers/MapData.h"
#include "layers/MapSettings.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QMenu;

namespace data {
class Store;
}

namespace app {

class CoordinateLabel;
class IdentifyDock;
class LayerTreeDock;
class MapCanvas;
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
  // current one. Returns whether it opened.
  bool openProject(const QString &path, bool quiet = false);
  QString projectPath() const { return mPath; }
  // Exports the current view; throws std::runtime_error with a one-line message.
  void exportMap(const layers::MapSettings &settings, const QString &path);
  // Shows the project as of a date ("" = today, all events).
  void setAsOf(const QString &date);

  MapCanvas *canvas() const { return mCanvas; }
  LayerTreeDock *layerTree() const { return mLayerTree; }
  IdentifyDock *identifyDock() const { return mIdentify; }
  SearchDock *searchDock() const { return mSearch; }
  const data::Store *store() const { return mStore.get(); }

signals:
  void languageChangeRequested(const QString &language); // "zh_CN" or "en"

protected:
  void closeEvent(QCloseEvent *event) override;

private:
  void createActions();
  void createStatusBar();
  void newProject();
  void openDialog();
  void saveAs();
  void exportDialog();
  void askAsOf();
  void updateRecentMenu();
  void addRecent(const QString &path);
  void reloadMap();
  void onSelection(const std::vector<layers::MapHit> &hits, const gis::Point &mapPoint);
  void onOptionsChanged(const layers::MapSettings &options);

  std::unique_ptr<data::Store> mStore;
  std::shared_ptr<const layers::MapData> mData;
  QString mPath;
  QString mAsOf;
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
};

} // namespace app
