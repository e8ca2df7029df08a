#pragma once

#include "layers/report/ReportData.h"

#include <string>
#include <vector>

namespace layers {

// Lines written next to a table where the format has room for them (the XLSX "about" sheet):
// title, as-of date, the synthetic-data notice.
struct TableNotes
{
  std::string title;
  std::vector<std::string> lines;
};

// CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text right; RFC 4180 quoting.
// Numbers are written in full (up to 6 decimals), text as shown.
void writeCsv(const ReportTable &table, const std::string &path);
// XLSX (libxlsxwriter): the table on the first sheet with a bold, frozen header and numbers as
// numbers; the notes on a second sheet.
void writeXlsx(const ReportTable &table, const std::string &path, const std::string &sheetName,
               const TableNotes &notes);
// By the file's extension (.csv or .xlsx, case-insensitive). Every writer writes a temporary
// file next to `path` and renames it, so a failure never leaves half a file. Throws
// std::runtime_error naming the file and what is wrong.
void exportTable(const ReportTable &table, const std::string &path, const std::string &sheetName,
                 const TableNotes &notes);

std::string csvNumber(double v); // "12.345678" -> trimmed to at most 6 decimals

} // namespace layers
