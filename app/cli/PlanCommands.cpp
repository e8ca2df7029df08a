// planmap-cli plan check|list|export | new
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "layers/plan/NewProject.h"
#include "layers/plan/PlanEdit.h"

#include <filesystem>
#include <iostream>

namespace app::cli {

namespace {

int planCheck(const Args &args)
{
  args.allowOnly({}, 2);
  const std::string file = args.positional(1, "PLAN.json (the plan file to check)");
  const std::vector<std::string> problems = layers::Plan::check(layers::readPlanFile(file), file);
  if (problems.empty()) {
    const auto plan = layers::Plan::fromFile(file);
    std::cout << file << ": OK (plan " << plan.id << ", " << plan.layers.size() << " layers, "
              << plan.targets.size() << " targets)\n";
    return 0;
  }
  for (const auto &p : problems)
    std::cerr << p << "\n";
  std::cerr << file << ": " << problems.size() << " problem(s)\n";
  return 1;
}

int planList(const Args &args)
{
  args.allowOnly({}, 1);
  namespace fs = std::filesystem;
  const std::string dir = layers::bundledPlanDir();
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json" && entry.path().filename() != "plan.schema.json")
      files.push_back(entry.path().string());
  if (ec) throw std::runtime_error(dir + ": cannot list the bundled plans: " + ec.message());
  std::sort(files.begin(), files.end());
  Table table({"id", "town", "period", "targets", "title"}, {false, false, false, true, false});
  for (const auto &f : files) {
    const auto plan = layers::Plan::fromFile(f);
    table.add({plan.id, plan.town, plan.startDate + " – " + plan.deadline,
               std::to_string(plan.targets.size()), plan.titleZh});
  }
  std::cout << table.str() << "(in " << dir << ")\n";
  return 0;
}

int planExport(const Args &args)
{
  args.allowOnly({"--overwrite"}, 3);
  const std::string project = args.positional(0, "PROJECT");
  const std::string out = args.positional(2, "OUT.json (the plan file to write)");
  auto p = openWithPlan(project);
  layers::writePlanFile(p.plan, project, out, overwriteOption(args));
  std::cout << "wrote " << out << " (plan " << p.plan.id << ", " << p.plan.targets.size() << " targets)\n";
  return 0;
}

int cmdPlan(const Args &args)
{
  const std::string first = args.positional(0, "check, list or PROJECT");
  if (first == "check") return planCheck(args);
  if (first == "list") return planList(args);
  const std::string action = args.positional(1, "action (export)");
  if (action == "export") return planExport(args);
  throw UsageError("unknown plan action '" + action +
                   "' (plan check PLAN.json, plan list, plan PROJECT export OUT)");
}

void printImport(const data::ImportReport &r)
{
  std::cout << r.text();
}

int cmdNew(const Args &args)
{
  args.allowOnly({"--plan", "--boundary", "--villages", "--user"}, 1);
  layers::NewProjectOptions o;
  o.path = args.positional(0, "PROJECT (the project file to create)");
  const std::string planArg = args.required("--plan");
  // A bundled plan by its id (plan list), or a plan file.
  const bool bundled = planArg.find('/') == std::string::npos && planArg.find(".json") == std::string::npos;
  o.plan = layers::Plan::fromFile(bundled ? layers::bundledPlanPath(planArg) : planArg);
  o.user = args.required("--user");
  o.boundary = args.value("--boundary").value_or("");
  o.villages = args.value("--villages").value_or("");
  try {
    for (const auto &r : layers::createProjectFromPlan(o))
      printImport(r);
  } catch (const layers::NewProjectImportBlocked &e) {
    printImport(e.report);
    throw;
  }
  std::cout << "created " << o.path << " with plan " << o.plan.id << " (" << o.plan.layers.size()
            << " layers, " << o.plan.targets.size() << " targets), planner " << o.user << "\n";
  return 0;
}

} // namespace

std::vector<Command> planCommands()
{
  return {
      {"plan",
       "plan check PLAN.json | plan list | plan PROJECT export OUT.json [--overwrite]",
       {"--overwrite"},
       cmdPlan},
      {"new",
       "new PROJECT --plan PLAN.json|PLAN_ID [--boundary FILE] [--villages FILE] --user NAME",
       {},
       cmdNew},
      targetsCommand(),
  };
}

} // namespace app::cli
