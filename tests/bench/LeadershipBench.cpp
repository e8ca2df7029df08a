// The leadership view's costs on the sample town: the incremental burn-up against one full
// roll-up per event date (what it replaces), and a whole PDF report.
#include "layers/plan/BurnUp.h"
#include "layers/plan/Rollup.h"
#include "layers/report/Report.h"
#include "layers/sample/SampleTown.h"

#include "tests/common/TestUtil.h"

#include <QGuiApplication>

#include <benchmark/benchmark.h>

namespace {

struct Project
{
  testutil::TempDir dir;
  std::string path = dir.file("sample.planmap");
  std::unique_ptr<data::Store> store;
  layers::Plan plan;
  Project()
  {
    layers::writeSampleTown(path);
    store = data::openProject(path);
    plan = layers::Plan::fromJson(store->plan()->json, path);
  }
};

Project &project()
{
  static Project p;
  return p;
}

void BurnUpIncremental(benchmark::State &state)
{
  auto &p = project();
  for (auto _ : state)
    benchmark::DoNotOptimize(layers::computeBurnUp(*p.store, p.plan));
}
BENCHMARK(BurnUpIncremental)->Unit(benchmark::kMillisecond);

void RollupPerEventDate(benchmark::State &state)
{
  auto &p = project();
  const auto dates = layers::ProgressReplay(*p.store, p.plan).eventDates();
  for (auto _ : state)
    for (const auto &d : dates)
      benchmark::DoNotOptimize(layers::computeRollup(*p.store, p.plan, d));
  state.counters["dates"] = static_cast<double>(dates.size());
}
BENCHMARK(RollupPerEventDate)->Unit(benchmark::kMillisecond);

void PdfReport(benchmark::State &state)
{
  auto &p = project();
  for (auto _ : state)
    layers::writeReport(*p.store, p.plan, p.dir.file("report.pdf"), {"2020-10-01", true});
}
BENCHMARK(PdfReport)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

int main(int argc, char **argv)
{
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
