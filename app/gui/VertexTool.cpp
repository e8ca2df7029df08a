#include "app/gui/VertexTool.h"

#include "app/gui/FieldController.h"
#include "app/gui/FieldOverlays.h"
#include "data/store/Store.h"
#include "layers/edit/EditCommands.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace app {

using namespace tools;

VertexTool::VertexTool(FieldController &field, MapCanvas &canvas)
    : mField(field)
    , mCanvas(canvas)
{
  mCanvas.addOverlay(&mOverlay);
}

void VertexTool::refresh()
{
  mDragged.reset();
  mOverlay = EditOverlay{};
  mFeature = mField.selectedFeature();
  if (mFeature && mCanvas.customTool() == this) {
    mMapGeometry = mField.toMap(mFeature->geometry);
    forEachVertex(mMapGeometry, [&](std::size_t, std::size_t, std::size_t, const gis::Point &p) {
      mOverlay.handles.push_back(p);
    });
  }
  mCanvas.update();
}

std::optional<VertexTool::Ref> VertexTool::vertexAt(const QPointF &pixel) const
{
  if (!mFeature) return std::nullopt;
  const layers::MapSettings view = mCanvas.view();
  double best = kHandlePixels;
  std::optional<Ref> found;
  forEachVertex(mMapGeometry, [&](std::size_t part, std::size_t path, std::size_t i, const gis::Point &p) {
    const double d = pixelDistance(view.toPixel(p), pixel);
    if (d <= best) {
      best = d;
      found = Ref{part, path, i};
    }
  });
  return found;
}

std::optional<std::pair<VertexTool::Ref, gis::Point>> VertexTool::edgeAt(const QPointF &pixel) const
{
  if (!mFeature || mMapGeometry.dimension() < 1) return std::nullopt;
  const layers::MapSettings view = mCanvas.view();
  const gis::Point at = view.toMap(pixel);
  double best = kHandlePixels * view.mapUnitsPerPixel();
  std::optional<std::pair<Ref, gis::Point>> found;
  const auto &parts = mMapGeometry.parts();
  for (std::size_t part = 0; part < parts.size(); ++part)
    for (std::size_t path = 0; path < parts[part].size(); ++path) {
      const auto &pts = parts[part][path];
      for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        const double dx = pts[i + 1].x - pts[i].x, dy = pts[i + 1].y - pts[i].y;
        const double len2 = dx * dx + dy * dy;
        const double t =
            len2 > 0 ? std::clamp(((at.x - pts[i].x) * dx + (at.y - pts[i].y) * dy) / len2, 0.0, 1.0) : 0;
        const gis::Point on{pts[i].x + t * dx, pts[i].y + t * dy};
        const double d = std::hypot(on.x - at.x, on.y - at.y);
        if (d <= best) {
          best = d;
          found = std::pair{Ref{part, path, i}, on};
        }
      }
    }
  return found;
}

void VertexTool::pushGeometry(const gis::Geometry &lonLat)
{
  if (!mFeature) return;
  const std::int64_t id = mFeature->id;
  if (auto *ctx = mField.context()) mField.push(new layers::ChangeGeometryCommand(*ctx, id, lonLat));
  refresh();
}

bool VertexTool::press(const MapToolEvent &e)
{
  mDragged = vertexAt(e.pixel);
  mTarget = e.map;
  return mDragged.has_value();
}

void VertexTool::move(const MapToolEvent &e)
{
  if (!mDragged || !mFeature) return;
  bool snapped = false;
  mTarget = mField.snap(e.map, kSnapPixels, mFeature->id, &snapped);
  mOverlay.marker = snapped ? std::optional(mTarget) : std::nullopt;
  // The edited path with the dragged vertex at its new place.
  std::vector<gis::Point> path = mMapGeometry.parts()[mDragged->part][mDragged->path];
  path[mDragged->index] = mTarget;
  mOverlay.band = path.size() >= 2 ? path : std::vector<gis::Point>{};
  mOverlay.closed = false;
  mCanvas.update();
}

void VertexTool::release(const MapToolEvent &e)
{
  if (!mDragged || !mFeature) return;
  const Ref ref = *std::exchange(mDragged, std::nullopt);
  mTarget = mField.snap(e.map, kSnapPixels, mFeature->id);
  mOverlay.band.clear();
  mOverlay.marker.reset();
  const layers::MapSettings view = mCanvas.view();
  const gis::Point from = mMapGeometry.parts()[ref.part][ref.path][ref.index];
  if (pixelDistance(view.toPixel(from), view.toPixel(mTarget)) < 1) {
    mCanvas.update();
    return;
  }
  // Work on the stored lon/lat geometry so the other vertices keep their exact values.
  gis::Geometry g = mFeature->geometry;
  auto &path = g.parts()[ref.part][ref.path];
  const gis::Point oldLonLat = path[ref.index];
  const gis::Point newLonLat = mField.toLonLat(mTarget);
  const bool closedRing = path.size() >= 4 && path.front() == path.back();
  path[ref.index] = newLonLat;
  if (closedRing && (ref.index == 0 || ref.index + 1 == path.size())) {
    path.front() = newLonLat;
    path.back() = newLonLat;
  }
  (void)oldLonLat;
  const std::int64_t id = mFeature->id;
  if (auto *ctx = mField.context()) mField.push(new layers::ChangeGeometryCommand(*ctx, id, g));
  refresh();
}

void VertexTool::click(const MapToolEvent &e)
{
  if (vertexAt(e.pixel) || edgeAt(e.pixel)) return; // the first click of a double click on it
  mCanvas.selectAt(e.pixel);
  refresh();
}

void VertexTool::doubleClick(const MapToolEvent &e)
{
  if (!mFeature) return;
  gis::Geometry g = mFeature->geometry;
  if (const auto v = vertexAt(e.pixel)) {
    auto &path = g.parts()[v->part][v->path];
    const bool ring = g.dimension() == 2;
    // A line keeps two vertices, a ring three (four with its closing one).
    if (path.size() <= (ring ? 4u : 2u) || g.dimension() == 0) return;
    if (ring && (v->index == 0 || v->index + 1 == path.size())) {
      path.erase(path.begin());
      path.back() = path.front();
    } else {
      path.erase(path.begin() + static_cast<std::ptrdiff_t>(v->index));
    }
    pushGeometry(g);
  } else if (const auto edge = edgeAt(e.pixel)) {
    auto &path = g.parts()[edge->first.part][edge->first.path];
    path.insert(path.begin() + static_cast<std::ptrdiff_t>(edge->first.index + 1),
                mField.toLonLat(edge->second));
    pushGeometry(g);
  }
}

bool VertexTool::cancel()
{
  if (!mDragged) return false;
  mDragged.reset();
  refresh();
  return true;
}

void VertexTool::deactivated()
{
  mDragged.reset();
  mFeature.reset();
  mOverlay = EditOverlay{};
  mCanvas.update();
}

} // namespace app
