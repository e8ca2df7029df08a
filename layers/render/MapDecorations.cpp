#include "layers/render/MapDecorations.h"

#include "gis/Crs.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <cmath>

namespace layers {

MapDecorations::MapDecorations(const MapData &data, const MapSettings &settings, const Symbology &symbology)
    : mData(data)
    , mSettings(settings)
    , mSymbology(symbology)
{
}

void MapDecorations::draw(QPainter &p) const
{
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  if (mSettings.decorations) {
    drawScaleBar(p);
    drawNorthArrow(p);
    drawAttribution(p);
  }
  if (mSettings.legend) drawLegend(p);
  if (!mSettings.title.isEmpty()) drawTitle(p);
  p.restore();
}

double MapDecorations::niceLength(double target)
{
  if (target <= 0) return 1;
  const double base = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * base <= target) return m * base;
  return base;
}

void MapDecorations::drawScaleBar(QPainter &p) const
{
  const double upp = mSettings.mapUnitsPerPixel();
  const double metres = niceLength(mSettings.size.width() / 5.0 * upp);
  const double len = metres / upp;
  const double x0 = px(14), y0 = mSettings.size.height() - px(22), h = px(5);
  const int segments = 4;
  p.setPen(QPen(QColor(40, 40, 40), px(0.8)));
  for (int i = 0; i < segments; ++i) {
    p.setBrush(i % 2 ? QColor(255, 255, 255) : QColor(40, 40, 40));
    p.drawRect(QRectF(x0 + i * len / segments, y0, len / segments, h));
  }
  const QString text =
      metres >= 1000 ? QStringLiteral("%1 km").arg(metres / 1000) : QStringLiteral("%1 m").arg(metres);
  const QFont font = Symbology::font(8, mSettings.dpi);
  p.setFont(font);
  const QFontMetricsF fm(font);
  p.setPen(QColor(30, 30, 30));
  p.drawText(QPointF(x0, y0 - px(3)), QStringLiteral("0"));
  p.drawText(QPointF(x0 + len - fm.horizontalAdvance(text) / 2, y0 - px(3)), text);
  const QString scaleText = QStringLiteral("1:%L1").arg(std::round(mSettings.scale()), 0, 'f', 0);
  p.drawText(QPointF(x0 + len + px(8), y0 + h), scaleText);
}

void MapDecorations::drawNorthArrow(QPainter &p) const
{
  // Grid north of the Gauss-Krüger zone; within a town it is true north to a fraction of a degree.
  const double cx = mSettings.size.width() - px(30), top = px(mSettings.title.isEmpty() ? 14 : 58);
  const double h = px(34), w = px(11);
  QPolygonF left, right;
  left << QPointF(cx, top) << QPointF(cx - w, top + h) << QPointF(cx, top + h * 0.72);
  right << QPointF(cx, top) << QPointF(cx + w, top + h) << QPointF(cx, top + h * 0.72);
  p.setPen(QPen(QColor(30, 30, 30), px(0.8)));
  p.setBrush(QColor(30, 30, 30));
  p.drawPolygon(left);
  p.setBrush(QColor(255, 255, 255));
  p.drawPolygon(right);
  const QFont font = Symbology::font(9, mSettings.dpi, true);
  p.setFont(font);
  const QFontMetricsF fm(font);
  p.setPen(QColor(30, 30, 30));
  p.drawText(QPointF(cx - fm.horizontalAdvance(QStringLiteral("N")) / 2, top + h + fm.ascent() + px(1)),
             QStringLiteral("N"));
}

QString MapDecorations::attribution() const
{
  QString crs = QStringLiteral("EPSG:%1").arg(mData.epsg());
  QString text = mSettings.chinese ? QStringLiteral("CGCS2000 高斯-克吕格 3° 带 (%1)").arg(crs)
                                   : QStringLiteral("CGCS2000 3-degree Gauss-Krüger (%1)").arg(crs);
  if (mData.synthetic) text = QStringLiteral("合成示例数据 · synthetic sample data  |  ") + text;
  if (!mData.asOf.empty())
    text += (mSettings.chinese ? QStringLiteral("  |  截至 ") : QStringLiteral("  |  as of ")) +
            QString::fromStdString(mData.asOf);
  return text + QStringLiteral("  |  PlanMap");
}

