#include "layers/report/TableExport.h"

#include "data/store/NewFile.h"

#include "data/store/OutputPath.h"
#include "layers/render/SaveFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <sys/stat.h>

namespace layers {

namespace {

std::string csvField(const std::string &s)
{
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string lowerExtension(const std::string &path)
{
  return QFileInfo(QString::fromStdString(path)).suffix().toLower().toStdString();
}

// Display width in Excel columns: CJK characters take two.
double columnWidth(const std::string &utf8)
{
  double w = 0;
  for (QChar c : QString::fromStdString(utf8))
    w += c.unicode() >= 0x2E80 ? 2.1 : 1.1;
  return w;
}

struct WorkbookDeleter
{
  void operator()(lxw_workbook *w) const
  {
    if (w) workbook_close(w);
  }
};

void check(lxw_error err, const std::string &path, const char *what)
{
  if (err != LXW_NO_ERROR)
    throw std::runtime_error(path + ": cannot write " + what + ": " + lxw_strerror(err));
}

} // namespace

std::string csvNumber(double v)
{
  if (!std::isfinite(v)) return "";
  // Sized to the number: 1e308 has 309 digits, and a fixed buffer would cut it short.
  std::string s(static_cast<std::size_t>(std::snprintf(nullptr, 0, "%.6f", v)), '\0');
  std::snprintf(s.data(), s.size() + 1, "%.6f", v);
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

void writeCsv(const ReportTable &table, const std::string &path)
{
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string> &fields) {
    for (std::size_t i = 0; i < fields.size(); ++i)
      out += (i ? "," : "") + csvField(fields[i]);
    out += "\r\n";
  };
  line(table.header);
  for (const auto &row : table.rows) {
    std::vector<std::string> fields;
    for (const auto &c : row)
      fields.push_back(c.number ? csvNumber(*c.number) : c.text);
    line(fields);
  }
  QSaveFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::WriteOnly))
    throw std::runtime_error(path + ": cannot write: " + f.errorString().toStdString());
  f.write(out.data(), static_cast<qint64>(out.size()));
  commitSaveFile(f, path);
}

void writeXlsx(const ReportTable &table, const std::string &path, const std::string &sheetName,
               const TableNotes &notes)
{
  const QFileInfo target(QString::fromStdString(path));
  if (!target.absoluteDir().exists())
    throw std::runtime_error(path + ": cannot write: the folder " + target.absolutePath().toStdString() +
                             " does not exist");
  // libxlsxwriter writes the zip at close; write it under a temporary name, then rename.
  QTemporaryFile tmp(target.absolutePath() + "/.planmap-XXXXXX.xlsx");
  if (!tmp.open()) throw std::runtime_error(path + ": cannot write: " + tmp.errorString().toStdString());
  const std::string tmpPath = tmp.fileName().toStdString();
  tmp.close();

  lxw_workbook *wb = workbook_new(tmpPath.c_str());
  if (!wb) throw std::runtime_error(path + ": cannot create the workbook");
  std::unique_ptr<lxw_workbook, WorkbookDeleter> guard(wb);
  lxw_format *bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDE6F0);
  lxw_worksheet *ws = workbook_add_worksheet(wb, sheetName.c_str());
  if (!ws) throw std::runtime_error(path + ": invalid sheet name '" + sheetName + "'");
  std::vector<double> widths(table.header.size(), 6);
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold), path,
          "a header");
    widths[c] = std::max(widths[c], columnWidth(table.header[c]));
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const ReportCell &cell = table.rows[r][c];
      const auto row = static_cast<lxw_row_t>(r + 1);
      const auto col = static_cast<lxw_col_t>(c);
      if (cell.number)
        check(worksheet_write_number(ws, row, col, *cell.number, nullptr), path, "a number");
      else if (!cell.text.empty())
        check(worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr), path, "text");
      if (c < widths.size()) widths[c] = std::max(widths[c], columnWidth(cell.text));
    }
  for (std::size_t c = 0; c < widths.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         std::min(widths[c] + 1, 60.0), nullptr);
  worksheet_freeze_panes(ws, 1, 1);

  lxw_worksheet *about = workbook_add_worksheet(wb, "about");
  worksheet_write_string(about, 0, 0, notes.title.c_str(), bold);
  for (std::size_t i = 0; i < notes.lines.size(); ++i)
    worksheet_write_string(about, static_cast<lxw_row_t>(i + 1), 0, notes.lines[i].c_str(), nullptr);
  worksheet_set_column(about, 0, 0, 80, nullptr);

  const lxw_error err = workbook_close(guard.release());
  if (err != LXW_NO_ERROR) {
    QFile::remove(QString::fromStdString(tmpPath));
    if (data::fileSystemFull(path)) throw std::runtime_error(path + ": disk full, nothing written");
    throw std::runtime_error(path + ": cannot write the workbook: " + lxw_strerror(err));
  }
  // The temporary file was made private (0600); the table is as readable as any file the user
  // writes (the CSV's 0666 less the umask). rename() then replaces an old table in one step.
  if (::chmod(tmpPath.c_str(), 0666 & ~data::currentUmask()) != 0 ||
      ::rename(tmpPath.c_str(), target.absoluteFilePath().toStdString().c_str()) != 0) {
    QFile::remove(QString::fromStdString(tmpPath));
    throw std::runtime_error(path + ": cannot replace the file");
  }
}

void exportTable(const ReportTable &table, const std::string &path, const std::string &sheetName,
                 const TableNotes &notes)
{
  const std::string ext = lowerExtension(path);
  if (ext == "csv")
    writeCsv(table, path);
  else if (ext == "xlsx")
    writeXlsx(table, path, sheetName, notes);
  else
    throw std::runtime_error(path + ": unknown table format '." + ext + "' (use .csv or .xlsx)");
}

} // namespace layers
