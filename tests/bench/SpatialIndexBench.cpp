// The static R-tree at the size map rendering asks of it: a million feature envelopes over the town.
#include "gis/SpatialIndex.h"

#include <benchmark/benchmark.h>

#include <random>

namespace {

std::vector<gis::Envelope> townBoxes(std::size_t n)
{
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> lon(121.45, 121.58), lat(30.98, 31.11), size(0, 0.0005);
  std::vector<gis::Envelope> boxes(n);
  for (gis::Envelope &b : boxes) {
    b.minX = lon(rng);
    b.minY = lat(rng);
    b.maxX = b.minX + size(rng);
    b.maxY = b.minY + size(rng);
  }
  return boxes;
}

const std::vector<gis::Envelope> &millionBoxes()
{
  static const std::vector<gis::Envelope> boxes = townBoxes(1000000);
  return boxes;
}

void BM_Build(benchmark::State &state)
{
  const auto &boxes = millionBoxes();
  for (auto _ : state)
    benchmark::DoNotOptimize(gis::SpatialIndex(boxes));
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond);

// Window side in 1/10000 degree: 10 ≈ 100 m (a zoomed-in street), 1300 = the whole town.
void BM_Query(benchmark::State &state)
{
  static const gis::SpatialIndex index(millionBoxes());
  const double side = static_cast<double>(state.range(0)) / 10000.0;
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> lon(121.45, 121.58 - side), lat(30.98, 31.11 - side);
  std::vector<std::uint32_t> out;
  std::size_t hits = 0;
  for (auto _ : state) {
    out.clear();
    const double x = lon(rng), y = lat(rng);
    index.query({x, y, x + side, y + side}, out);
    hits += out.size();
  }
  state.counters["hits"] =
      benchmark::Counter(static_cast<double>(hits) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_Query)->Arg(10)->Arg(100)->Arg(1300)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
