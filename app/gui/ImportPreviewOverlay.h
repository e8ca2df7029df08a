#pragma once

#include "app/gui/MapCanvas.h"
#include "gis/Geometry.h"

#include <QPointF>

#include <memory>
#include <vector>

namespace app {

// The dry run's features drawn over the map (orange, above everything) while the wizard is open.
// Geometries are projected to the map's CRS once, on the worker that ran the dry run.
class ImportPreviewOverlay : public MapOverlay
{
public:
  struct Shape
  {
    int dimension = 0;
    std::vector<std::vector<QPointF>> paths; // map units; a point is one path of one point
    gis::Envelope box;
  };
  std::vector<Shape> shapes;
  gis::Envelope extent;
  std::size_t total = 0; // features in the dry run (shapes may hold fewer: see kMaxShapes)
  static constexpr std::size_t kMaxShapes = 100000;

  void paint(QPainter &p, const layers::MapSettings &view) override;

  // Projects `geometries` (lon/lat) to EPSG `epsg`; any that fail to project are left out.
  static std::unique_ptr<ImportPreviewOverlay> build(const std::vector<gis::Geometry> &geometries, int epsg);
};

} // namespace app
