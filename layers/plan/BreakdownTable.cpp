#include "layers/plan/BreakdownTable.h"

#include "data/store/Encoding.h"
#include "data/store/EventRules.h"
#include "gis/Ogr.h"

#include <cpl_conv.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>

namespace layers {

namespace {

enum class Column { Target, Lead, Support, Milestones, DateMilestone, Other };

std::string trimmed(const std::string &s)
{
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Column columnOf(const std::string &header)
{
  static const std::set<std::string> target{"id",   "target", "target_id", "name",     "name_zh", "name_en",
                                            "目标", "任务",   "指标",      "目标名称", "任务名称"};
  static const std::set<std::string> lead{"lead", "lead_unit", "牵头单位", "责任单位"};
  static const std::set<std::string> support{"support", "supporting", "supporting_units", "配合单位"};
  static const std::set<std::string> milestones{"milestones", "时间节点", "进度节点"};
  const std::string h = lower(trimmed(header));
  if (target.count(h)) return Column::Target;
  if (lead.count(h)) return Column::Lead;
  if (support.count(h)) return Column::Support;
  if (milestones.count(h)) return Column::Milestones;
  if (data::isIsoDate(h)) return Column::DateMilestone;
  return Column::Other;
}

} // namespace

std::vector<std::string> splitUnits(const std::string &cell)
{
  std::string text = cell;
  for (const char *sep : {"，", "、", "；", ";"})
    for (std::size_t at; (at = text.find(sep)) != std::string::npos;)
      text.replace(at, std::strlen(sep), ",");
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t to = std::min(text.find(',', from), text.size());
    if (auto u = trimmed(text.substr(from, to - from)); !u.empty()) out.push_back(u);
    from = to + 1;
  }
  return out;
}

namespace {

std::optional<double> number(const std::string &text)
{
  const std::string t = trimmed(text);
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A GDAL configuration option set on this thread for the life of the object.
class ThreadConfig
{
public:
  ThreadConfig(const char *key, const char *value)
      : mKey(key)
  {
    if (const char *old = CPLGetThreadLocalConfigOption(key, nullptr)) mOld = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ThreadConfig() { CPLSetThreadLocalConfigOption(mKey, mOld ? mOld->c_str() : nullptr); }
  ThreadConfig(const ThreadConfig &) = delete;
  ThreadConfig &operator=(const ThreadConfig &) = delete;

private:
  const char *mKey;
  std::optional<std::string> mOld;
};

struct Table
{
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

Table readTable(const std::string &path)
{
  const std::string ext = lower(std::filesystem::path(path).extension().string());
  if (ext != ".csv" && ext != ".xlsx")
    throw std::runtime_error(path + ": a breakdown table is a .csv or .xlsx file");
  gis::ensureGdalRegistered();
  // GDAL 3.6's XLSX driver takes these as configuration options only (it reads the sheet lazily,
  // so they hold until the table is read): the first row is the header, every cell text.
  const ThreadConfig headers("OGR_XLSX_HEADERS", "FORCE"), types("OGR_XLSX_FIELD_TYPES", "STRING");
  const char *csv[] = {"HEADERS=YES", nullptr};
  gis::GdalDataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                 ext == ".csv" ? csv : nullptr, nullptr));
  if (!ds || GDALDatasetGetLayerCount(ds.get()) == 0)
    throw std::runtime_error(path + ": cannot read the table: " +
                             (gis::lastGdalError().empty() ? "no sheet" : gis::lastGdalError()));
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  Table t;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
    t.headers.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  OGR_L_ResetReading(layer);
  while (gis::OgrFeature f{OGR_L_GetNextFeature(layer)}) {
    std::vector<std::string> row;
    for (int i = 0; i < static_cast<int>(t.headers.size()); ++i)
      row.push_back(OGR_F_IsFieldSetAndNotNull(f.get(), i) ? OGR_F_GetFieldAsString(f.get(), i) : "");
    t.rows.push_back(std::move(row));
  }
  return t;
}

const Target *findTarget(const Plan &plan, const std::string &cell)
{
  if (const Target *t = plan.target(cell)) return t;
  for (const Target &t : plan.targets)
    if (t.nameZh == cell || t.nameEn == cell) return &t;
  return nullptr;
}

std::vector<Milestone> parseMilestones(const std::string &cell, const std::string &where)
{
  std::vector<Milestone> out;
  for (const std::string &item : splitUnits(cell)) {
    const auto eq = item.find('=');
    const std::string date = trimmed(item.substr(0, eq));
    const auto value = eq == std::string::npos ? std::nullopt : number(item.substr(eq + 1));
    if (!data::isIsoDate(date) || !value)
      throw std::runtime_error(where + ": milestone '" + item + "' is not YYYY-MM-DD=VALUE");
    out.push_back({date, *value});
  }
  return out;
}

} // namespace

std::vector<BreakdownMatch> readBreakdownTable(const std::string &path, const Plan &plan,
                                               std::vector<std::string> &ignored)
{
  const Table table = readTable(path);
  std::vector<Column> columns;
  for (const auto &h : table.headers) {
    columns.push_back(columnOf(h));
    if (columns.back() == Column::Other) ignored.push_back(h);
  }
  const auto has = [&](Column c) { return std::find(columns.begin(), columns.end(), c) != columns.end(); };
  if (!has(Column::Target))
    throw std::runtime_error(path + ": row 1: no target column (id, target, name, 目标 or 任务)");
  const bool hasMilestones = has(Column::Milestones) || has(Column::DateMilestone);
  std::vector<BreakdownMatch> out;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const int rowNumber = static_cast<int>(r) + 2;
    const std::string where = path + ": row " + std::to_string(rowNumber);
    BreakdownMatch m;
    m.row = rowNumber;
    if (hasMilestones) m.change.milestones.emplace();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string cell = trimmed(table.rows[r][c]);
      if (!data::isValidUtf8(cell))
        throw std::runtime_error(where + ": column '" + table.headers[c] +
                                 "' is not UTF-8 text (save as UTF-8)");
      switch (columns[c]) {
      case Column::Target:
        m.cell = cell;
        break;
      case Column::Lead:
        m.change.lead = cell;
        break;
      case Column::Support:
        m.change.support = splitUnits(cell);
        break;
      case Column::Milestones:
        for (const Milestone &ms : parseMilestones(cell, where))
          m.change.milestones->push_back(ms);
        break;
      case Column::DateMilestone:
        if (cell.empty()) break;
        if (const auto v = number(cell))
          m.change.milestones->push_back({trimmed(table.headers[c]), *v});
        else
          throw std::runtime_error(where + ": '" + cell + "' under " + table.headers[c] + " is not a number");
        break;
      case Column::Other:
        break;
      }
    }
    if (m.cell.empty()) continue; // a blank or subtotal line
    const Target *t = findTarget(plan, m.cell);
    if (!t) throw std::runtime_error(where + ": no target with the id or name '" + m.cell + "'");
    for (const auto &seen : out)
      if (seen.targetId == t->id)
        throw std::runtime_error(where + ": target '" + t->id + "' is already given in row " +
                                 std::to_string(seen.row));
    m.targetId = t->id;
    if (m.change.milestones)
      std::sort(m.change.milestones->begin(), m.change.milestones->end(),
                [](const Milestone &a, const Milestone &b) { return a.date < b.date; });
    out.push_back(std::move(m));
  }
  return out;
}

} // namespace layers
