#include "layers/render/Symbology.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace layers {

namespace {

bool contains(const std::string &s, const char *word)
{
  return s.find(word) != std::string::npos;
}

// Markers by what the site is; other point layers take the shapes still free.
MarkerShape markerFor(const std::string &id, std::vector<MarkerShape> &free)
{
  auto take = [&free](MarkerShape m) {
    std::erase(free, m);
    return m;
  };
  if (contains(id, "toilet")) return take(MarkerShape::Square);
  if (contains(id, "waste")) return take(MarkerShape::Triangle);
  if (contains(id, "elder") || contains(id, "care") || contains(id, "home")) return take(MarkerShape::House);
  if (contains(id, "bed")) return take(MarkerShape::Pentagon);
  if (free.empty()) return MarkerShape::Circle;
  return take(free.front());
}

} // namespace

Symbology::Symbology(const MapData &data)
{
  std::vector<MarkerShape> free = {MarkerShape::Circle,   MarkerShape::Diamond,  MarkerShape::Star,
                                   MarkerShape::Cross,    MarkerShape::Pentagon, MarkerShape::Square,
                                   MarkerShape::Triangle, MarkerShape::House};
  // Known site kinds first so they keep their shapes whatever the layer order.
  std::vector<const MapLayer *> points;
  for (const MapLayer &l : data.layers())
    if (l.kind() == GeometryKind::Point) points.push_back(&l);
  std::stable_sort(points.begin(), points.end(), [](const MapLayer *a, const MapLayer *b) {
    auto known = [](const std::string &id) {
      return contains(id, "toilet") || contains(id, "waste") || contains(id, "elder") ||
             contains(id, "care") || contains(id, "home") || contains(id, "bed");
    };
    return known(a->id()) && !known(b->id());
  });
  for (const MapLayer *l : points) {
    LayerSymbol s;
    s.role = LayerRole::Point;
    s.marker = markerFor(l->id(), free);
    s.stroke = QColor(40, 40, 40);
    s.fill = statusColour(data::Status::Planned);
    mSymbols[l->id()] = s;
  }
  for (const MapLayer &l : data.layers()) {
    if (l.kind() == GeometryKind::Point) continue;
    const std::string &id = l.id();
    LayerSymbol s;
    if (contains(id, "boundary") || contains(id, "town")) {
      s = {LayerRole::Boundary, MarkerShape::Circle, QColor(90, 90, 90), QColor(250, 248, 240), 1.6};
    } else if (contains(id, "road")) {
      s = {LayerRole::Road, MarkerShape::Circle, QColor(200, 170, 120), QColor(), 1.8};
    } else if (contains(id, "huangpu") || contains(id, "water") || contains(id, "lake") ||
               (!l.tracked() && contains(id, "river"))) {
      s = {LayerRole::Water, MarkerShape::Circle, QColor(120, 170, 210), QColor(190, 220, 240), 2.5};
    } else if (l.kind() == GeometryKind::Polygon) {
      s = {LayerRole::Area, MarkerShape::Circle, QColor(150, 150, 150), QColor(235, 235, 225), 0.8};
      if (!l.tracked()) s.fill = QColor(236, 240, 226);
    } else {
      s = {LayerRole::Line, MarkerShape::Circle, QColor(150, 150, 150), QColor(), 1.4};
    }
    mSymbols[id] = s;
  }
}

const LayerSymbol &Symbology::symbol(const std::string &layerId) const
{
  static const LayerSymbol fallback;
  auto it = mSymbols.find(layerId);
  return it == mSymbols.end() ? fallback : it->second;
}

namespace {

QColor colourOf(const Symbology &sym, const MapLayer &layer, data::Status status, WaterClass wc, Theme theme)
{
  if (theme == Theme::WaterQuality && layer.kind() == GeometryKind::Line && layer.tracked())
    return Symbology::waterClassColour(wc);
  const LayerSymbol &s = sym.symbol(layer.id());
  // Roads and water are the base map; only those with work under way take a status colour.
  const bool baseMap = s.role == LayerRole::Road || s.role == LayerRole::Water;
  if (layer.tracked() && !(baseMap && status == data::Status::Planned))
    return Symbology::statusColour(status);
  return s.stroke;
}

} // namespace

QColor Symbology::featureColour(const MapLayer &layer, const MapFeature &f, Theme theme) const
{
  return colourOf(*this, layer, f.status, f.waterClass, theme);
}

QColor Symbology::featureColour(const MapLayer &layer, std::size_t i, Theme theme) const
{
  return colourOf(*this, layer, layer.status(i), layer.waterClass(i), theme);
}

QColor Symbology::statusColour(data::Status s)
{
  switch (s) {
  case data::Status::Planned:
    return QColor(0x99, 0x99, 0x99);
  case data::Status::InProgress:
    return QColor(0xE6, 0x9F, 0x00); // Okabe–Ito orange
  case data::Status::Completed:
    return QColor(0x00, 0x9E, 0x73); // bluish green
  case data::Status::Accepted:
    return QColor(0x00, 0x72, 0xB2); // blue
  }
  return QColor(0x99, 0x99, 0x99);
}

