// planmap-cli sample | status | features | validate
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "data/store/Validate.h"
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
      statusCommand(),
      {"features", "features PROJECT --layer LAYER [--json]", {"--json"}, cmdFeatures},
      {"validate", "validate PROJECT", {}, cmdValidate},
  };
}

} // namespace app::cli
