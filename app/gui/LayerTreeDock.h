#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"

#include <QDockWidget>
#include <QIcon>

#include <map>
#include <string>
#include <vector>

class QLineEdit;
class QSlider;
class QTreeWidget;
class QTreeWidgetItem;

namespace app {

// The layer tree: a check box per layer for visibility, up/down for drawing order (the top of the
// list is drawn last, on top), each layer expands to its legend, and a slider sets the current
// layer's opacity. It edits the view options it was given and emits them whole.
class LayerTreeDock : public QDockWidget
{
  Q_OBJECT
public:
  explicit LayerTreeDock(QWidget *parent = nullptr);
  void setMapData(const layers::MapData &data, const layers::MapSettings &options);
  const layers::MapSettings &options() const { return mOptions; }
  std::string currentLayerId() const;
  // Scale-dependent visibility of a layer (QGIS's "scale range"): drawn only while the map scale
  // 1:N has minScale <= N <= maxScale; 0 = no limit on that side.
  void setScaleRange(const std::string &layerId, double minScale, double maxScale);
  // Whether the layer's entry is shown greyed (outside its scale range at the map's scale).
  bool isGreyed(const std::string &layerId) const;

public slots:
  // The map's current scale: layers hidden at it by their scale range are shown greyed.
  void setMapScale(double scale);

signals:
  void optionsChanged(const layers::MapSettings &options);
  void zoomToLayerRequested(const std::string &layerId);

private:
  struct Entry
  {
    std::string id;
    QString name;
    QIcon icon;
    std::vector<std::pair<QIcon, QString>> legend;
  };
  void rebuild();
  void moveCurrent(int delta);
  void itemChanged(QTreeWidgetItem *item);
  void currentChanged();
  void scaleEdited();
  void updateScaleHints();

  QTreeWidget *mTree = nullptr;
  QSlider *mOpacity = nullptr;
  QLineEdit *mZoomedOutLimit = nullptr; // maxScale: hidden when zoomed out beyond 1:N
  QLineEdit *mZoomedInLimit = nullptr;  // minScale: hidden when zoomed in beyond 1:N
  double mMapScale = 0;
  layers::MapSettings mOptions;
  std::vector<Entry> mEntries; // in drawing order, bottom first
  bool mUpdating = false;
};

} // namespace app
