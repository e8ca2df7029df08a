#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/report/ReportData.h"

#include <string>

namespace layers {

struct ReportOptions
{
  std::string asOf; // YYYY-MM-DD; "" = today
  bool chinese = true;
};

// The leadership report as an A4 PDF: a cover (plan title, document number, as-of date, the
// synthetic-data notice where the project is a sample), an overview map with legend, scale bar and
// north arrow, the target table, burn-up charts, share done by village, status by layer, the
// village table, and the targets behind schedule with where their open work is. Text is text
// (Noto Sans CJK SC), so the PDF is searchable. Written to a temporary file and renamed, so a
// failure leaves no half-written report. Returns the figures it printed. Needs a QGuiApplication.
ReportData writeReport(const data::Store &store, const Plan &plan, const std::string &pdfPath,
                       const ReportOptions &options = {});

} // namespace layers
