#include "layers/report/ReportCharts.h"

#include "layers/render/Symbology.h"

#include <QDate>
#include <QPaintDevice>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace layers::ReportCharts {

namespace {

// Device pixels per 1/96 inch, so strokes look the same on screen and on a 300-dpi page.
double unit(const QPainter &p)
{
  return p.device() ? p.device()->logicalDpiX() / 96.0 : 1.0;
}

QDate toDate(const std::string &s)
{
  return QDate::fromString(QString::fromStdString(s), Qt::ISODate);
}

// A "nice" axis maximum: 1, 2, 2.5 or 5 times a power of ten, at least `v`.
double niceCeil(double v)
{
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-12)) return m * p;
  return 10 * p;
}

QString numberText(double v)
{
  if (std::fabs(v - std::round(v)) < 1e-9) return QString::number(static_cast<qint64>(std::llround(v)));
  return QString::number(v, 'f', std::fabs(v) < 10 ? 1 : 0);
}

} // namespace

QFont font(double pointSize, bool bold)
{
  QFont f(QStringLiteral("Noto Sans CJK SC"));
  // Shaped Latin runs of this font reach digit glyphs that the PDF's text layer cannot map back
  // to characters (pdftotext drops them); unshaped text keeps every digit searchable.
  f.setStyleStrategy(QFont::PreferNoShaping);
  f.setPointSizeF(pointSize);
  f.setBold(bold);
  return f;
}

QColor scheduleColour(int schedule)
{
  switch (schedule) {
  case 0:
    return QColor(0, 114, 178); // done: blue (Okabe & Ito)
  case 1:
    return QColor(0, 158, 115); // on track: bluish green
  case 2:
    return QColor(213, 94, 0); // behind: vermillion
  default:
    return QColor(150, 150, 150); // no data
  }
}

void drawBurnUp(QPainter &p, const QRectF &rect, const BurnUpChart &chart)
{
  const double u = unit(p);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(QColor(200, 200, 200), 0.75 * u));
  p.setBrush(Qt::NoBrush);
  p.drawRect(rect);

  p.setFont(font(7, true));
  const QFontMetricsF titleFm(p.font(), p.device());
  const QRectF titleRect(rect.left() + 4 * u, rect.top() + 2 * u, rect.width() - 8 * u, titleFm.height());
  p.setPen(Qt::black);
  p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
             titleFm.elidedText(chart.title, Qt::ElideRight, titleRect.width()));

  p.setFont(font(5.5));
  const QFontMetricsF fm(p.font(), p.device());
  const QDate start = toDate(chart.start), deadline = toDate(chart.deadline), asOf = toDate(chart.asOf);
  QDate end = deadline;
  if (asOf.isValid() && asOf > end) end = asOf;
  double maxValue = chart.goal;
  for (const auto &pt : chart.series.points)
    maxValue = std::max(maxValue, pt.value);
  const double yMax = niceCeil(maxValue);
  const QString yMaxText = numberText(yMax) + " " + chart.unit;
  const QRectF plot(rect.left() + fm.horizontalAdvance(yMaxText) + 8 * u, titleRect.bottom() + 4 * u, 0, 0);
  const QRectF area(plot.topLeft(), QPointF(rect.right() - 6 * u, rect.bottom() - fm.height() - 6 * u));
  if (!start.isValid() || !end.isValid() || start >= end || area.width() <= 0 || area.height() <= 0) {
    p.restore();
    return;
  }
  const double days = static_cast<double>(start.daysTo(end));
  auto x = [&](const QDate &d) {
    return area.left() + area.width() * std::clamp(start.daysTo(d) / days, 0.0, 1.0);
  };
  auto y = [&](double v) { return area.bottom() - area.height() * std::clamp(v / yMax, 0.0, 1.0); };

  // Axes and labels.
  p.setPen(QPen(QColor(120, 120, 120), 0.75 * u));
  p.drawLine(area.bottomLeft(), area.bottomRight());
  p.drawLine(area.bottomLeft(), area.topLeft());
  p.setPen(QColor(80, 80, 80));
  p.drawText(
      QRectF(rect.left(), area.top() - fm.height() / 2, area.left() - rect.left() - 3 * u, fm.height()),
      Qt::AlignRight | Qt::AlignVCenter, yMaxText);
  p.drawText(
      QRectF(rect.left(), area.bottom() - fm.height() / 2, area.left() - rect.left() - 3 * u, fm.height()),
      Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
  const QRectF below(area.left(), area.bottom() + 2 * u, area.width(), fm.height());
  p.drawText(below, Qt::AlignLeft | Qt::AlignTop, start.toString(QStringLiteral("yyyy-MM-dd")));
  p.drawText(below, Qt::AlignRight | Qt::AlignTop, end.toString(QStringLiteral("yyyy-MM-dd")));

  // Goal line and the planned straight line.
  p.setPen(QPen(QColor(160, 160, 160), 0.75 * u, Qt::DotLine));
  p.drawLine(QPointF(area.left(), y(chart.goal)), QPointF(area.right(), y(chart.goal)));
  p.setPen(QPen(QColor(110, 110, 110), 1.0 * u, Qt::DashLine));
  p.drawLine(QPointF(x(start), y(0)), QPointF(x(deadline), y(chart.goal)));

  // Done: a step line up to the as-of date.
  QPainterPath path;
  double last = 0;
  path.moveTo(x(start), y(0));
  for (const auto &pt : chart.series.points) {
    const QDate d = toDate(pt.date);
    if (!d.isValid() || (asOf.isValid() && d > asOf)) break;
    path.lineTo(x(std::max(d, start)), y(last));
    path.lineTo(x(std::max(d, start)), y(pt.value));
    last = pt.value;
  }
  path.lineTo(x(asOf.isValid() ? asOf : end), y(last));
  p.setPen(QPen(chart.colour, 1.6 * u));
  p.drawPath(path);

  if (asOf.isValid() && asOf >= start && asOf <= end) {
    p.setPen(QPen(QColor(60, 60, 60), 0.75 * u, Qt::DotLine));
    p.drawLine(QPointF(x(asOf), area.top()), QPointF(x(asOf), area.bottom()));
  }
  p.restore();
}

