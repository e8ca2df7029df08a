// planmap-cli targets list|set|import
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "layers/plan/BreakdownTable.h"
#include "layers/plan/PlanEdit.h"
#include "layers/report/StatusJson.h"

#include <algorithm>
#include <iostream>

namespace app::cli {

namespace {

std::string joined(const std::vector<std::string> &items, const char *sep = ", ")
{
  std::string out;
  for (const auto &i : items)
    out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string milestonesText(const std::vector<layers::Milestone> &milestones)
{
  std::vector<std::string> items;
  for (const auto &m : milestones)
    items.push_back(m.date + "=" + shortestNumber(m.value));
  return joined(items);
}

// What a change sets, for the one line each command prints per target.
std::string changeText(const layers::Target &t)
{
  return "lead " + (t.lead.empty() ? std::string("—") : t.lead) + "; support " +
         (t.support.empty() ? std::string("—") : joined(t.support)) + "; milestones " +
         (t.milestones.empty() ? std::string("—") : milestonesText(t.milestones));
}

int targetsList(const Args &args, const std::string &project)
{
  args.allowOnly({"--json"}, 2);
  const auto p = openWithPlan(project);
  if (args.has("--json")) {
    layers::Json list = layers::Json::array();
    for (const auto &t : p.plan.targets)
      list.push_back(layers::targetPlanJson(t));
    const layers::Json doc = {{"project", project}, {"plan", p.plan.id}, {"targets", std::move(list)}};
    std::cout << layers::dumpJson(doc) << "\n";
    return 0;
  }
  Table table({"id", "目标", "lead 牵头单位", "support 配合单位", "milestones"});
  for (const auto &t : p.plan.targets)
    table.add({t.id, t.nameZh, t.lead, joined(t.support, "、"), milestonesText(t.milestones)});
  std::cout << table.str();
  return 0;
}

std::vector<layers::Milestone> milestoneOptions(const Args &args)
{
  std::vector<layers::Milestone> out;
  for (const auto &m : args.values("--milestone")) {
    const auto eq = m.find('=');
    const auto value = eq == std::string::npos ? std::nullopt : parseDecimal(m.substr(eq + 1));
    if (!value) throw UsageError("--milestone expects YYYY-MM-DD=VALUE, got '" + m + "'");
    out.push_back({checkedDate(m.substr(0, eq), "--milestone"), *value});
  }
  std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.date < b.date; });
  return out;
}

int targetsSet(const Args &args, const std::string &project)
{
  args.allowOnly({"--lead", "--support", "--milestone", "--no-milestones", "--user"}, 3);
  const std::string id = args.positional(2, "ID (the target to change)");
  const std::string user = args.required("--user");
  layers::Responsibility change;
  change.lead = args.value("--lead");
  if (auto s = args.value("--support")) {
    change.support.emplace();
    for (const auto &u : layers::splitUnits(*s))
      change.support->push_back(u);
  }
  if (args.has("--milestone") && args.has("--no-milestones"))
    throw UsageError("give --milestone or --no-milestones, not both");
  if (args.has("--milestone") || args.has("--no-milestones")) change.milestones = milestoneOptions(args);
  if (!change.lead && !change.support && !change.milestones)
    throw UsageError("nothing to set: give --lead, --support, --milestone or --no-milestones");
  auto p = openWithPlan(project);
  if (!p.plan.target(id)) throw std::runtime_error(project + ": the plan has no target '" + id + "'");
  const auto plan = layers::withResponsibilities(p.plan, {{id, change}}, project + " (target " + id + ")");
  layers::storePlan(*p.store, user, plan);
  std::cout << "set " << id << ": " << changeText(*plan.target(id)) << "\n";
  return 0;
}

int targetsImport(const Args &args, const std::string &project)
{
  args.allowOnly({"--user"}, 3);
  const std::string file = args.positional(2, "FILE (the breakdown table, .csv or .xlsx)");
  const std::string user = args.required("--user");
  auto p = openWithPlan(project);
  std::vector<std::string> ignored;
  const auto matches = layers::readBreakdownTable(file, p.plan, ignored);
  std::vector<std::pair<std::string, layers::Responsibility>> changes;
  for (const auto &m : matches)
    changes.emplace_back(m.targetId, m.change);
  const auto plan = layers::withResponsibilities(p.plan, changes, file);
  layers::storePlan(*p.store, user, plan);
  for (const auto &m : matches)
    std::cout << "row " << m.row << ": " << m.cell << " → " << m.targetId << ": "
              << changeText(*plan.target(m.targetId)) << "\n";
  std::vector<std::string> untouched;
  for (const auto &t : plan.targets)
    if (std::none_of(matches.begin(), matches.end(), [&](const auto &m) { return m.targetId == t.id; }))
      untouched.push_back(t.id);
  if (!untouched.empty()) std::cout << "not in the table (left as they were): " << joined(untouched) << "\n";
  if (!ignored.empty()) std::cout << "ignored column(s): " << joined(ignored) << "\n";
  std::cout << "updated " << matches.size() << " of " << plan.targets.size() << " target(s) from " << file
            << "\n";
  return 0;
}

int cmdTargets(const Args &args)
{
  const std::string project = args.positional(0, "PROJECT");
  const std::string action = args.positional(1, "action (list, set or import)");
  if (action == "list") return targetsList(args, project);
  if (action == "set") return targetsSet(args, project);
  if (action == "import") return targetsImport(args, project);
  throw UsageError("unknown targets action '" + action + "' (list, set or import)");
}

} // namespace

Command targetsCommand()
{
  return {"targets",
          "targets PROJECT list [--json] | targets PROJECT set ID [--lead UNIT] [--support U1,U2] "
          "[--milestone YYYY-MM-DD=VALUE]... [--no-milestones] --user PLANNER | targets PROJECT import "
          "FILE.csv|.xlsx --user PLANNER",
          {"--json", "--no-milestones"},
          cmdTargets};
}

} // namespace app::cli
