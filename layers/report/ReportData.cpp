#include "layers/report/ReportData.h"

#include <QDate>

#include <cmath>
#include <cstdio>

namespace layers {

ReportData collectReportData(const data::Store &store, const Plan &plan, const std::string &asOf)
{
  ReportData d;
  d.asOf = asOf.empty() ? QDate::currentDate().toString(Qt::ISODate).toStdString() : asOf;
  d.synthetic = store.isSynthetic();
  d.rollup = computeRollup(store, plan, d.asOf, true);
  ProgressReplay replay(store, plan);
  d.burnUp = computeBurnUp(replay, plan, d.asOf);
  d.forecasts = forecastAll(plan, d.burnUp, d.asOf);
  for (const Target &t : plan.targets) {
    std::vector<TargetFeature> open;
    for (auto &f : replay.features(t.id))
      if (!f.done) open.push_back(std::move(f));
    d.openFeatures.push_back(std::move(open));
    if (!t.isLocated() || t.kind == data::TargetKind::Ratio) continue;
    bool seen = false;
    for (const auto &ls : d.layerStatus)
      seen = seen || ls.layerId == t.layerId;
    if (seen) continue;
    const auto def = store.layer(t.layerId);
    d.layerStatus.push_back({t.layerId, def ? def->nameZh : t.layerId, def ? def->nameEn : t.layerId,
                             replay.statusCounts(t.layerId)});
  }
  return d;
}

int valueDecimals(const Target &t)
{
  if (t.kind == data::TargetKind::Length) return 2;
  if (t.kind == data::TargetKind::Area || t.kind == data::TargetKind::Ratio ||
      t.kind == data::TargetKind::Indicator)
    return 1;
  return 0;
}

std::string formatNumber(double v, int decimals)
{
  // Sized to the number: 1e308 has 309 digits, and a fixed buffer would cut it short.
  std::string s(static_cast<std::size_t>(std::snprintf(nullptr, 0, "%.*f", decimals, v)), '\0');
  std::snprintf(s.data(), s.size() + 1, "%.*f", decimals, v);
  return s == "-0" || s == "-0.0" || s == "-0.00" ? s.substr(1) : s;
}

const char *groupLabel(const std::string &group, bool zh)
{
  if (group == "product") return zh ? "产品质量" : "Product quality";
  if (group == "engineering") return zh ? "工程质量" : "Engineering quality";
  if (group == "services") return zh ? "服务质量" : "Service quality";
  if (group == "environment") return zh ? "环境质量" : "Environment quality";
  return group.c_str();
}

std::string targetName(const Target &t, bool zh)
{
  return zh || t.nameEn.empty() ? t.nameZh : t.nameEn;
}

std::string targetUnit(const Target &t, bool zh)
{
  return zh || t.unitEn.empty() ? t.unit : t.unitEn;
}

ReportTable targetTable(const Plan &plan, const ReportData &data, bool zh)
{
  ReportTable table;
  table.header =
      zh ? std::vector<std::string>{"编号",     "组别",   "目标", "指标", "完成值",      "单位",
                                    "完成率 %", "已完成", "总数", "进度", "预计完成日期"}
         : std::vector<std::string>{"ID",      "Group", "Target", "Goal",     "Value",       "Unit",
                                    "Percent", "Done",  "Total",  "Schedule", "Forecast met"};
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const Target &t = plan.targets[i];
    const TargetProgress &p = data.rollup.targets[i];
    const Forecast &f = data.forecasts[i];
    const int dec = valueDecimals(t);
    std::vector<ReportCell> row;
    row.push_back({t.id, {}});
    row.push_back({groupLabel(t.group, zh), {}});
    row.push_back({targetName(t, zh), {}});
    row.push_back(
        {std::string(t.comparatorSymbol()) + " " + formatNumber(t.goal, t.goal == std::floor(t.goal) ? 0 : 1),
         t.goal});
    if (!t.isLocated() && !p.latest)
      row.push_back({"—", {}});
    else
      row.push_back({formatNumber(p.value, dec), p.value});
    row.push_back({targetUnit(t, zh), {}});
    row.push_back({formatNumber(p.percent, 1), p.percent});
    if (t.isLocated()) {
      row.push_back({std::to_string(p.featuresDone), p.featuresDone});
      row.push_back({std::to_string(p.featuresTotal), p.featuresTotal});
    } else {
      row.push_back({"", {}});
      row.push_back({"", {}});
    }
    row.push_back({scheduleLabel(f.schedule, zh), {}});
    std::string forecast;
    if (f.schedule == Schedule::Done)
      forecast = zh ? "已完成" : "met";
    else if (f.forecastable)
      forecast = f.metRecent ? *f.metRecent : (zh ? "无进展" : "no progress");
    row.push_back({forecast, {}});
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::vector<std::size_t> villageTargets(const Plan &plan)
{
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < plan.targets.size(); ++i)
    if (plan.targets[i].isLocated() && plan.targets[i].kind != data::TargetKind::Ratio) out.push_back(i);
  return out;
}

ReportTable villageTable(const Plan &plan, const ReportData &data, bool zh)
{
  const auto targets = villageTargets(plan);
  ReportTable table;
  table.header.push_back(zh ? "村居" : "Village");
  for (std::size_t ti : targets) {
    const Target &t = plan.targets[ti];
    const std::string name = targetName(t, zh);
    table.header.push_back(name + (zh ? " 已完成" : " done"));
    table.header.push_back(name + (zh ? " 总数" : " total"));
    if (t.kind != data::TargetKind::Count) table.header.push_back(name + " (" + targetUnit(t, zh) + ")");
  }
  auto addRow = [&](const std::string &label, const std::vector<TargetProgress> &progress) {
    std::vector<ReportCell> row{{label, {}}};
    for (std::size_t ti : targets) {
      const Target &t = plan.targets[ti];
      const TargetProgress *p = nullptr;
      for (const auto &tp : progress)
        if (tp.targetId == t.id) p = &tp;
      const TargetProgress none;
      if (!p) p = &none;
      row.push_back({std::to_string(p->featuresDone), p->featuresDone});
      row.push_back({std::to_string(p->featuresTotal), p->featuresTotal});
      if (t.kind != data::TargetKind::Count)
        row.push_back({formatNumber(p->value, valueDecimals(t)), p->value});
    }
    table.rows.push_back(std::move(row));
  };
  for (const auto &v : data.rollup.villages)
    addRow(v.villageName, v.targets);
  addRow(zh ? "全镇" : "Town total", data.rollup.targets);
  return table;
}

} // namespace layers
