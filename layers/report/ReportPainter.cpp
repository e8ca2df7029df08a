#include "layers/report/ReportPainter.h"

#include "layers/report/ReportCharts.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>

namespace layers {

namespace {

constexpr double kMarginMm = 15;
constexpr double kFooterMm = 8;
constexpr double kCellPadMm = 0.8;

} // namespace

ReportPainter::ReportPainter(QPdfWriter &writer, QPainter &painter, QString footer)
    : mWriter(writer)
    , mPainter(painter)
    , mFooter(std::move(footer))
{
  mPxPerMm = writer.resolution() / 25.4;
  const QRectF page(QPointF(0, 0), writer.pageLayout().fullRectPixels(writer.resolution()).size());
  mContent = page.adjusted(px(kMarginMm), px(kMarginMm), -px(kMarginMm), -px(kMarginMm + kFooterMm));
  mY = mContent.top();
  drawFooter();
}

void ReportPainter::drawFooter()
{
  mPainter.save();
  mPainter.setFont(ReportCharts::font(7));
  mPainter.setPen(QColor(90, 90, 90));
  const QRectF r(mContent.left(), mContent.bottom() + px(3), mContent.width(), px(kFooterMm - 3));
  mPainter.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, mFooter);
  mPainter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, QString::number(mPage));
  mPainter.restore();
}

void ReportPainter::newPage()
{
  mWriter.newPage();
  ++mPage;
  mY = mContent.top();
  drawFooter();
}

QRectF ReportPainter::take(double heightMm)
{
  const double h = std::min(px(heightMm), mContent.height());
  if (mY + h > mContent.bottom() + 0.5) newPage();
  QRectF r(mContent.left(), mY, mContent.width(), h);
  mY += h;
  return r;
}

void ReportPainter::heading(const QString &text, double pointSize)
{
  const QFont f = ReportCharts::font(pointSize, true);
  const QFontMetricsF fm(f, &mWriter);
  // Keep a heading with at least a few lines of what follows it.
  if (remaining() < fm.height() * 1.6 + px(25)) newPage();
  mPainter.setFont(f);
  mPainter.setPen(QColor(20, 40, 80));
  const QRectF r(mContent.left(), mY, mContent.width(), fm.height() * 1.3);
  mPainter.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, text);
  mY += r.height() + px(1.5);
}

void ReportPainter::paragraph(const QString &text, double pointSize, bool bold, const QColor &colour)
{
  const QFont f = ReportCharts::font(pointSize, bold);
  const QRectF bound =
      QFontMetricsF(f, &mWriter).boundingRect(QRectF(0, 0, mContent.width(), 1e6), Qt::TextWordWrap, text);
  if (mY + bound.height() > mContent.bottom()) newPage();
  mPainter.setFont(f);
  mPainter.setPen(colour);
  mPainter.drawText(QRectF(mContent.left(), mY, mContent.width(), bound.height()), Qt::TextWordWrap, text);
  mY += bound.height() + px(1);
}

double ReportPainter::rowHeight(const std::vector<QString> &cells, const std::vector<Column> &columns,
                                const QFont &font) const
{
  const QFontMetricsF fm(font, &mWriter);
  double h = fm.height();
  for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
    const double w = px(columns[c].widthMm - 2 * kCellPadMm);
    h = std::max(h, fm.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, cells[c]).height());
  }
  return h + px(2 * kCellPadMm);
}

void ReportPainter::drawRow(const std::vector<QString> &cells, const std::vector<Column> &columns,
                            const QFont &font, double height, const QColor &background)
{
  double x = mContent.left();
  double total = 0;
  for (const auto &c : columns)
    total += px(c.widthMm);
  if (background.isValid()) mPainter.fillRect(QRectF(x, mY, total, height), background);
  mPainter.setFont(font);
  mPainter.setPen(Qt::black);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const QRectF cell(x + px(kCellPadMm), mY + px(kCellPadMm), px(columns[c].widthMm - 2 * kCellPadMm),
                      height - px(2 * kCellPadMm));
    if (c < cells.size())
      mPainter.drawText(cell,
                        Qt::TextWordWrap | Qt::AlignTop | (columns[c].right ? Qt::AlignRight : Qt::AlignLeft),
                        cells[c]);
    x += px(columns[c].widthMm);
  }
  mPainter.setPen(QPen(QColor(210, 210, 210), 0));
  mPainter.drawLine(QPointF(mContent.left(), mY + height), QPointF(mContent.left() + total, mY + height));
  mY += height;
}

void ReportPainter::table(const ReportTable &table, const std::vector<Column> &columns, double pointSize,
                          const std::function<QColor(std::size_t row)> &rowColour)
{
  const QFont headFont = ReportCharts::font(pointSize, true);
  const QFont bodyFont = ReportCharts::font(pointSize);
  std::vector<QString> head;
  for (const auto &h : table.header)
    head.push_back(QString::fromStdString(h));
  const double headH = rowHeight(head, columns, headFont);
  auto drawHeader = [&] { drawRow(head, columns, headFont, headH, QColor(221, 230, 240)); };
  if (remaining() < headH * 3) newPage();
  drawHeader();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<QString> cells;
    for (const auto &c : table.rows[r])
      cells.push_back(QString::fromStdString(c.text));
    const double h = rowHeight(cells, columns, bodyFont);
    if (mY + h > mContent.bottom()) {
      newPage();
      drawHeader();
    }
    drawRow(cells, columns, bodyFont, h, rowColour ? rowColour(r) : QColor());
  }
  mY += px(2);
}

} // namespace layers
