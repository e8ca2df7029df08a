#pragma once

#include "layers/MapData.h"
#include "layers/MapSettings.h"

#include <QDockWidget>
#include <QIcon>

#include <map>
#include <string>
#include <vector>

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

  QTreeWidget *mTree = nullptr;
  QSlider *mOpacity = nullptr;
  layers::MapSettings mOptions;
  std::vector<Entry> mEntries; // in drawing order, bottom first
  bool mUpdating = false;
};

} // namespace app
