#include "app/gui/MoveFeatureTool.h"

#include "app/gui/FieldController.h"
#include "app/gui/FieldOverlays.h"
#include "app/gui/MainWindow.h"
#include "data/store/Store.h"
#include "layers/edit/EditCommands.h"

#include <utility>

namespace app {

using namespace tools;

MoveFeatureTool::MoveFeatureTool(FieldController &field, MapCanvas &canvas)
    : mField(field)
    , mCanvas(canvas)
{
  mCanvas.addOverlay(&mOverlay);
}

bool MoveFeatureTool::press(const MapToolEvent &e)
{
  const auto data = mCanvas.mapData();
  const data::Store *store = mField.window()->store();
  if (!data || !store) return false;
  const auto hits = data->identify(e.map, 5 * mCanvas.view().mapUnitsPerPixel(), mCanvas.visibleLayerIds());
  if (hits.empty()) return false;
  // Prefer the selected feature when several are under the cursor.
  std::int64_t id = hits.front().featureId;
  for (const auto &h : hits)
    if (mCanvas.selection().count(h.featureId)) id = h.featureId;
  mFeature = store->feature(id);
  if (!mFeature) return false;
  mMapGeometry = mField.toMap(mFeature->geometry);
  mStart = e.map;
  return true;
}

void MoveFeatureTool::move(const MapToolEvent &e)
{
  if (!mFeature) return;
  const double dx = e.map.x - mStart.x, dy = e.map.y - mStart.y;
  mOverlay.band.clear();
  mOverlay.handles.clear();
  forEachVertex(mMapGeometry, [&](std::size_t, std::size_t, std::size_t, const gis::Point &p) {
    if (mMapGeometry.dimension() == 0) mOverlay.handles.push_back({p.x + dx, p.y + dy});
  });
  if (mMapGeometry.dimension() > 0)
    for (const auto &part : mMapGeometry.parts())
      if (!part.empty()) {
        for (const gis::Point &p : part.front())
          mOverlay.band.push_back({p.x + dx, p.y + dy});
        break;
      }
  mOverlay.closed = mMapGeometry.dimension() == 2;
  mCanvas.update();
}

void MoveFeatureTool::release(const MapToolEvent &e)
{
  mOverlay = EditOverlay{};
  mCanvas.update();
  if (!mFeature) return;
  const data::Feature f = *std::exchange(mFeature, std::nullopt);
  const double dx = e.map.x - mStart.x, dy = e.map.y - mStart.y;
  if (pixelDistance(mCanvas.view().toPixel(e.map), mCanvas.view().toPixel(mStart)) < 3) {
    mCanvas.selectAt(e.pixel);
    return;
  }
  gis::Geometry moved = mMapGeometry;
  for (auto &part : moved.parts())
    for (auto &path : part)
      for (gis::Point &p : path)
        p = {p.x + dx, p.y + dy};
  if (auto *ctx = mField.context())
    mField.push(new layers::ChangeGeometryCommand(*ctx, f.id, mField.toLonLat(moved)));
}

void MoveFeatureTool::click(const MapToolEvent &e)
{
  mCanvas.selectAt(e.pixel);
}

bool MoveFeatureTool::cancel()
{
  const bool had = mFeature.has_value();
  mFeature.reset();
  mOverlay = EditOverlay{};
  mCanvas.update();
  return had;
}

void MoveFeatureTool::deactivated()
{
  cancel();
}

} // namespace app
