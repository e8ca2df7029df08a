#pragma once

#include "layers/render/MapData.h"

#include <QDockWidget>

#include <cstdint>
#include <memory>

class QLineEdit;
class QListWidget;

namespace app {

// Search by feature name (Chinese or not), code or id: matches are listed as the user types;
// Enter or a double click zooms to the feature.
class SearchDock : public QDockWidget
{
  Q_OBJECT
public:
  explicit SearchDock(QWidget *parent = nullptr);
  void setMapData(std::shared_ptr<const layers::MapData> data);
  void search(const QString &text);
  int resultCount() const;
  std::int64_t resultId(int row) const;

signals:
  void featureActivated(std::int64_t featureId);

private:
  void activateCurrent();
  std::shared_ptr<const layers::MapData> mData;
  QLineEdit *mEdit = nullptr;
  QListWidget *mList = nullptr;
};

} // namespace app