QColor Symbology::waterClassColour(WaterClass c)
{
  switch (c) {
  case WaterClass::I:
    return QColor(0x00, 0x72, 0xB2);
  case WaterClass::II:
    return QColor(0x56, 0xB4, 0xE9);
  case WaterClass::III:
    return QColor(0x00, 0x9E, 0x73);
  case WaterClass::IV:
    return QColor(0xE6, 0xC2, 0x00);
  case WaterClass::V:
    return QColor(0xE6, 0x9F, 0x00);
  case WaterClass::WorseThanV:
    return QColor(0xD5, 0x5E, 0x00);
  case WaterClass::Unknown:
    break;
  }
  return QColor(0xB0, 0xB0, 0xB0);
}

int Symbology::villageShareClass(double share)
{
  return std::clamp(static_cast<int>(std::floor(share * kVillageClasses)), 0, kVillageClasses - 1);
}

QColor Symbology::villageShareColour(std::optional<double> share)
{
  static const QColor ramp[kVillageClasses] = {QColor(0xFF, 0xFF, 0xCC), QColor(0xA1, 0xDA, 0xB4),
                                               QColor(0x41, 0xB6, 0xC4), QColor(0x2C, 0x7F, 0xB8),
                                               QColor(0x25, 0x34, 0x94)};
  if (!share) return QColor(0xC8, 0xC8, 0xC8);
  return ramp[villageShareClass(*share)];
}

QString Symbology::villageShareLabel(std::optional<int> shareClass, bool chinese)
{
  if (!shareClass) return chinese ? QStringLiteral("无定位目标") : QStringLiteral("no located target");
  const int step = 100 / kVillageClasses;
  return QStringLiteral("%1–%2 %").arg(*shareClass * step).arg((*shareClass + 1) * step);
}

QColor Symbology::themeFill(const MapLayer &layer, const MapFeature &f, const MapSettings &settings)
{
  const std::ptrdiff_t i = layer.indexOf(f.id);
  return i < 0 ? QColor() : themeFill(layer, static_cast<std::size_t>(i), settings);
}

QColor Symbology::themeFill(const MapLayer &layer, std::size_t i, const MapSettings &settings)
{
  if (settings.theme != Theme::VillageProgress || layer.id() != settings.villageLayer) return {};
  const auto it = settings.villageShare.find(layer.featureId(i));
  QColor c = villageShareColour(it == settings.villageShare.end() ? std::nullopt : std::optional(it->second));
  c.setAlpha(220);
  return c;
}

QString Symbology::statusLabel(data::Status s, bool chinese)
{
  switch (s) {
  case data::Status::Planned:
    return chinese ? QStringLiteral("计划") : QStringLiteral("planned");
  case data::Status::InProgress:
    return chinese ? QStringLiteral("实施中") : QStringLiteral("in progress");
  case data::Status::Completed:
    return chinese ? QStringLiteral("已完成") : QStringLiteral("completed");
  case data::Status::Accepted:
    return chinese ? QStringLiteral("已验收") : QStringLiteral("accepted");
  }
  return {};
}

QString Symbology::waterClassLabel(WaterClass c, bool chinese)
{
  static const char *names[] = {"", "I", "II", "III", "IV", "V"};
  if (c == WaterClass::Unknown) return chinese ? QStringLiteral("未知") : QStringLiteral("unknown");
  if (c == WaterClass::WorseThanV) return chinese ? QStringLiteral("劣V类") : QStringLiteral("worse than V");
  const QString n = QString::fromLatin1(names[static_cast<int>(c)]);
  return chinese ? n + QStringLiteral("类") : QStringLiteral("class ") + n;
}

QFont Symbology::font(double pointSize, double dpi, bool bold)
{
  QFont f(QStringLiteral("Noto Sans CJK SC"));
  f.setPixelSize(std::max(1, static_cast<int>(std::lround(pointSize * dpi / 72.0))));
  f.setBold(bold);
  // Unshaped as the report font: shaped Latin runs of this font reach digit glyphs that a PDF's
  // text layer cannot map back to characters (pdftotext drops them). Also cheaper to lay out.
  f.setStyleStrategy(static_cast<QFont::StyleStrategy>(QFont::PreferAntialias | QFont::PreferNoShaping));
  return f;
}

QString Symbology::layerName(const data::LayerDef &def, bool chinese)
{
  const std::string &n = chinese ? def.nameZh : def.nameEn;
  return QString::fromStdString(n.empty() ? (def.nameZh.empty() ? def.id : def.nameZh) : n);
}

