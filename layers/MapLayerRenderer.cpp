#include "layers/MapLayerRenderer.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace layers {

namespace {

// Above this many vertices in view, lines are drawn one pixel wide: wide antialiased pens cost
// several times more per segment and the picture is a dense mesh anyway.
constexpr std::size_t kHairlineVertices = 50000;
constexpr double kMarkerSize = 10.0;
// Above this many sites in view, each is a dot in its status colour instead of its symbol.
constexpr std::size_t kDensePoints = 20000;

bool cancelled(const std::atomic_bool *cancel)
{
  return cancel && cancel->load(std::memory_order_relaxed);
}

} // namespace

MapLayerRenderer::MapLayerRenderer(const MapLayer &layer, const MapSettings &settings,
                                   const Symbology &symbology)
    : mLayer(layer)
    , mSettings(settings)
    , mSymbology(symbology)
{
  const gis::Envelope v = settings.visibleExtent();
  mMinX = v.minX;
  mMaxY = v.maxY;
  mInvUpp = 1.0 / settings.mapUnitsPerPixel();
  mDpiScale = settings.dpi / 96.0;
}

void MapLayerRenderer::appendPixels(const PathSet &ps, std::size_t firstPath, std::size_t lastPath,
                                    QPolygonF &out) const
{
  for (std::size_t path = firstPath; path < lastPath; ++path) {
    const std::uint32_t b = ps.pathStart[path], e = ps.pathStart[path + 1];
    if (b == e) continue;
    QPointF last = px(ps.xs[b], ps.ys[b]);
    out.push_back(last);
    for (std::uint32_t v = b + 1; v < e; ++v) {
      const QPointF q = px(ps.xs[v], ps.ys[v]);
      if (v + 1 < e && std::abs(q.x() - last.x()) < 1.0 && std::abs(q.y() - last.y()) < 1.0) continue;
      out.push_back(q);
      last = q;
    }
  }
}

bool MapLayerRenderer::draw(QPainter &p, const std::atomic_bool *cancel) const
{
  // One pixel of margin catches strokes of features just outside.
  const double m = 8.0 / mInvUpp;
  gis::Envelope box = mSettings.visibleExtent();
  box = gis::Envelope{box.minX - m, box.minY - m, box.maxX + m, box.maxY + m};
  const std::vector<std::uint32_t> visible = mLayer.query(box);
  if (visible.empty()) return true;
  p.save(); // the hairline mode turns antialiasing off for this layer only
  bool finished = true;
  switch (mLayer.kind()) {
  case GeometryKind::Line:
    finished = drawLines(p, visible, cancel);
    break;
  case GeometryKind::Polygon:
    finished = drawPolygons(p, visible, cancel);
    break;
  case GeometryKind::Point:
    drawPoints(p, visible);
    break;
  }
  p.restore();
  return finished;
}

