#include "app/gui/FieldTools.h"

#include "app/gui/FieldController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MarkingPanel.h"
#include "data/store/Store.h"
#include "gis/LinearRef.h"
#include "layers/edit/EditCommands.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace app {

namespace {

constexpr double kSnapPixels = 10;
constexpr double kHandlePixels = 8;
constexpr double kLinePickPixels = 20;

double pixelDistance(const QPointF &a, const QPointF &b)
{
  return std::hypot(a.x() - b.x(), a.y() - b.y());
}

QPolygonF toPixels(const std::vector<gis::Point> &path, const layers::MapSettings &view)
{
  QPolygonF poly;
  poly.reserve(static_cast<qsizetype>(path.size()));
  for (const gis::Point &p : path)
    poly << view.toPixel(p);
  return poly;
}

void drawHandle(QPainter &p, const QPointF &at, const QColor &fill)
{
  p.setPen(QPen(Qt::black, 1));
  p.setBrush(fill);
  p.drawRect(QRectF(at.x() - 3.5, at.y() - 3.5, 7, 7));
}

// The line a click means: the selected one when it is a single line, else the topmost line under
// the click.
std::optional<data::Feature> lineAt(FieldController &field, MapCanvas &canvas, const MapToolEvent &e)
{
  if (auto f = field.selectedFeature(); f && f->geometry.type() == gis::Geometry::Type::LineString) return f;
  const auto data = canvas.mapData();
  const data::Store *store = field.window()->store();
  if (!data || !store) return std::nullopt;
  const layers::MapSettings view = canvas.view();
  for (const layers::MapHit &h : data->identify(e.map, 5 * view.mapUnitsPerPixel(), canvas.visibleLayerIds()))
    if (auto f = store->feature(h.featureId); f && f->geometry.type() == gis::Geometry::Type::LineString)
      return f;
  return std::nullopt;
}

// Every vertex of a geometry with its place.
template <class F> void forEachVertex(const gis::Geometry &g, F f)
{
  for (std::size_t part = 0; part < g.parts().size(); ++part)
    for (std::size_t path = 0; path < g.parts()[part].size(); ++path)
      for (std::size_t i = 0; i < g.parts()[part][path].size(); ++i)
        f(part, path, i, g.parts()[part][path][i]);
}

} // namespace

// ---- overlays

void StretchPreviewOverlay::paint(QPainter &p, const layers::MapSettings &view)
{
  if (mPath.size() < 2) return;
  const QPolygonF poly = toPixels(mPath, view);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(QColor(255, 255, 255, 220), 9, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  p.drawPolyline(poly);
  p.setPen(QPen(QColor(230, 80, 0), 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  p.drawPolyline(poly);
  for (const QPointF &end : {poly.front(), poly.back()}) {
    p.setPen(QPen(Qt::white, 2));
    p.setBrush(QColor(230, 80, 0));
    p.drawEllipse(end, 6, 6);
  }
}

void PhotoPinOverlay::paint(QPainter &p, const layers::MapSettings &view)
{
  p.setRenderHint(QPainter::Antialiasing);
  const QRectF bounds(QPointF(0, 0), QSizeF(view.size));
  for (const PhotoPin &pin : mField.photoPins()) {
    if (!pin.lonLat) continue;
    const QPointF at = view.toPixel(mField.toMap(*pin.lonLat));
    if (!bounds.adjusted(-20, -20, 20, 20).contains(at)) continue;
    // A drop pin: its tip at the photo's position.
    QPainterPath path;
    path.moveTo(at);
    path.cubicTo(at + QPointF(-4, -8), at + QPointF(-9, -13), at + QPointF(-9, -19));
    path.arcTo(QRectF(at.x() - 9, at.y() - 28, 18, 18), 180, -180);
    path.cubicTo(at + QPointF(9, -13), at + QPointF(4, -8), at);
    p.setPen(QPen(Qt::white, 1.5));
    p.setBrush(QColor(30, 110, 200));
    p.drawPath(path);
    p.setBrush(Qt::white);
    p.setPen(Qt::NoPen);
    p.drawEllipse(at + QPointF(0, -19), 3.5, 3.5);
  }
}

QString PhotoPinOverlay::pinAt(const QPointF &pixel, const layers::MapSettings &view) const
{
  for (auto it = mField.photoPins().rbegin(); it != mField.photoPins().rend(); ++it) {
    if (!it->lonLat) continue;
    const QPointF at = view.toPixel(mField.toMap(*it->lonLat));
    if (QRectF(at.x() - 10, at.y() - 29, 20, 30).contains(pixel)) return it->uuid;
  }
  return {};
}

bool PhotoPinOverlay::click(const QPointF &pixel, const layers::MapSettings &view)
{
  const QString uuid = pinAt(pixel, view);
  if (uuid.isEmpty()) return false;
  mField.showPhoto(uuid);
  return true;
}

void EditOverlay::paint(QPainter &p, const layers::MapSettings &view)
{
  p.setRenderHint(QPainter::Antialiasing);
  if (band.size() >= 2) {
    QPolygonF poly = toPixels(band, view);
    p.setPen(QPen(QColor(200, 0, 120), 2, Qt::DashLine));
    p.setBrush(closed ? QBrush(QColor(200, 0, 120, 40)) : QBrush(Qt::NoBrush));
    if (closed)
      p.drawPolygon(poly);
    else
      p.drawPolyline(poly);
  }
  for (const gis::Point &h : handles)
    drawHandle(p, view.toPixel(h), QColor(255, 255, 255));
  if (band.size() == 1) drawHandle(p, view.toPixel(band.front()), QColor(200, 0, 120));
  if (marker) {
    p.setPen(QPen(QColor(200, 0, 120), 2));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(view.toPixel(*marker), 7, 7);
  }
}

// ---- marking

void MarkStretchTool::click(const MapToolEvent &e)
{
  const auto f = mField.selectedFeature();
  if (!f || f->geometry.type() != gis::Geometry::Type::LineString || !mField.markingPanel()) {
    mCanvas.selectAt(e.pixel);
    mNextIsStart = true;
    return;
  }
  const gis::LinearRef ref(f->geometry.asLineString());
  const gis::LinearRef::Nearest n = ref.nearest(mField.toLonLat(e.map));
  // Metres on the ground are map units in the town's Gauss-Krüger zone, up to its scale factor.
  if (n.distance / mCanvas.view().mapUnitsPerPixel() > kLinePickPixels) {
    mCanvas.selectAt(e.pixel);
    mNextIsStart = true;
    return;
  }
  if (mNextIsStart)
    mField.markingPanel()->setStretchStart(n.chainage);
  else
    mField.markingPanel()->setStretchEnd(n.chainage);
  mNextIsStart = !mNextIsStart;
}

// ---- adding

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

// ---- moving

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

// ---- vertices

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

// ---- splitting

void SplitTool::click(const MapToolEvent &e)
{
  const auto f = lineAt(mField, mCanvas, e);
  if (!f) {
    mField.reportError(FieldController::tr("Click on a river (or another line) to split it there"));
    return;
  }
  const gis::LinearRef ref(f->geometry.asLineString());
  const gis::LinearRef::Nearest n = ref.nearest(mField.toLonLat(e.map));
  if (n.distance / mCanvas.view().mapUnitsPerPixel() > kLinePickPixels) {
    mField.reportError(FieldController::tr("Click on a river (or another line) to split it there"));
    return;
  }
  if (auto *ctx = mField.context()) mField.push(new layers::SplitLineCommand(*ctx, f->id, n.chainage));
}

} // namespace app
