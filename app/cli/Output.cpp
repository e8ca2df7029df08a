#include "app/cli/Output.h"

#include "app/cli/Cli.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace app::cli {

namespace {

// Decodes one UTF-8 code point starting at s[i]; advances i. Invalid bytes count as one column.
char32_t nextCodePoint(const std::string &s, std::size_t &i)
{
  const auto c = static_cast<unsigned char>(s[i]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return cp;
}

bool isWide(char32_t cp)
{
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

} // namespace

int displayWidth(const std::string &utf8)
{
  int w = 0;
  for (std::size_t i = 0; i < utf8.size();)
    w += isWide(nextCodePoint(utf8, i)) ? 2 : 1;
  return w;
}

std::string padRight(const std::string &utf8, int width)
{
  const int w = displayWidth(utf8);
  return w >= width ? utf8 : utf8 + std::string(width - w, ' ');
}

std::string padLeft(const std::string &utf8, int width)
{
  const int w = displayWidth(utf8);
  return w >= width ? utf8 : std::string(width - w, ' ') + utf8;
}

std::string fixed(double v, int decimals)
{
  // %f of 1e308 has 309 digits, more than the buffer: such a number is shown whole, in short form.
  if (!(std::fabs(v) < 1e15)) return shortestNumber(v);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Table::Table(std::vector<std::string> header, std::vector<bool> rightAligned)
    : mRight(std::move(rightAligned))
{
  mRows.push_back(std::move(header));
}

void Table::add(std::vector<std::string> row)
{
  mRows.push_back(std::move(row));
}

std::string Table::str() const
{
  std::vector<int> widths;
  for (const auto &r : mRows)
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], displayWidth(r[c]));
    }
  std::ostringstream out;
  for (std::size_t r = 0; r < mRows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < mRows[r].size(); ++c) {
      const bool right = c < mRight.size() && mRight[c];
      const bool last = c + 1 == mRows[r].size();
      line +=
          right ? padLeft(mRows[r][c], widths[c]) : (last ? mRows[r][c] : padRight(mRows[r][c], widths[c]));
      if (!last) line += "  ";
    }
    out << line << "\n";
    if (r == 0) {
      int total = 0;
      for (int w : widths)
        total += w + 2;
      out << std::string(std::max(0, total - 2), '-') << "\n";
    }
  }
  return out.str();
}

OpenProject openWithPlan(const std::string &path)
{
  OpenProject p;
  p.store = data::openProject(path);
  auto record = p.store->plan();
  if (!record) throw std::runtime_error(path + ": the project has no plan");
  p.plan = layers::Plan::fromJson(record->json, path + " (stored plan)");
  return p;
}

std::string checkedDate(const std::string &value, const std::string &option)
{
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (value.size() != 10 || std::sscanf(value.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    throw UsageError(option + " expects a date YYYY-MM-DD, got '" + value + "'");
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = 12;
  std::tm check = tm;
  timegm(&check);
  if (m < 1 || m > 12 || d < 1 || check.tm_mday != d || check.tm_mon != m - 1)
    throw UsageError(option + " expects a real calendar date, got '" + value + "'");
  return value;
}

std::string today()
{
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

gis::Envelope lonLatBox(const std::string &text, const std::string &option)
{
  std::vector<double> v;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto d = parseDecimal(item);
    if (!d) throw UsageError(option + " expects minlon,minlat,maxlon,maxlat, got '" + text + "'");
    v.push_back(*d);
  }
  if (v.size() != 4 || text.back() == ',')
    throw UsageError(option + " expects 4 numbers minlon,minlat,maxlon,maxlat, got '" + text + "'");
  if (v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90)
    throw UsageError(option + " '" + text + "' is not a lon/lat box with min < max");
  return gis::Envelope{v[0], v[1], v[2], v[3]};
}

data::Replace overwriteOption(const Args &args)
{
  return args.has("--overwrite") ? data::Replace::File : data::Replace::No;
}

std::string syntheticNotice(const data::Store &store)
{
  if (!store.isSynthetic()) return {};
  return "SYNTHETIC sample data — 合成示例数据: the geography and progress of this project are generated, "
         "not real.";
}

} // namespace app::cli