bool MapLayerRenderer::drawLines(QPainter &p, const std::vector<std::uint32_t> &visible,
                                 const std::atomic_bool *cancel) const
{
  const PathSet &ps = mLayer.paths();
  std::size_t vertices = 0;
  for (std::uint32_t i : visible)
    vertices += ps.pathStart[ps.featureStart[i + 1]] - ps.pathStart[ps.featureStart[i]];
  const LayerSymbol &sym = mSymbology.symbol(mLayer.id());
  const bool hairline = vertices > kHairlineVertices;
  const double width = hairline ? mDpiScale : sym.width * mDpiScale;
  const Theme theme = mSettings.theme;

  // Group by colour so the pen changes a handful of times, and done work is drawn last (on top).
  std::vector<std::pair<QRgb, std::uint32_t>> order;
  order.reserve(visible.size());
  std::vector<QRgb> colourOrder;
  for (std::uint32_t i : visible) {
    const QRgb c = mSymbology.featureColour(mLayer, mLayer.feature(i), theme).rgb();
    if (std::find(colourOrder.begin(), colourOrder.end(), c) == colourOrder.end()) colourOrder.push_back(c);
    order.emplace_back(c, i);
  }
  auto rank = [&colourOrder](QRgb c) {
    return std::find(colourOrder.begin(), colourOrder.end(), c) - colourOrder.begin();
  };
  std::stable_sort(order.begin(), order.end(), [&](const auto &a, const auto &b) {
    const data::Status sa = mLayer.feature(a.second).status, sb = mLayer.feature(b.second).status;
    if (theme == Theme::Status && sa != sb) return sa < sb;
    return rank(a.first) < rank(b.first);
  });

  // A dense mesh gains nothing from antialiasing and costs several times more with it.
  if (hairline) p.setRenderHint(QPainter::Antialiasing, false);
  const Qt::PenCapStyle cap = hairline ? Qt::FlatCap : Qt::RoundCap;
  const Qt::PenJoinStyle join = hairline ? Qt::BevelJoin : Qt::RoundJoin;
  if (sym.role == LayerRole::Road && !hairline) {
    // A casing under the fill line reads as a road at any zoom.
    p.setPen(QPen(sym.stroke.darker(130), width + 1.4 * mDpiScale, Qt::SolidLine, cap, join));
    QPolygonF line;
    for (std::uint32_t i : visible) {
      line.clear();
      appendPixels(ps, ps.featureStart[i], ps.featureStart[i + 1], line);
      p.drawPolyline(line);
    }
  }
  QPolygonF line;
  QPolygonF dots;
  QRgb current = 0;
  bool first = true;
  std::size_t n = 0;
  auto flushDots = [&] {
    if (dots.isEmpty()) return;
    p.drawPoints(dots);
    dots.clear();
  };
  for (const auto &[colour, i] : order) {
    if (first || colour != current) {
      flushDots();
      p.setPen(QPen(QColor(colour), width, Qt::SolidLine, cap, join));
      current = colour;
      first = false;
    }
    if ((++n & 1023) == 0 && cancelled(cancel)) return false;
    const gis::Envelope &e = mLayer.envelope(i);
    if ((e.maxX - e.minX) * mInvUpp < 1 && (e.maxY - e.minY) * mInvUpp < 1) {
      dots.push_back(px(e.minX, e.minY));
      continue;
    }
    for (std::size_t path = ps.featureStart[i]; path < ps.featureStart[i + 1]; ++path) {
      line.clear();
      appendPixels(ps, path, path + 1, line);
      p.drawPolyline(line);
    }
  }
  flushDots();

  if (theme == Theme::Status && mLayer.tracked()) {
    const PathSet &done = mLayer.done();
    p.setPen(QPen(Symbology::statusColour(data::Status::Completed), width, Qt::SolidLine, cap, join));
    for (std::uint32_t i : visible) {
      for (std::size_t path = done.featureStart[i]; path < done.featureStart[i + 1]; ++path) {
        line.clear();
        appendPixels(done, path, path + 1, line);
        p.drawPolyline(line);
      }
    }
  }
  return true;
}

