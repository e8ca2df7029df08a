// planmap-cli generate: synthetic projects of any size for scale tests and benchmarks.
#include "app/cli/Cli.h"
#include "app/cli/Output.h"

#include "layers/Generate.h"

#include <chrono>
#include <cmath>
#include <iostream>

namespace app::cli {

namespace {

int count(const Args &args, const std::string &opt, int fallback)
{
  const std::optional<double> v = args.number(opt);
  if (!v) return fallback;
  if (*v < 0 || *v != std::floor(*v) || *v > 1e8)
    throw UsageError(opt + " must be a whole number from 0 to 100000000, got '" + *args.value(opt) + "'");
  return static_cast<int>(*v);
}

int cmdGenerate(const Args &args)
{
  args.allowOnly({"--rivers", "--sites", "--plots", "--villages", "--seed"}, 1);
  const std::string out = args.positional(0, "OUT (the project file to write)");
  data::checkOutput("", out, data::Replace::NewOnly);
  layers::GenerateOptions options;
  options.rivers = count(args, "--rivers", -1);
  if (options.rivers < 1) throw UsageError("--rivers N (at least 1) is required");
  options.sites = count(args, "--sites", -1);
  options.plots = count(args, "--plots", -1);
  options.villages = count(args, "--villages", -1);
  if (args.has("--seed")) options.seed = static_cast<std::uint64_t>(count(args, "--seed", 0));
  const layers::GenerateOptions resolved = options.resolved();
  const auto t0 = std::chrono::steady_clock::now();
  layers::writeGeneratedProject(out, resolved);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "wrote " << out << " in " << fixed(s, 1) << " s: " << resolved.rivers << " rivers, "
            << resolved.sites << " sites, " << resolved.plots << " forest plots, " << resolved.villages
            << " villages over about " << fixed(102 * resolved.scale(), 0) << " km²\n"
            << "SYNTHETIC generated data — 合成数据 (for scale tests)\n";
  return 0;
}

} // namespace

std::vector<Command> scaleCommands()
{
  return {{"generate",
           "generate OUT --rivers N [--sites N] [--plots N] [--villages N] [--seed S]",
           {},
           cmdGenerate}};
}

} // namespace app::cli
