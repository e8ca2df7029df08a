#include "layers/LabelEngine.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace layers {

namespace {

constexpr std::size_t kMaxCandidates = 4000;

struct Candidate
{
  QString text;
  std::vector<QPointF> anchors; // positions to try, baseline start, in order of preference
  int priority = 0;
  bool bold = false;
  double pointSize = 9;
  QColor colour;
  double width = 0, ascent = 0, descent = 0; // text metrics in pixels
};

} // namespace

LabelEngine::LabelEngine(const MapData &data, const MapSettings &settings, const Symbology &symbology)
    : mData(data)
    , mSettings(settings)
    , mSymbology(symbology)
{
}

std::vector<PlacedLabel> LabelEngine::place() const
{
  const double scale = mSettings.scale();
  const double dpiScale = mSettings.dpi / 96.0;
  const QRectF view(QPointF(0, 0), QSizeF(mSettings.size));
  const gis::Envelope visible = mSettings.visibleExtent();
  std::vector<Candidate> candidates;
  for (const MapLayer &layer : mData.layers()) {
    if (!mSettings.layerVisibleAtScale(layer.id())) continue;
    const LayerSymbol &sym = mSymbology.symbol(layer.id());
    Candidate proto;
    switch (sym.role) {
    case LayerRole::Boundary:
      continue;
    case LayerRole::Area:
      if (scale > kAreaLabelScale) continue;
      proto.priority = layer.tracked() ? 1 : 0;
      proto.bold = !layer.tracked();
      proto.pointSize = layer.tracked() ? 8 : 9;
      proto.colour = QColor(60, 60, 60);
      break;
    case LayerRole::Water:
      proto.priority = 0;
      proto.pointSize = 9;
      proto.colour = QColor(30, 90, 150);
      break;
    case LayerRole::Point:
      if (scale > kPointLabelScale) continue;
      proto.priority = 2;
      proto.pointSize = 8;
      proto.colour = QColor(40, 40, 40);
      break;
    case LayerRole::Line:
      if (scale > kLineLabelScale) continue;
      proto.priority = 3;
      proto.pointSize = 8;
      proto.colour = QColor(25, 75, 130);
      break;
    case LayerRole::Road:
      if (scale > kAreaLabelScale / 2) continue;
      proto.priority = 4;
      proto.pointSize = 8;
      proto.colour = QColor(120, 90, 50);
      break;
    }
    const QFontMetricsF fm(Symbology::font(proto.pointSize, mSettings.dpi, proto.bold));
    for (std::uint32_t i : layer.query(visible)) {
      const MapFeature &f = layer.feature(i);
      if (f.name.empty()) continue;
      Candidate c = proto;
      c.text = QString::fromStdString(f.name);
      const QPointF at = mSettings.toPixel(f.labelPoint);
      const double w = fm.horizontalAdvance(c.text), up = fm.ascent() / 2 - fm.descent() / 2;
      c.width = w;
      c.ascent = fm.ascent();
      c.descent = fm.descent();
      if (sym.role == LayerRole::Point) {
        const double gap = 7 * dpiScale;
        c.anchors = {at + QPointF(gap, up), at + QPointF(-gap - w, up), at + QPointF(-w / 2, -gap),
                     at + QPointF(-w / 2, gap + fm.ascent())};
      } else {
        // Lines and small areas are labelled only when the name fits along them.
        const gis::Envelope &e = layer.envelope(i);
        const double extentPx = std::max(e.width(), e.height()) / mSettings.mapUnitsPerPixel();
        if (sym.role != LayerRole::Water && !(sym.role == LayerRole::Area && !layer.tracked()) &&
            extentPx < w)
          continue;
        c.anchors = {at + QPointF(-w / 2, up)};
      }
      candidates.push_back(std::move(c));
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate &a, const Candidate &b) { return a.priority < b.priority; });
  if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);

  std::vector<PlacedLabel> placed;
  const double halo = 2 * dpiScale;
  for (const Candidate &c : candidates) {
    for (const QPointF &anchor : c.anchors) {
      const QRectF box(anchor.x() - halo, anchor.y() - c.ascent - halo, c.width + 2 * halo,
                       c.ascent + c.descent + 2 * halo);
      if (!view.contains(box)) continue;
      const bool clash = std::any_of(placed.begin(), placed.end(),
                                     [&box](const PlacedLabel &l) { return l.box.intersects(box); });
      if (clash) continue;
      placed.push_back({c.text, anchor, box, c.priority, c.bold, c.pointSize, c.colour});
      break;
    }
  }
  return placed;
}

void LabelEngine::draw(QPainter &p, const std::vector<PlacedLabel> &labels, double dpi)
{
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const bool raster = p.device() && p.device()->devType() == QInternal::Image;
  for (const PlacedLabel &l : labels) {
    const QFont font = Symbology::font(l.pointSize, dpi, l.bold);
    p.setFont(font);
    if (raster) {
      // On images the halo is the text drawn around itself: glyphs come from the cache, where an
      // outline path would be built glyph by glyph for every label.
      const double r = 1.5 * dpi / 96.0;
      p.setPen(QColor(255, 255, 255, 225));
      for (const QPointF &d : {QPointF(-r, 0), QPointF(r, 0), QPointF(0, -r), QPointF(0, r), QPointF(-r, -r),
                               QPointF(r, r), QPointF(-r, r), QPointF(r, -r)})
        p.drawText(l.anchor + d, l.text);
    } else {
      // In SVG and PDF the halo is an outline, so each name is in the text layer once.
      QPainterPath outline;
      outline.addText(l.anchor, font, l.text);
      p.setPen(QPen(QColor(255, 255, 255, 225), 3 * dpi / 96.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
      p.setBrush(Qt::NoBrush);
      p.drawPath(outline);
    }
    p.setPen(l.colour);
    p.drawText(l.anchor, l.text);
  }
  p.restore();
}

} // namespace layers
