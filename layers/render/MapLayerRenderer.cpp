#include "layers/render/MapLayerRenderer.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <array>
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

bool MapLayerRenderer::draw(QPainter &p, const std::atomic_bool *cancel, const gis::Envelope *band) const
{
  // One pixel of margin catches strokes of features just outside.
  const double m = 8.0 / mInvUpp;
  gis::Envelope box = mSettings.visibleExtent();
  box = gis::Envelope{box.minX - m, box.minY - m, box.maxX + m, box.maxY + m};
  std::vector<std::uint32_t> visible = mLayer.query(box);
  const std::size_t viewFeatures = visible.size();
  std::size_t viewVertices = 0;
  if (mLayer.kind() == GeometryKind::Line) {
    const PathSet &ps = mLayer.paths();
    for (std::uint32_t i : visible)
      viewVertices += ps.pathStart[ps.featureStart[i + 1]] - ps.pathStart[ps.featureStart[i]];
  }
  if (band) {
    const gis::Envelope b{band->minX - m, band->minY - m, band->maxX + m, band->maxY + m};
    std::erase_if(visible, [&](std::uint32_t i) { return !mLayer.envelope(i).intersects(b); });
  }
  if (visible.empty()) return true;
  p.save(); // the hairline mode turns antialiasing off for this layer only
  bool finished = true;
  switch (mLayer.kind()) {
  case GeometryKind::Line:
    finished = drawLines(p, visible, viewVertices, cancel);
    break;
  case GeometryKind::Polygon:
    finished = drawPolygons(p, visible, cancel);
    break;
  case GeometryKind::Point:
    drawPoints(p, visible, viewFeatures);
    break;
  }
  p.restore();
  return finished;
}