void drawBars(QPainter &p, const QRectF &rect, const QString &title, const std::vector<BarItem> &items)
{
  const double u = unit(p);
  p.save();
  p.setFont(font(8, true));
  const QFontMetricsF titleFm(p.font(), p.device());
  p.setPen(Qt::black);
  p.drawText(QRectF(rect.left(), rect.top(), rect.width(), titleFm.height()),
             Qt::AlignLeft | Qt::AlignVCenter, title);
  p.setFont(font(6.5));
  const QFontMetricsF fm(p.font(), p.device());
  double labelWidth = 0, textWidth = 0;
  for (const auto &it : items) {
    labelWidth = std::max(labelWidth, fm.horizontalAdvance(it.label));
    textWidth = std::max(textWidth, fm.horizontalAdvance(it.text));
  }
  const double top = rect.top() + titleFm.height() + 4 * u;
  const double rowH = items.empty() ? 0 : std::min(fm.height() * 1.6, (rect.bottom() - top) / items.size());
  const double barLeft = rect.left() + labelWidth + 6 * u;
  const double barWidth = std::max(10.0, rect.right() - barLeft - textWidth - 8 * u);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto &it = items[i];
    const double yy = top + i * rowH;
    p.setPen(Qt::black);
    p.drawText(QRectF(rect.left(), yy, labelWidth, rowH), Qt::AlignRight | Qt::AlignVCenter, it.label);
    const QRectF back(barLeft, yy + rowH * 0.15, barWidth, rowH * 0.7);
    p.fillRect(back, QColor(235, 235, 235));
    const double share = std::clamp(it.percent / 100.0, 0.0, 1.0);
    p.fillRect(QRectF(back.left(), back.top(), back.width() * share, back.height()), QColor(0, 114, 178));
    p.drawText(QRectF(back.right() + 4 * u, yy, textWidth + 4 * u, rowH), Qt::AlignLeft | Qt::AlignVCenter,
               it.text);
  }
  p.restore();
}

void drawStatusBreakdown(QPainter &p, const QRectF &rect, const QString &title,
                         const std::vector<StatusRow> &rows, const std::array<QString, 4> &statusLabels)
{
  const double u = unit(p);
  p.save();
  p.setFont(font(8, true));
  const QFontMetricsF titleFm(p.font(), p.device());
  p.setPen(Qt::black);
  p.drawText(QRectF(rect.left(), rect.top(), rect.width(), titleFm.height()),
             Qt::AlignLeft | Qt::AlignVCenter, title);
  p.setFont(font(6.5));
  const QFontMetricsF fm(p.font(), p.device());

  // Legend under the title.
  double lx = rect.left();
  const double ly = rect.top() + titleFm.height() + 2 * u;
  for (int s = 0; s < 4; ++s) {
    p.fillRect(QRectF(lx, ly + fm.height() * 0.2, fm.height() * 0.6, fm.height() * 0.6),
               Symbology::statusColour(static_cast<data::Status>(s)));
    lx += fm.height() * 0.8;
    p.setPen(Qt::black);
    p.drawText(QPointF(lx, ly + fm.ascent()), statusLabels[static_cast<std::size_t>(s)]);
    lx += fm.horizontalAdvance(statusLabels[static_cast<std::size_t>(s)]) + 8 * u;
  }

  double labelWidth = 0;
  for (const auto &r : rows)
    labelWidth = std::max(labelWidth, fm.horizontalAdvance(r.label));
  const double top = ly + fm.height() + 4 * u;
  const double rowH = rows.empty() ? 0 : std::min(fm.height() * 1.7, (rect.bottom() - top) / rows.size());
  const double barLeft = rect.left() + labelWidth + 6 * u;
  const double barWidth = std::max(10.0, rect.right() - barLeft);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto &r = rows[i];
    const double yy = top + i * rowH;
    p.setPen(Qt::black);
    p.drawText(QRectF(rect.left(), yy, labelWidth, rowH), Qt::AlignRight | Qt::AlignVCenter, r.label);
    int total = 0;
    for (int c : r.counts)
      total += c;
    double x = barLeft;
    for (int s = 0; s < 4; ++s) {
      const int n = r.counts[static_cast<std::size_t>(s)];
      if (total == 0 || n == 0) continue;
      const double w = barWidth * n / total;
      const QRectF seg(x, yy + rowH * 0.15, w, rowH * 0.7);
      const QColor c = Symbology::statusColour(static_cast<data::Status>(s));
      p.fillRect(seg, c);
      const QString text = QString::number(n);
      if (fm.horizontalAdvance(text) + 2 * u < w) {
        p.setPen(c.lightness() < 140 ? Qt::white : Qt::black);
        p.drawText(seg, Qt::AlignCenter, text);
      }
      x += w;
    }
  }
  p.restore();
}

} // namespace layers::ReportCharts
