#pragma once

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
  std::unique_ptr<gis::Transform> mToLonLat;
};

} // namespace app
