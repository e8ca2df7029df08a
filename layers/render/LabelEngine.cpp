#include "layers/render/LabelEngine.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStaticText>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

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

// Text widths from cached per-character advances: laying out each name (itemising and shaping
// it) costs microseconds, and a view of a dense river network has tens of thousands of names.
// The map font is unshaped (Symbology::font), so a name's width is the sum of its advances.
class WidthCache
{
public:
  explicit WidthCache(const QFontMetricsF &fm)
      : mFm(fm)
  {
  }
  double width(const QString &text)
  {
    double w = 0;
    for (const QChar c : text) {
      if (c.isSurrogate()) return mFm.horizontalAdvance(text);
      auto it = mAdvance.find(c.unicode());
      if (it == mAdvance.end()) it = mAdvance.emplace(c.unicode(), mFm.horizontalAdvance(c)).first;
      w += it->second;
    }
    return w;
  }

private:
  const QFontMetricsF &mFm;
  std::unordered_map<char16_t, double> mAdvance;
};

// Placed boxes bucketed in a coarse grid, so a collision test looks at a few neighbours instead
// of every label placed so far.
class BoxGrid
{
public:
  BoxGrid(const QRectF &view, double cell)
      : mCell(cell)
      , mCols(std::max(1, static_cast<int>(std::ceil(view.width() / cell))))
      , mRows(std::max(1, static_cast<int>(std::ceil(view.height() / cell))))
      , mCells(static_cast<std::size_t>(mCols) * static_cast<std::size_t>(mRows))
  {
  }
  bool clashes(const QRectF &box) const
  {
    bool hit = false;
    visit(box, [&](const std::vector<QRectF> &cell) {
      for (const QRectF &b : cell)
        if (b.intersects(box)) return hit = true;
      return false;
    });
    return hit;
  }
  void add(const QRectF &box)
  {
    visitMutable(box, [&](std::vector<QRectF> &cell) { cell.push_back(box); });
  }

private:
  template <class F> void visit(const QRectF &box, F &&f) const
  {
    const int c0 = col(box.left()), c1 = col(box.right()), r0 = row(box.top()), r1 = row(box.bottom());
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c)
        if (f(mCells[static_cast<std::size_t>(r) * static_cast<std::size_t>(mCols) +
                     static_cast<std::size_t>(c)]))
          return;
  }
  template <class F> void visitMutable(const QRectF &box, F &&f)
  {
    const int c0 = col(box.left()), c1 = col(box.right()), r0 = row(box.top()), r1 = row(box.bottom());
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c)
        f(mCells[static_cast<std::size_t>(r) * static_cast<std::size_t>(mCols) +
                 static_cast<std::size_t>(c)]);
  }
  int col(double x) const { return std::clamp(static_cast<int>(std::floor(x / mCell)), 0, mCols - 1); }
  int row(double y) const { return std::clamp(static_cast<int>(std::floor(y / mCell)), 0, mRows - 1); }

  double mCell;
  int mCols, mRows;
  std::vector<std::vector<QRectF>> mCells;
};

// A labelled layer and the look of its labels.
struct LabelSource
{
  const MapLayer *layer;
  LayerRole role;
  Candidate proto;
};

// The look and priority of a layer's labels at `scale`; nullopt when the layer is not labelled
// there.
std::optional<Candidate> labelPrototype(LayerRole role, bool tracked, double scale)
{
  Candidate proto;
  switch (role) {
  case LayerRole::Boundary:
    return std::nullopt;
  case LayerRole::Area:
    if (scale > LabelEngine::kAreaLabelScale) return std::nullopt;
    proto.priority = tracked ? 1 : 0;
    proto.bold = !tracked;
    proto.pointSize = tracked ? 8 : 9;
    proto.colour = QColor(60, 60, 60);
    break;
  case LayerRole::Water:
    proto.priority = 0;
    proto.pointSize = 9;
    proto.colour = QColor(30, 90, 150);
    break;
  case LayerRole::Point:
    if (scale > LabelEngine::kPointLabelScale) return std::nullopt;
    proto.priority = 2;
    proto.pointSize = 8;
    proto.colour = QColor(40, 40, 40);
    break;
  case LayerRole::Line:
    if (scale > LabelEngine::kLineLabelScale) return std::nullopt;
    proto.priority = 3;
    proto.pointSize = 8;
    proto.colour = QColor(25, 75, 130);
    break;
  case LayerRole::Road:
    if (scale > LabelEngine::kAreaLabelScale / 2) return std::nullopt;
    proto.priority = 4;
    proto.pointSize = 8;
    proto.colour = QColor(120, 90, 50);
    break;
  }
  return proto;
}

