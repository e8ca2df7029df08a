#pragma once

#include "gis/Geometry.h"
#include "layers/render/MapData.h"

#include <QDockWidget>

#include <cstdint>
#include <optional>

class QTreeWidget;

namespace data {
class Store;
}

namespace app {

// Identify / attributes: everything known about the selected feature — layer, code, name, status
// as of the map's date, length or area, completed chainage, all attributes from the store, and for
// a line the chainage of the clicked point.
class IdentifyDock : public QDockWidget
{
  Q_OBJECT
public:
  explicit IdentifyDock(QWidget *parent = nullptr);
  // `clickLonLat` is where the user clicked (for the chainage of a line), if it was a click.
  void showFeature(const data::Store &store, const layers::MapData &map, std::int64_t featureId,
                   const std::optional<gis::Point> &clickLonLat);
  void showCount(int features);
  void clear();
  int rowCount() const;
  QString value(const QString &key) const; // the value shown for a key, "" when absent

private:
  void add(const QString &key, const QString &value);
  QTreeWidget *mTree = nullptr;
};

} // namespace app
