#pragma once

#include "layers/plan/BurnUp.h"

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>

#include <array>
#include <string>
#include <vector>

class QPainter;

namespace layers {

// Charts drawn with QPainter for the PDF report (layers/ may not use Qt Charts: it needs
// QtWidgets). Sizes scale with the painter device's resolution, so the same code draws on a
// 300-dpi PDF page and on a screen image.
namespace ReportCharts {

// The report's font: Noto Sans CJK SC so Chinese and Latin text stay text in the PDF.
QFont font(double pointSize, bool bold = false);
QColor scheduleColour(int schedule); // Schedule as int: done, on track, behind, no data

// Done over time (step line) against the planned straight line from (start, 0) to (deadline, goal),
// with the as-of date marked.
struct BurnUpChart
{
  QString title;
  QString unit;
  BurnUpSeries series;
  double goal = 0;
  std::string start, deadline, asOf;
  QColor colour;
};
void drawBurnUp(QPainter &p, const QRectF &rect, const BurnUpChart &chart);

// Horizontal bars, one per label, share 0..100 %.
struct BarItem
{
  QString label;
  double percent = 0;
  QString text; // shown after the bar, e.g. "3.21 / 5.40 km"
};
void drawBars(QPainter &p, const QRectF &rect, const QString &title, const std::vector<BarItem> &items);

// One stacked bar per layer, features by status (planned, in progress, completed, accepted).
struct StatusRow
{
  QString label;
  std::array<int, 4> counts{};
};
void drawStatusBreakdown(QPainter &p, const QRectF &rect, const QString &title,
                         const std::vector<StatusRow> &rows, const std::array<QString, 4> &statusLabels);

} // namespace ReportCharts

} // namespace layers