bool MapLayerRenderer::drawLines(QPainter &p, const std::vector<std::uint32_t> &visible,
                                 std::size_t viewVertices, const std::atomic_bool *cancel) const
{
  const PathSet &ps = mLayer.paths();
  const LayerSymbol &sym = mSymbology.symbol(mLayer.id());
  const bool hairline = viewVertices > kHairlineVertices;
  const double width = hairline ? mDpiScale : sym.width * mDpiScale;
  const Theme theme = mSettings.theme;

  // Group by colour so the pen changes a handful of times, and done work is drawn last (on top):
  // a stable bucket sort by (status under the status theme, colour in order of first appearance).
  std::vector<std::pair<QRgb, std::uint32_t>> order(visible.size());
  {
    std::vector<QRgb> colourOrder;
    std::vector<std::uint16_t> key(visible.size());
    constexpr std::size_t kStatuses = 4;
    // A feature's colour depends only on its status and water class here: a table of them.
    std::array<QRgb, 4 * 8> table{};
    std::array<bool, 4 * 8> known{};
    for (std::size_t k = 0; k < visible.size(); ++k) {
      const std::uint32_t i = visible[k];
      const std::size_t cell =
          static_cast<std::size_t>(mLayer.status(i)) * 8 + static_cast<std::size_t>(mLayer.waterClass(i));
      if (!known[cell]) {
        table[cell] = mSymbology.featureColour(mLayer, i, theme).rgb();
        known[cell] = true;
      }
      const QRgb c = table[cell];
      auto it = std::find(colourOrder.begin(), colourOrder.end(), c);
      if (it == colourOrder.end()) it = colourOrder.insert(colourOrder.end(), c);
      const std::size_t rank = static_cast<std::size_t>(it - colourOrder.begin());
      const std::size_t status = theme == Theme::Status ? static_cast<std::size_t>(mLayer.status(i)) : 0;
      key[k] = static_cast<std::uint16_t>(std::min<std::size_t>(status, kStatuses - 1) * 256 +
                                          std::min<std::size_t>(rank, 255));
      order[k] = {c, i};
    }
    std::vector<std::size_t> count(kStatuses * 256 + 1, 0);
    for (std::uint16_t k : key)
      ++count[k + 1u];
    for (std::size_t b = 1; b < count.size(); ++b)
      count[b] += count[b - 1];
    std::vector<std::pair<QRgb, std::uint32_t>> sorted(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
      sorted[count[key[k]]++] = order[k];
    order.swap(sorted);
  }

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
  // Short hairlines are batched as segments, thousands a call: at a province's full extent a call
  // per river (500,000 of them, a few pixels each) costs more in QPainter's per-call work than the
  // pixels. Without antialiasing a 1-px line is the same pixels either way.
  std::vector<QLineF> segments;
  QRgb current = 0;
  bool first = true;
  std::size_t n = 0;
  auto flushDots = [&] {
    if (!segments.empty()) {
      p.drawLines(segments.data(), static_cast<int>(segments.size()));
      segments.clear();
    }
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
    const gis::Envelope e = mLayer.envelope(i);
    if ((e.maxX - e.minX) * mInvUpp < 1 && (e.maxY - e.minY) * mInvUpp < 1) {
      dots.push_back(px(e.minX, e.minY));
      continue;
    }
    for (std::size_t path = ps.featureStart[i]; path < ps.featureStart[i + 1]; ++path) {
      line.clear();
      appendPixels(ps, path, path + 1, line);
      if (hairline && line.size() >= 2 && line.size() <= 8) { // long ones are cheaper as polylines
        for (qsizetype k = 1; k < line.size(); ++k)
          segments.emplace_back(line[k - 1], line[k]);
        if (segments.size() >= 8192) flushDots();
      } else {
        p.drawPolyline(line);
      }
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
    const QColor stroke = mSymbology.featureColour(mLayer, i, Theme::Status);
    QColor fill = sym.fill;
    if (stroke != sym.stroke) {
      fill = stroke;
      fill.setAlpha(110);
    }
    if (const QColor themed = Symbology::themeFill(mLayer, i, mSettings); themed.isValid()) fill = themed;
    const gis::Envelope e = mLayer.envelope(i);
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

void MapLayerRenderer::drawPoints(QPainter &p, const std::vector<std::uint32_t> &visible,
                                  std::size_t viewFeatures) const
{
  const PathSet &ps = mLayer.paths();
  const LayerSymbol &sym = mSymbology.symbol(mLayer.id());
  p.setPen(QPen(QColor(30, 30, 30), 0.8 * mDpiScale));
  // Planned sites first so done ones stay visible where symbols overlap.
  // (A stable bucket sort by status: hundreds of thousands of sites at a province's extent.)
  std::vector<std::uint32_t> order;
  order.reserve(visible.size());
  for (int s = 0; s < 4; ++s)
    for (std::uint32_t i : visible)
      if (static_cast<int>(mLayer.status(i)) == s) order.push_back(i);
  if (viewFeatures > kDensePoints) {
    // Hundreds of thousands of sites in view: a symbol each would cover the map many times over
    // and cost a path fill apiece; a dot each, batched by colour, shows where they are.
    p.setRenderHint(QPainter::Antialiasing, false);
    QPolygonF dots;
    for (std::size_t k = 0; k < order.size();) {
      const QColor fill = mLayer.tracked() ? Symbology::statusColour(mLayer.status(order[k])) : sym.fill;
      dots.clear();
      for (; k < order.size(); ++k) {
        const std::uint32_t i = order[k];
        if (mLayer.tracked() && Symbology::statusColour(mLayer.status(i)) != fill) break;
        const std::uint32_t v = ps.pathStart[ps.featureStart[i]];
        dots.push_back(px(ps.xs[v], ps.ys[v]));
      }
      p.setPen(QPen(fill, 3 * mDpiScale, Qt::SolidLine, Qt::SquareCap));
      p.drawPoints(dots);
    }
    return;
  }
  for (std::uint32_t i : order) {
    const QColor fill = mLayer.tracked() ? Symbology::statusColour(mLayer.status(i)) : sym.fill;
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
