// planmap-cli sample | status | features | validate
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "data/store/Validate.h"
#include "layers/plan/Rollup.h"
#include "layers/report/StatusJson.h"
#include "layers/sample/SampleTown.h"

#include <chrono>
#include <cmath>
#include <iostream>

namespace app::cli {

namespace {

constexpr double kMaxSeed = 9007199254740992.0; // 2^53: every whole number up to it is exact

int cmdSample(const Args &args)
{
  args.allowOnly({"--seed"}, 1);
  const std::string out = args.positional(0, "OUT (the project file to write)");
  data::checkOutput("", out, data::Replace::NewOnly);
  layers::SampleOptions options;
  if (auto seed = args.number("--seed", 0, kMaxSeed)) {
    if (*seed != std::floor(*seed))
      throw UsageError("--seed expects a whole number, got '" + *args.value("--seed") + "'");
    options.seed = static_cast<std::uint64_t>(*seed);
  }
  const auto t0 = std::chrono::steady_clock::now();
  layers::writeSampleTown(out, options);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "wrote " << out << " in " << fixed(ms, 0) << " ms\n"
            << "SYNTHETIC sample data — 合成示例数据 (generated geography placed where Pujiang Town is)\n";
  return 0;
}

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

int cmdStatus(const Args &args)
{
  args.allowOnly({"--as-of", "--by", "--json"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  std::string asOf;
  if (auto v = args.value("--as-of")) asOf = checkedDate(*v, "--as-of");
  bool byVillage = false;
  if (auto by = args.value("--by")) {
    if (*by != "village") throw UsageError("--by supports only 'village', got '" + *by + "'");
    byVillage = true;
  }
  auto p = openWithPlan(path);
  // The in-memory model: features and events read once, then the roll-up only sums (the same
  // figures as computeRollup; the GUI keeps one model and re-sums it for any date).
  const auto rollup = layers::RollupModel(*p.store, p.plan, byVillage).rollup(asOf, byVillage);
  const auto &targets = p.plan.targets;

  if (args.has("--json")) {
    std::cout << layers::dumpJson(layers::statusJson(path, *p.store, p.plan, rollup, byVillage)) << "\n";
    return 0;
  }

  std::cout << p.plan.titleZh << "  " << p.plan.docNumber << "\n" << p.plan.titleEn << "\n";
  std::cout << "as of " << (asOf.empty() ? std::string("today (all events)") : asOf) << "\n";
  if (auto notice = syntheticNotice(*p.store); !notice.empty()) std::cout << notice << "\n";
  std::cout << "\n";
  Table table({"id", "目标", "target", "value", "goal", "unit", "%", "detail"},
              {false, false, false, true, true, false, true, false});
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto &t = targets[i];
    const auto &tp = rollup.targets[i];
    std::string detail;
    if (t.kind == data::TargetKind::Length && t.layerId == "rivers")
      detail = "rivers done " + std::to_string(tp.featuresDone) + " / " + std::to_string(tp.featuresTotal);
    else if (t.kind == data::TargetKind::Ratio)
      detail = "by count " + fixed(tp.shareByCount, 1) + " %, by length " + fixed(tp.shareByLength, 1) + " %";
    else if (t.kind == data::TargetKind::Indicator)
      detail = tp.latest ? "measured " + tp.latestDate : "no measurement yet";
    else if (!t.layerId.empty())
      detail = std::to_string(tp.featuresDone) + " / " + std::to_string(tp.featuresTotal) + " features";
    table.add({t.id, t.nameZh, t.nameEn, targetValueText(t, tp),
               std::string(t.comparatorSymbol()) + " " + fixed(t.goal, t.goal == (long long)t.goal ? 0 : 1),
               t.unit, fixed(tp.percent, 0), detail});
  }
  std::cout << table.str();
  if (byVillage) {
    std::cout << "\nby village (located targets: done / total features)\n";
    std::vector<std::string> header{"village"};
    std::vector<const layers::Target *> located;
    for (const auto &t : targets)
      if (!t.layerId.empty() && t.kind != data::TargetKind::Ratio && t.layerId != p.plan.villageLayer &&
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
  return 0;
}

int cmdFeatures(const Args &args)
{
  args.allowOnly({"--layer", "--json"}, 1);
  const std::string path = args.positional(0, "PROJECT");
  const std::string layerId = args.required("--layer");
  auto store = data::openProject(path);
  auto layer = store->layer(layerId);
  if (!layer) {
    std::string known;
    for (const auto &l : store->layers())
      known += (known.empty() ? "" : ", ") + l.id;
    throw std::runtime_error(path + ": no layer '" + layerId + "' (layers: " + known + ")");
  }
  const auto features = store->features(layerId);
  const bool isLine = layer->geometryType == "LineString";
  const bool isPolygon = layer->geometryType == "Polygon";
  if (args.has("--json")) {
    std::cout << layers::dumpJson(layers::featuresJson(path, *store, *layer, features)) << "\n";
    return 0;
  }
  std::vector<std::string> header{"id", "code", "name", "status"};
  if (isLine) {
    header.push_back("length_m");
    header.push_back("done_m");
  }
  if (isPolygon) header.push_back("area_m2");
  Table table(header, {true, false, false, false, true, true});
  for (const auto &f : features) {
    std::vector<std::string> row{std::to_string(f.id), f.code, f.name, data::statusName(f.status)};
    if (isLine) {
      row.push_back(fixed(f.lengthM, 1));
      row.push_back(fixed(f.doneM, 1));
    }
    if (isPolygon) row.push_back(fixed(f.areaM2, 0));
    table.add(row);
  }
  std::cout << layer->nameZh << " / " << layer->nameEn << ": " << features.size() << " features\n";
  if (auto notice = syntheticNotice(*store); !notice.empty()) std::cout << notice << "\n";
  std::cout << table.str();
  return 0;
}

// Checks what a reader of the project relies on: the plan parses (openWithPlan) and everything
// data::validateProject checks, on a file or a server.
int cmdValidate(const Args &args)
{
  args.allowOnly({}, 1);
  const std::string path = args.positional(0, "PROJECT");
  auto p = openWithPlan(path);
  const data::Validation v = data::validateProject(*p.store);
  if (v.problems.empty()) {
    std::cout << path << ": OK (" << v.features << " features, " << v.events << " events, "
              << p.plan.targets.size() << " targets, schema v" << p.store->schemaVersion() << ")\n";
    if (auto notice = syntheticNotice(*p.store); !notice.empty()) std::cout << notice << "\n";
    return 0;
  }
  for (const auto &pr : v.problems)
    std::cerr << path << ": " << pr << "\n";
  std::cerr << path << ": " << v.problems.size() << " problem(s)\n";
  return 1;
}

} // namespace

std::vector<Command> projectCommands()
{
  return {
      {"sample", "sample OUT [--seed N]", {}, cmdSample},
      {"status", "status PROJECT [--as-of YYYY-MM-DD] [--by village] [--json]", {"--json"}, cmdStatus},
      {"features", "features PROJECT --layer LAYER [--json]", {"--json"}, cmdFeatures},
      {"validate", "validate PROJECT", {}, cmdValidate},
  };
}

} // namespace app::cli