// A candidate per visible name, by priority, then layer, then feature, up to kMaxCandidates.
std::vector<Candidate> collectCandidates(const std::vector<LabelSource> &sources, const MapSettings &settings,
                                         const QRectF &view)
{
  const double dpiScale = settings.dpi / 96.0;
  const gis::Envelope visible = settings.visibleExtent();
  std::vector<Candidate> candidates;
  for (const LabelSource &source : sources) {
    if (candidates.size() >= kMaxCandidates) break;
    const MapLayer &layer = *source.layer;
    const LayerRole role = source.role;
    const Candidate &proto = source.proto;
    const QFontMetricsF fm(Symbology::font(proto.pointSize, settings.dpi, proto.bold));
    WidthCache widths(fm);
    for (std::uint32_t i : layer.query(visible)) {
      const std::string_view name = layer.name(i);
      if (name.empty()) continue;
      const QPointF at = settings.toPixel(layer.labelPoint(i));
      // A line or area label is centred on its point, so it cannot fit when the point is outside.
      if (role != LayerRole::Point && !view.contains(at)) continue;
      Candidate c = proto;
      c.text = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
      const double w = widths.width(c.text), up = fm.ascent() / 2 - fm.descent() / 2;
      c.width = w;
      c.ascent = fm.ascent();
      c.descent = fm.descent();
      if (role == LayerRole::Point) {
        const double gap = 7 * dpiScale;
        c.anchors = {at + QPointF(gap, up), at + QPointF(-gap - w, up), at + QPointF(-w / 2, -gap),
                     at + QPointF(-w / 2, gap + fm.ascent())};
      } else {
        // Lines and small areas are labelled only when the name fits along them.
        const gis::Envelope e = layer.envelope(i);
        const double extentPx = std::max(e.width(), e.height()) / settings.mapUnitsPerPixel();
        if (role != LayerRole::Water && !(role == LayerRole::Area && !layer.tracked()) && extentPx < w)
          continue;
        c.anchors = {at + QPointF(-w / 2, up)};
      }
      candidates.push_back(std::move(c));
      if (candidates.size() >= kMaxCandidates) break;
    }
  }
  return candidates;
}

// The candidates in order, each at its first anchor that is in view and clashes with no label
// placed before it.
std::vector<PlacedLabel> placeCandidates(const std::vector<Candidate> &candidates, const QRectF &view,
                                         double dpiScale)
{
  std::vector<PlacedLabel> placed;
  BoxGrid grid(view, 64 * dpiScale);
  const double halo = 2 * dpiScale;
  for (const Candidate &c : candidates) {
    for (const QPointF &anchor : c.anchors) {
      const QRectF box(anchor.x() - halo, anchor.y() - c.ascent - halo, c.width + 2 * halo,
                       c.ascent + c.descent + 2 * halo);
      if (!view.contains(box)) continue;
      if (grid.clashes(box)) continue;
      grid.add(box);
      placed.push_back({c.text, anchor, box, c.priority, c.bold, c.pointSize, c.colour});
      break;
    }
  }
  return placed;
}

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
  const QRectF view(QPointF(0, 0), QSizeF(mSettings.size));
  // Candidates are taken by priority, then layer, then feature, and only the first kMaxCandidates
  // are placed: so the layers are visited in that order and the visit stops at the limit, instead
  // of building a candidate for every visible name (500,000 rivers at a province's full extent).
  std::vector<LabelSource> sources;
  for (const MapLayer &layer : mData.layers()) {
    if (!mSettings.layerVisibleAtScale(layer.id())) continue;
    const LayerSymbol &sym = mSymbology.symbol(layer.id());
    if (std::optional<Candidate> proto = labelPrototype(sym.role, layer.tracked(), scale))
      sources.push_back({&layer, sym.role, std::move(*proto)});
  }
  std::stable_sort(sources.begin(), sources.end(), [](const LabelSource &a, const LabelSource &b) {
    return a.proto.priority < b.proto.priority;
  });
  std::vector<Candidate> candidates = collectCandidates(sources, mSettings, view);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate &a, const Candidate &b) { return a.priority < b.priority; });
  if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
  return placeCandidates(candidates, view, mSettings.dpi / 96.0);
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
      // outline path would be built glyph by glyph for every label. The text is laid out once
      // (QStaticText) and drawn nine times; drawText would lay it out each time.
      QStaticText text(l.text);
      text.setTextFormat(Qt::PlainText);
      text.setPerformanceHint(QStaticText::AggressiveCaching);
      text.prepare(p.transform(), font);
      const QPointF topLeft = l.anchor - QPointF(0, QFontMetricsF(font).ascent());
      // Four copies (diagonal offsets) make the halo: blending the glyphs is most of a label's
      // cost, and eight copies looked no different at this radius.
      const double r = 1.2 * dpi / 96.0;
      p.setPen(QColor(255, 255, 255, 225));
      for (const QPointF &d : {QPointF(-r, -r), QPointF(r, r), QPointF(-r, r), QPointF(r, -r)})
        p.drawStaticText(topLeft + d, text);
      p.setPen(l.colour);
      p.drawStaticText(topLeft, text);
      continue;
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
