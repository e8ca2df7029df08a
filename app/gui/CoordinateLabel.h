#pragma once

#include "app/core/TaskRunner.h"
#include "gis/Crs.h"
#include "gis/Geometry.h"

#include <QLabel>

#include <memory>

namespace app {

// Status-bar read-out of the cursor: WGS84 lon/lat and the CGCS2000 Gauss-Krüger easting/northing
// of the map's zone (the map's own coordinates).
class CoordinateLabel : public QLabel
{
  Q_OBJECT
public:
  explicit CoordinateLabel(QWidget *parent = nullptr);
  void setCrs(int epsg); // the map's projected CRS
  void showMapPoint(const gis::Point &projected);

private:
  int mEpsg = 0;
  // PROJ takes tens of ms to set a transform up: made on a worker at setCrs, taken when ready (or
  // made here by the first read-out that comes sooner).
  core::TaskRunner mTasks;
  core::TaskRunner::Lane mLane =
      mTasks.addLane(QStringLiteral("transform"), core::TaskRunner::Policy::LatestWins);
  std::shared_ptr<gis::Transform> mToLonLat;
  bool mTransformMade = false;
};

} // namespace app
