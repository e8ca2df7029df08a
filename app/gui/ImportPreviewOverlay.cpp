#include "app/gui/ImportPreviewOverlay.h"

#include "gis/Crs.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace app {

void ImportPreviewOverlay::paint(QPainter &p, const layers::MapSettings &view)
{
  const gis::Envelope visible = view.visibleExtent();
  const QColor edge(230, 90, 0);
  const bool many = shapes.size() > 5000; // small marks, so a dense file does not become a blot
  p.setRenderHint(QPainter::Antialiasing);
  for (const Shape &s : shapes) {
    if (!s.box.intersects(visible)) continue;
    if (s.dimension == 0) {
      p.setPen(many ? QPen(Qt::NoPen) : QPen(Qt::white, 1.5));
      p.setBrush(edge);
      for (const auto &path : s.paths)
        for (const QPointF &pt : path)
          p.drawEllipse(view.toPixel(gis::Point{pt.x(), pt.y()}), many ? 2 : 5, many ? 2 : 5);
      continue;
    }
    QPainterPath path;
    for (const auto &ring : s.paths) {
      if (ring.empty()) continue;
      path.moveTo(view.toPixel(gis::Point{ring[0].x(), ring[0].y()}));
      for (std::size_t i = 1; i < ring.size(); ++i)
        path.lineTo(view.toPixel(gis::Point{ring[i].x(), ring[i].y()}));
      if (s.dimension == 2) path.closeSubpath();
    }
    p.setPen(QPen(edge, many ? 1.5 : s.dimension == 1 ? 3 : 2));
    p.setBrush(s.dimension == 2 ? QBrush(QColor(230, 90, 0, 60)) : QBrush(Qt::NoBrush));
    p.drawPath(path);
  }
}

std::unique_ptr<ImportPreviewOverlay>
ImportPreviewOverlay::build(const std::vector<gis::Geometry> &geometries, int epsg)
{
  auto o = std::make_unique<ImportPreviewOverlay>();
  o->total = geometries.size();
  if (epsg <= 0) return o;
  const gis::Transform toMap(gis::kWgs84, epsg);
  for (std::size_t k = kMaxShapes; k < geometries.size(); ++k) { // beyond the cap: only the extent
    const gis::Envelope e = geometries[k].envelope();
    if (e.isNull()) continue;
    try {
      std::vector<gis::Point> corners{{e.minX, e.minY}, {e.maxX, e.maxY}, {e.minX, e.maxY}, {e.maxX, e.minY}};
      toMap.forward(corners);
      for (const gis::Point &c : corners)
        o->extent.expand(c);
    } catch (const std::exception &) {
    }
  }
  for (std::size_t k = 0; k < geometries.size() && k < kMaxShapes; ++k) {
    const gis::Geometry &g = geometries[k];
    Shape s;
    s.dimension = std::max(0, g.dimension());
    try {
      for (const auto &part : g.parts())
        for (const auto &path : part) {
          std::vector<gis::Point> pts = path;
          toMap.forward(pts);
          std::vector<QPointF> q;
          q.reserve(pts.size());
          for (const gis::Point &pt : pts) {
            q.emplace_back(pt.x, pt.y);
            s.box.expand(pt);
          }
          s.paths.push_back(std::move(q));
        }
    } catch (const std::exception &) {
      continue;
    }
    if (s.box.isNull()) continue;
    o->extent.expand(s.box);
    o->shapes.push_back(std::move(s));
  }
  return o;
}

} // namespace app
