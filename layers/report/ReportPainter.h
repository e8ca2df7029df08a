#pragma once

#include "layers/report/ReportData.h"

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>

#include <functional>
#include <vector>

class QPainter;
class QPdfWriter;

namespace layers {

// Lays out a report top to bottom on A4 pages: a cursor, page breaks, a footer on every page,
// headings, paragraphs and tables that continue on the next page with their header repeated.
// Lengths are in millimetres; the painter's device is the PDF writer.
class ReportPainter
{
public:
  ReportPainter(QPdfWriter &writer, QPainter &painter, QString footer);

  QPainter &painter() { return mPainter; }
  double px(double mm) const { return mm * mPxPerMm; }
  QRectF content() const { return mContent; } // the page minus margins and footer, device pixels
  double cursor() const { return mY; }
  double remaining() const { return mContent.bottom() - mY; }

  void newPage();
  // A rectangle of `heightMm` at the cursor (on a new page when it does not fit), then below it.
  QRectF take(double heightMm);
  void space(double mm) { mY += px(mm); }
  void heading(const QString &text, double pointSize = 14);
  void paragraph(const QString &text, double pointSize = 9, bool bold = false,
                 const QColor &colour = Qt::black);

  struct Column
  {
    double widthMm = 20;
    bool right = false; // numbers align right
  };
  // Draws a table; cells wrap within their column; rows never split across pages.
  // `rowColour` (optional) tints a row's background.
  void table(const ReportTable &table, const std::vector<Column> &columns, double pointSize = 7,
             const std::function<QColor(std::size_t row)> &rowColour = {});

  int pageCount() const { return mPage; }

private:
  double rowHeight(const std::vector<QString> &cells, const std::vector<Column> &columns,
                   const QFont &font) const;
  void drawRow(const std::vector<QString> &cells, const std::vector<Column> &columns, const QFont &font,
               double height, const QColor &background);
  void drawFooter();

  QPdfWriter &mWriter;
  QPainter &mPainter;
  QString mFooter;
  double mPxPerMm = 1;
  QRectF mContent;
  double mY = 0;
  int mPage = 1;
};

} // namespace layers
