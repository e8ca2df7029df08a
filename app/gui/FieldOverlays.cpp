#include "app/gui/FieldOverlays.h"

#include "app/gui/FieldController.h"
#include "app/gui/MainWindow.h"
#include "data/store/Store.h"

#include <QPainter>

#include <cmath>

namespace app {

namespace {

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

} // namespace

namespace tools {

double pixelDistance(const QPointF &a, const QPointF &b)
{
  return std::hypot(a.x() - b.x(), a.y() - b.y());
}

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

} // namespace tools

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

} // namespace app