void MapDecorations::drawAttribution(QPainter &p) const
{
  const QFont font = Symbology::font(7, mSettings.dpi);
  const QFontMetricsF fm(font);
  const QString text = attribution();
  const double w = fm.horizontalAdvance(text);
  const QRectF box(mSettings.size.width() - w - px(10), mSettings.size.height() - fm.height() - px(4),
                   w + px(8), fm.height() + px(2));
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(255, 255, 255, 200));
  p.drawRect(box);
  p.setFont(font);
  p.setPen(QColor(50, 50, 50));
  p.drawText(QPointF(box.left() + px(4), box.top() + px(1) + fm.ascent()), text);
}

void MapDecorations::drawLegend(QPainter &p) const
{
  const std::vector<LegendGroup> groups = mSymbology.legend(mData, mSettings);
  const QFont titleFont = Symbology::font(9, mSettings.dpi, true),
              itemFont = Symbology::font(8, mSettings.dpi);
  const QFontMetricsF tfm(titleFont), ifm(itemFont);
  const double row = std::max(ifm.height(), px(14)) + px(2), swatch = px(16);
  double width = 0, height = px(8);
  for (const LegendGroup &g : groups) {
    width = std::max(width, tfm.horizontalAdvance(g.title));
    height += tfm.height() + px(4);
    for (const LegendItem &it : g.items) {
      width = std::max(width, swatch + px(6) + ifm.horizontalAdvance(it.label));
      height += row;
    }
  }
  const double x0 = px(10), y0 = px(mSettings.title.isEmpty() ? 10 : 58);
  p.setPen(QPen(QColor(160, 160, 160), px(0.8)));
  p.setBrush(QColor(255, 255, 255, 230));
  p.drawRect(QRectF(x0, y0, width + px(16), height));
  double y = y0 + px(6);
  for (const LegendGroup &g : groups) {
    p.setFont(titleFont);
    p.setPen(QColor(30, 30, 30));
    p.drawText(QPointF(x0 + px(8), y + tfm.ascent()), g.title);
    y += tfm.height() + px(4);
    p.setFont(itemFont);
    for (const LegendItem &it : g.items) {
      const QPointF c(x0 + px(8) + swatch / 2, y + row / 2 - px(1));
      switch (it.role) {
      case LayerRole::Point:
        p.setPen(QPen(QColor(30, 30, 30), px(0.8)));
        Symbology::drawMarker(p, it.marker, c, px(10), it.colour);
        break;
      case LayerRole::Area:
      case LayerRole::Boundary:
      case LayerRole::Water:
        p.setPen(QPen(it.colour.darker(140), px(0.8)));
        p.setBrush(it.colour);
        p.drawRect(QRectF(c.x() - swatch / 2, c.y() - px(5), swatch, px(10)));
        break;
      case LayerRole::Line:
      case LayerRole::Road:
        p.setPen(QPen(it.colour, px(2.5), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(c.x() - swatch / 2, c.y()), QPointF(c.x() + swatch / 2, c.y()));
        break;
      }
      p.setPen(QColor(30, 30, 30));
      p.drawText(QPointF(x0 + px(8) + swatch + px(6), c.y() + ifm.ascent() / 2 - ifm.descent() / 2),
                 it.label);
      y += row;
    }
  }
}

void MapDecorations::drawTitle(QPainter &p) const
{
  const QFont titleFont = Symbology::font(16, mSettings.dpi, true),
              dateFont = Symbology::font(9, mSettings.dpi);
  const QFontMetricsF tfm(titleFont), dfm(dateFont);
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(255, 255, 255, 235));
  p.drawRect(QRectF(0, 0, mSettings.size.width(), px(52)));
  p.setFont(titleFont);
  p.setPen(QColor(20, 20, 20));
  const double w = tfm.horizontalAdvance(mSettings.title);
  p.drawText(QPointF((mSettings.size.width() - w) / 2, px(8) + tfm.ascent()), mSettings.title);
  if (!mSettings.dateText.isEmpty()) {
    p.setFont(dateFont);
    p.setPen(QColor(70, 70, 70));
    const double dw = dfm.horizontalAdvance(mSettings.dateText);
    p.drawText(QPointF((mSettings.size.width() - dw) / 2, px(46)), mSettings.dateText);
  }
}

} // namespace layers