void Symbology::drawMarker(QPainter &p, MarkerShape shape, QPointF c, double size, const QColor &fill)
{
  const double r = size / 2;
  p.setBrush(fill);
  auto regular = [&](int n, double radius, double rotation) {
    QPolygonF poly;
    for (int i = 0; i < n; ++i) {
      const double a = rotation + i * 2 * M_PI / n;
      poly << QPointF(c.x() + radius * std::sin(a), c.y() - radius * std::cos(a));
    }
    return poly;
  };
  switch (shape) {
  case MarkerShape::Circle:
    p.drawEllipse(c, r, r);
    break;
  case MarkerShape::Square:
    p.drawRect(QRectF(c.x() - r * 0.85, c.y() - r * 0.85, r * 1.7, r * 1.7));
    break;
  case MarkerShape::Triangle:
    p.drawPolygon(regular(3, r * 1.15, 0));
    break;
  case MarkerShape::Diamond:
    p.drawPolygon(regular(4, r * 1.1, 0));
    break;
  case MarkerShape::Pentagon:
    p.drawPolygon(regular(5, r * 1.05, 0));
    break;
  case MarkerShape::House: {
    QPolygonF h;
    h << QPointF(c.x(), c.y() - r * 1.1) << QPointF(c.x() + r, c.y() - r * 0.15)
      << QPointF(c.x() + r * 0.75, c.y() - r * 0.15) << QPointF(c.x() + r * 0.75, c.y() + r * 0.9)
      << QPointF(c.x() - r * 0.75, c.y() + r * 0.9) << QPointF(c.x() - r * 0.75, c.y() - r * 0.15)
      << QPointF(c.x() - r, c.y() - r * 0.15);
    p.drawPolygon(h);
    break;
  }
  case MarkerShape::Star: {
    QPolygonF s;
    for (int i = 0; i < 10; ++i) {
      const double a = i * M_PI / 5, rr = (i % 2) ? r * 0.5 : r * 1.2;
      s << QPointF(c.x() + rr * std::sin(a), c.y() - rr * std::cos(a));
    }
    p.drawPolygon(s);
    break;
  }
  case MarkerShape::Cross: {
    const double t = r * 0.38;
    QPainterPath path;
    path.addRect(QRectF(c.x() - r, c.y() - t, 2 * r, 2 * t));
    path.addRect(QRectF(c.x() - t, c.y() - r, 2 * t, 2 * r));
    p.drawPath(path.simplified());
    break;
  }
  }
}

std::vector<LegendGroup> Symbology::legend(const MapData &data, const MapSettings &settings) const
{
  const bool zh = settings.chinese;
  std::vector<LegendGroup> groups;
  LegendGroup status{zh ? QStringLiteral("进度状态") : QStringLiteral("Status"), {}};
  for (data::Status s :
       {data::Status::Planned, data::Status::InProgress, data::Status::Completed, data::Status::Accepted})
    status.items.push_back({statusLabel(s, zh), statusColour(s), LayerRole::Line, MarkerShape::Circle});
  groups.push_back(status);
  if (settings.theme == Theme::WaterQuality) {
    LegendGroup wq{zh ? QStringLiteral("河道水质") : QStringLiteral("Water quality"), {}};
    for (WaterClass c : {WaterClass::I, WaterClass::II, WaterClass::III, WaterClass::IV, WaterClass::V,
                         WaterClass::WorseThanV})
      wq.items.push_back({waterClassLabel(c, zh), waterClassColour(c), LayerRole::Line, MarkerShape::Circle});
    groups.push_back(wq);
  }
  if (settings.theme == Theme::VillageProgress) {
    LegendGroup share{zh ? QStringLiteral("村居完成比例") : QStringLiteral("Share done by village"), {}};
    for (int c = kVillageClasses - 1; c >= 0; --c)
      share.items.push_back({villageShareLabel(c, zh), villageShareColour((c + 0.5) / kVillageClasses),
                             LayerRole::Area, MarkerShape::Circle});
    share.items.push_back({villageShareLabel(std::nullopt, zh), villageShareColour(std::nullopt),
                           LayerRole::Area, MarkerShape::Circle});
    groups.push_back(share);
  }
  LegendGroup layersGroup{zh ? QStringLiteral("图层") : QStringLiteral("Layers"), {}};
  for (auto it = data.layers().rbegin(); it != data.layers().rend(); ++it) {
    if (!settings.layerVisibleAtScale(it->id()) || it->size() == 0) continue;
    const LayerSymbol &s = symbol(it->id());
    const bool baseMap = s.role == LayerRole::Road || s.role == LayerRole::Water;
    const QColor c = it->tracked() && !baseMap ? statusColour(data::Status::Completed)
                                               : (s.fill.isValid() ? s.fill : s.stroke);
    layersGroup.items.push_back({layerName(it->def(), zh), c, s.role, s.marker});
  }
  groups.push_back(layersGroup);
  return groups;
}

} // namespace layers
