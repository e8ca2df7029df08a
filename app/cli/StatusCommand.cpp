// planmap-cli status
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "layers/plan/StatusFigures.h"
#include "layers/report/StatusJson.h"

#include <iostream>

namespace app::cli {

namespace {

enum class By { Target, Village, Unit };

std::string targetValueText(const layers::Target &t, const layers::TargetProgress &p)
{
  if (t.kind == data::TargetKind::Indicator && !p.latest) return "—";
  const int decimals = t.kind == data::TargetKind::Length ? 2
                       : (t.kind == data::TargetKind::Area || t.kind == data::TargetKind::Ratio ||
                          t.kind == data::TargetKind::Indicator)
                           ? 1
                           : 0;
  return fixed(p.value, decimals);
}

std::string detailText(const layers::Target &t, const layers::TargetProgress &tp)
{
  if (t.kind == data::TargetKind::Length && t.layerId == "rivers")
    return "rivers done " + std::to_string(tp.featuresDone) + " / " + std::to_string(tp.featuresTotal);
  if (t.kind == data::TargetKind::Ratio)
    return "by count " + fixed(tp.shareByCount, 1) + " %, by length " + fixed(tp.shareByLength, 1) + " %";
  if (t.kind == data::TargetKind::Indicator)
    return tp.latest ? "measured " + tp.latestDate : "no measurement yet";
  if (!t.layerId.empty())
    return std::to_string(tp.featuresDone) + " / " + std::to_string(tp.featuresTotal) + " features";
  return {};
}

void printTargets(const layers::Plan &plan, const layers::StatusFigures &s)
{
  std::vector<std::string> header{"id",   "目标", "target", "value", "goal",
                                  "unit", "%",    "detail", "state", "lead"};
  std::vector<bool> right{false, false, false, true, true, false, true, false, false, false};
  if (s.then) {
    header.insert(header.end(), {"then " + s.compareDate, "change"});
    right.insert(right.end(), {true, true});
  }
  Table table(header, right);
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const auto &t = plan.targets[i];
    const auto &tp = s.rollup.targets[i];
    std::vector<std::string> row{t.id,
                                 t.nameZh,
                                 t.nameEn,
                                 targetValueText(t, tp),
                                 std::string(t.comparatorSymbol()) + " " +
                                     fixed(t.goal, t.goal == (long long)t.goal ? 0 : 1),
                                 t.unit,
                                 fixed(tp.percent, 0),
                                 detailText(t, tp),
                                 layers::targetStateName(s.forecasts[i].state),
                                 t.lead};
    if (s.then) {
      const auto &then = s.then->targets[i];
      layers::TargetProgress change;
      change.value = tp.value - then.value;
      if (t.kind != data::TargetKind::Indicator || (tp.latest && then.latest)) change.latest = change.value;
      row.push_back(targetValueText(t, then));
      row.push_back((change.latest && change.value >= 0 ? "+" : "") + targetValueText(t, change));
    }
    table.add(row);
  }
  std::cout << table.str();
}

void printVillages(const layers::Plan &plan, const layers::Rollup &rollup)
{
  std::cout << "\nby village (located targets: done / total features)\n";
  std::vector<std::string> header{"village"};
  std::vector<const layers::Target *> located;
  for (const auto &t : plan.targets)
    if (!t.layerId.empty() && t.kind != data::TargetKind::Ratio && t.layerId != plan.villageLayer &&
        t.layerId != "beautiful_villages") {
      located.push_back(&t);
      header.push_back(t.id);
    }
  Table vt(header);
  for (const auto &vp : rollup.villages) {
    std::vector<std::string> row{vp.villageName};
    for (const auto *t : located) {
      std::string cell = "-";
      for (const auto &tp : vp.targets)
        if (tp.targetId == t->id)
          cell = t->kind == data::TargetKind::Length
                     ? fixed(tp.value, 2) + " km"
                     : std::to_string(tp.featuresDone) + "/" + std::to_string(tp.featuresTotal);
      row.push_back(cell);
    }
    vt.add(row);
  }
  std::cout << vt.str();
}

void printUnits(const std::vector<layers::UnitProgress> &units)
{
  std::cout << "\nby lead unit (targets in each state)\n";
  std::vector<std::string> header{"unit", "targets"};
  for (int s = 0; s < layers::kTargetStateCount; ++s)
    header.push_back(layers::targetStateName(static_cast<layers::TargetState>(s)));
  header.push_back("supports");
  Table table(header, {false, true, true, true, true, true, true, true});
  for (const auto &u : units) {
    std::vector<std::string> row{u.unit.empty() ? "(no lead unit)" : u.unit,
                                 std::to_string(u.targetIds.size())};
    for (int n : u.states)
      row.push_back(std::to_string(n));
    row.push_back(std::to_string(u.supportedIds.size()));
    table.add(row);
  }
  std::cout << table.str();
}

By byOption(const Args &args)
{
  const auto by = args.value("--by");
  if (!by) return By::Target;
  if (*by == "village") return By::Village;
  if (*by == "unit") return By::Unit;
  throw UsageError("--by expects village or unit, got '" + *by + "'");
}

int cmdStatus(const Args &args)
{
  args.allowOnly({"--as-of", "--by", "--compare", "--json"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  std::string asOf, compare;
  if (auto v = args.value("--as-of")) asOf = checkedDate(*v, "--as-of");
  if (auto v = args.value("--compare")) compare = checkedDate(*v, "--compare");
  const By by = byOption(args);
  auto p = openWithPlan(path);
  layers::StatusFigures s;
  try {
    s = layers::computeStatus(*p.store, p.plan, asOf, by == By::Village, compare);
  } catch (const std::invalid_argument &e) {
    throw UsageError(std::string("--compare: ") + e.what());
  }
  const auto units =
      by == By::Unit ? layers::unitRollup(p.plan, s.forecasts) : std::vector<layers::UnitProgress>{};
  if (args.has("--json")) {
    auto json = layers::statusJson(path, *p.store, p.plan, s, by == By::Village);
    if (by == By::Unit) json["units"] = layers::unitsJson(units);
    std::cout << layers::dumpJson(json) << "\n";
    return 0;
  }
  std::cout << p.plan.titleZh << "  " << p.plan.docNumber << "\n" << p.plan.titleEn << "\n";
  std::cout << "as of " << (asOf.empty() ? std::string("today (all events)") : asOf);
  if (s.then) std::cout << ", compared with " << s.compareDate;
  std::cout << "\n";
  if (auto notice = syntheticNotice(*p.store); !notice.empty()) std::cout << notice << "\n";
  std::cout << "\n";
  printTargets(p.plan, s);
  if (by == By::Village) printVillages(p.plan, s.rollup);
  if (by == By::Unit) printUnits(units);
  return 0;
}

} // namespace

Command statusCommand()
{
  return {"status",
          "status PROJECT [--as-of YYYY-MM-DD] [--compare YYYY-MM-DD] [--by village|unit] [--json]",
          {"--json"},
          cmdStatus};
}

} // namespace app::cli
