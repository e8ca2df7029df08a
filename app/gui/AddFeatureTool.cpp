#include "app/gui/AddFeatureTool.h"

#include "app/gui/FieldController.h"
#include "app/gui/FieldOverlays.h"
#include "app/gui/MainWindow.h"
#include "data/store/Store.h"

namespace app {

using namespace tools;

AddFeatureTool::AddFeatureTool(FieldController &field, MapCanvas &canvas)
    : mField(field)
    , mCanvas(canvas)
{
  mCanvas.addOverlay(&mOverlay);
}

bool AddFeatureTool::press(const MapToolEvent &)
{
  return false;
}

void AddFeatureTool::updateBand(const std::optional<gis::Point> &hover)
{
  mOverlay.band = mPoints;
  if (hover && !mPoints.empty()) mOverlay.band.push_back(*hover);
  const auto layer =
      mField.window()->store() ? mField.window()->store()->layer(mField.currentLayerId()) : std::nullopt;
  mOverlay.closed = layer && layer->geometryType == "Polygon" && mOverlay.band.size() >= 3;
  mOverlay.handles = mPoints;
  mCanvas.update();
}

void AddFeatureTool::move(const MapToolEvent &e)
{
  bool snapped = false;
  const gis::Point at = mField.snap(e.map, kSnapPixels, 0, &snapped);
  mOverlay.marker = snapped ? std::optional(at) : std::nullopt;
  updateBand(at);
}

void AddFeatureTool::click(const MapToolEvent &e)
{
  const data::Store *store = mField.window()->store();
  const auto layer = store ? store->layer(mField.currentLayerId()) : std::nullopt;
  if (!layer) {
    mField.reportError(FieldController::tr("Choose the layer to add to in the layer list first"));
    return;
  }
  const gis::Point at = mField.snap(e.map, kSnapPixels);
  if (layer->geometryType == "Point") {
    mPoints.clear();
    updateBand(std::nullopt);
    mField.addFeature(layer->id, gis::Geometry::point(mField.toLonLat(at)));
    return;
  }
  mPoints.push_back(at);
  updateBand(std::nullopt);
}

void AddFeatureTool::doubleClick(const MapToolEvent &)
{
  finish();
}

void AddFeatureTool::finish()
{
  const data::Store *store = mField.window()->store();
  const auto layer = store ? store->layer(mField.currentLayerId()) : std::nullopt;
  std::vector<gis::Point> pts = std::move(mPoints);
  mPoints.clear();
  mOverlay = EditOverlay{};
  mCanvas.update();
  if (!layer) return;
  // A double click may repeat the last point.
  if (pts.size() >= 2 && pts[pts.size() - 1] == pts[pts.size() - 2]) pts.pop_back();
  std::vector<gis::Point> lonLat;
  for (const gis::Point &p : pts)
    lonLat.push_back(mField.toLonLat(p));
  if (layer->geometryType == "LineString") {
    if (lonLat.size() < 2) {
      mField.reportError(FieldController::tr("A line needs at least two points"));
      return;
    }
    mField.addFeature(layer->id, gis::Geometry::lineString(lonLat));
  } else if (layer->geometryType == "Polygon") {
    if (lonLat.size() < 3) {
      mField.reportError(FieldController::tr("A polygon needs at least three points"));
      return;
    }
    lonLat.push_back(lonLat.front());
    gis::Polygon poly;
    poly.rings.push_back(lonLat);
    mField.addFeature(layer->id, gis::Geometry::polygon(poly));
  }
}

bool AddFeatureTool::cancel()
{
  const bool had = !mPoints.empty();
  mPoints.clear();
  mOverlay = EditOverlay{};
  mCanvas.update();
  return had;
}

void AddFeatureTool::deactivated()
{
  cancel();
}

} // namespace app