bool MapLayerRenderer::drawPolygons(QPainter &p, const std::vector<std::uint32_t> &visible,
                                    const std::atomic_bool *cancel) const
{
  const PathSet &ps = mLayer.paths();
  const LayerSymbol &sym = mSymbology.symbol(mLayer.id());
  const double width = sym.width * mDpiScale;
  std::size_t n = 0;
  QPolygonF ring;
  for (std::uint32_t i : visible) {
    if ((++n & 255) == 0 && cancelled(cancel)) return false;
    const MapFeature &f = mLayer.feature(i);
    const QColor stroke = mSymbology.featureColour(mLayer, f, Theme::Status);
    QColor fill = sym.fill;
    if (stroke != sym.stroke) {
      fill = stroke;
      fill.setAlpha(110);
    }
    if (const QColor themed = Symbology::themeFill(mLayer, f, mSettings); themed.isValid()) fill = themed;
    const gis::Envelope &e = mLayer.envelope(i);
    if ((e.maxX - e.minX) * mInvUpp < 1 && (e.maxY - e.minY) * mInvUpp < 1) {
      p.setPen(QPen(stroke, mDpiScale));
      p.drawPoint(px(e.minX, e.minY));
      continue;
    }
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    for (std::size_t r = ps.featureStart[i]; r < ps.featureStart[i + 1]; ++r) {
      ring.clear();
      appendPixels(ps, r, r + 1, ring);
      path.addPolygon(ring);
      path.closeSubpath();
    }
    QPen pen(stroke, stroke != sym.stroke ? 1.5 * mDpiScale : width);
    if (sym.role == LayerRole::Boundary) pen.setStyle(Qt::DashDotLine);
    p.setPen(pen);
    p.setBrush(fill.isValid() ? QBrush(fill) : QBrush(Qt::NoBrush));
    p.drawPath(path);
  }
  return true;
}

void MapLayerRenderer::drawPoints(QPainter &p, const std::vector<std::uint32_t> &visible) const
{
  const PathSet &ps = mLayer.paths();
  const LayerSymbol &sym = mSymbology.symbol(mLayer.id());
  p.setPen(QPen(QColor(30, 30, 30), 0.8 * mDpiScale));
  // Planned sites first so done ones stay visible where symbols overlap.
  std::vector<std::uint32_t> order = visible;
  std::stable_sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
    return mLayer.feature(a).status < mLayer.feature(b).status;
  });
  if (order.size() > kDensePoints) {
    // Hundreds of thousands of sites in view: a symbol each would cover the map many times over
    // and cost a path fill apiece; a dot each, batched by colour, shows where they are.
    p.setRenderHint(QPainter::Antialiasing, false);
    QPolygonF dots;
    for (std::size_t k = 0; k < order.size();) {
      const QColor fill =
          mLayer.tracked() ? Symbology::statusColour(mLayer.feature(order[k]).status) : sym.fill;
      dots.clear();
      for (; k < order.size(); ++k) {
        const std::uint32_t i = order[k];
        if (mLayer.tracked() && Symbology::statusColour(mLayer.feature(i).status) != fill) break;
        const std::uint32_t v = ps.pathStart[ps.featureStart[i]];
        dots.push_back(px(ps.xs[v], ps.ys[v]));
      }
      p.setPen(QPen(fill, 3 * mDpiScale, Qt::SolidLine, Qt::SquareCap));
      p.drawPoints(dots);
    }
    return;
  }
  for (std::uint32_t i : order) {
    const QColor fill = mLayer.tracked() ? Symbology::statusColour(mLayer.feature(i).status) : sym.fill;
    for (std::size_t path = ps.featureStart[i]; path < ps.featureStart[i + 1]; ++path) {
      const std::uint32_t v = ps.pathStart[path];
      Symbology::drawMarker(p, sym.marker, px(ps.xs[v], ps.ys[v]), kMarkerSize * mDpiScale, fill);
    }
  }
}

void MapLayerRenderer::drawHighlight(QPainter &p, const std::vector<std::uint32_t> &features) const
{
  const PathSet &ps = mLayer.paths();
  const QColor c = Symbology::highlightColour();
  p.setPen(QPen(c, 3 * mDpiScale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  p.setBrush(Qt::NoBrush);
  QPolygonF line;
  for (std::uint32_t i : features) {
    for (std::size_t path = ps.featureStart[i]; path < ps.featureStart[i + 1]; ++path) {
      line.clear();
      appendPixels(ps, path, path + 1, line);
      if (mLayer.kind() == GeometryKind::Point) {
        p.drawEllipse(line.front(), 9 * mDpiScale, 9 * mDpiScale);
      } else if (mLayer.kind() == GeometryKind::Polygon) {
        p.drawPolygon(line);
      } else {
        p.drawPolyline(line);
      }
    }
  }
}

} // namespace layers
