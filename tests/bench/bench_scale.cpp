// Scale figures on one project file (PLANMAP_BENCH_PROJECT, written by scripts/bench.sh with
// planmap-cli sample/generate): open → first frame, full-extent and 2 km × 2 km renders at 1920×1080,
// a pan step, the roll-up of every target town-wide and by village (now and as of mid-history),
// and marking one stretch end to end (event written, roll-up refreshed). Peak RSS is a counter.
#include "app/gui/MapCanvas.h"
#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRenderer.h"
#include "tests/common/TestUtil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QThread>

#include <benchmark/benchmark.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace {

const QSize kFullHd(1920, 1080);

std::string projectPath()
{
  return qEnvironmentVariable("PLANMAP_BENCH_PROJECT").toStdString();
}

// A /proc/self/status line in MB: VmHWM (peak resident set) or VmRSS (resident now).
double statusMb(const char *key)
{
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024;
  return 0;
}

// CPU time of the whole process (every thread), ms: the frames are drawn on several threads.
double processCpuMs()
{
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double peakRssMb()
{
  return statusMb("VmHWM:");
}

double gLoadedRssMb = 0; // VmRSS right after the map was read, before any frame

std::shared_ptr<const layers::MapData> mapData()
{
  static std::shared_ptr<const layers::MapData> data = [] {
    auto d = layers::MapData::fromStore(*data::openProject(projectPath()));
    gLoadedRssMb = statusMb("VmRSS:");
    return d;
  }();
  return data;
}

// PLANMAP_BENCH_ONLY_LAYER=rivers draws that layer alone, without labels or decorations, at its own
// extent: the simple style scripts/bench-vs-qgis.sh compares with QGIS.
layers::MapSettings baseView(const layers::MapData &data, gis::Envelope &extent)
{
  layers::MapSettings s;
  s.size = kFullHd;
  extent = data.extent();
  const std::string only = qEnvironmentVariable("PLANMAP_BENCH_ONLY_LAYER").toStdString();
  if (const layers::MapLayer *layer = only.empty() ? nullptr : data.layer(only)) {
    extent = layer->extent();
    s.labels = false;
    s.decorations = false;
    for (const auto &l : data.layers())
      s.layerStyles[l.id()].visible = l.id() == only;
  }
  return s;
}

layers::MapSettings fullView(const layers::MapData &data)
{
  gis::Envelope e;
  layers::MapSettings s = baseView(data, e);
  s.extent = e;
  return s;
}

// A 2 km × 2 km box round the centre of the data (GK metres).
layers::MapSettings zoomView(const layers::MapData &data)
{
  gis::Envelope e;
  layers::MapSettings s = baseView(data, e);
  const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
  s.extent = gis::Envelope{cx - 1000, cy - 1000, cx + 1000, cy + 1000};
  return s;
}

void counters(benchmark::State &state, const layers::MapData &data, const layers::FrameImagePool &pool)
{
  // The frames' images come from `pool`, as the canvas's do: what it keeps mapped between frames
  // is in rss_mb.
  state.counters["pool_mb"] = static_cast<double>(pool.bytesFree() + pool.bytesInUse()) / (1024 * 1024);
  state.counters["pool_maps"] = static_cast<double>(pool.mapCount());
  state.counters["features"] = static_cast<double>(data.featureCount());
  state.counters["vertices"] = static_cast<double>(data.vertexCount());
  state.counters["peak_rss_mb"] = peakRssMb();
  state.counters["loaded_rss_mb"] = gLoadedRssMb; // the map read, no frame drawn yet
  state.counters["rss_mb"] = statusMb("VmRSS:");  // with the map loaded and frames drawn
  std::size_t bytes = 0;
  for (const layers::MapLayer &l : data.layers())
    bytes += l.memoryBytes();
  state.counters["map_mb"] = static_cast<double>(bytes) / (1024 * 1024); // the layers' own arrays
}

void BM_OpenFirstFrame(benchmark::State &state)
{
  std::size_t features = 0;
  const double cpu0 = processCpuMs();
  for (auto _ : state) {
    const auto data = layers::MapData::fromStore(*data::openProject(projectPath()));
    const QImage img = layers::MapRenderer(data, fullView(*data)).renderImage();
    benchmark::DoNotOptimize(img.constBits());
    features = data->featureCount();
  }
  state.counters["features"] = static_cast<double>(features);
  state.counters["process_cpu_ms"] = (processCpuMs() - cpu0) / static_cast<double>(state.iterations());
}

void BM_RenderFull(benchmark::State &state)
{
  const auto data = mapData();
  const layers::MapSettings s = fullView(*data);
  layers::FrameImagePool pool;
  const double cpu0 = processCpuMs();
  for (auto _ : state) {
    const QImage img = layers::MapRenderer(data, s).renderImage(nullptr, &pool);
    benchmark::DoNotOptimize(img.constBits());
  }
  state.counters["process_cpu_ms"] = (processCpuMs() - cpu0) / static_cast<double>(state.iterations());
  counters(state, *data, pool);
}

void BM_RenderZoom2km(benchmark::State &state)
{
  const auto data = mapData();
  const layers::MapSettings s = zoomView(*data);
  layers::FrameImagePool pool;
  for (auto _ : state) {
    const QImage img = layers::MapRenderer(data, s).renderImage(nullptr, &pool);
    benchmark::DoNotOptimize(img.constBits());
  }
  counters(state, *data, pool);
}

// One frame of a drag: the canvas moves and repaints its last image (rendering waits for the drop).
void BM_PanStep(benchmark::State &state)
{
  const auto data = mapData();
  app::MapCanvas canvas;
  canvas.resize(kFullHd);
  canvas.setMapData(data);
  canvas.setExtent(zoomView(*data).extent);
  QElapsedTimer wait;
  wait.start();
  while ((canvas.renderedImage().isNull() || canvas.isRendering()) && wait.elapsed() < 120000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(2);
  }
  QImage frame(kFullHd, QImage::Format_ARGB32_Premultiplied);
  int step = 0;
  for (auto _ : state) {
    canvas.panByPixels(QPointF((step++ % 2) ? 15 : -15, 4));
    canvas.render(&frame);
    benchmark::DoNotOptimize(frame.constBits());
  }
}

// The roll-up as the GUI and the CLI run it: the in-memory model is built once (features, events
// and villages read; its cost is BM_RollupModelBuild), then each roll-up only sums.
void rollup(benchmark::State &state, const std::string &asOf)
{
  const auto store = data::openProject(projectPath());
  const layers::Plan plan = layers::Plan::fromJson(store->plan()->json, projectPath());
  const layers::RollupModel model(*store, plan);
  std::size_t villages = 0;
  for (auto _ : state) {
    const layers::Rollup r = model.rollup(asOf, true);
    villages = r.villages.size();
    benchmark::DoNotOptimize(r.targets.data());
  }
  state.counters["villages"] = static_cast<double>(villages);
}

// Reading the project into the roll-up model (once per open).
void BM_RollupModelBuild(benchmark::State &state)
{
  const auto store = data::openProject(projectPath());
  const layers::Plan plan = layers::Plan::fromJson(store->plan()->json, projectPath());
  for (auto _ : state) {
    const layers::RollupModel model(*store, plan);
    benchmark::DoNotOptimize(&model);
  }
}

// The roll-up read from the store each time (computeRollup), for comparison with the model.
void BM_RollupFromStore(benchmark::State &state)
{
  const auto store = data::openProject(projectPath());
  const layers::Plan plan = layers::Plan::fromJson(store->plan()->json, projectPath());
  for (auto _ : state) {
    const layers::Rollup r = layers::computeRollup(*store, plan, {}, true);
    benchmark::DoNotOptimize(r.targets.data());
  }
}

void BM_RollupByVillage(benchmark::State &state)
{
  rollup(state, {});
}

// Mid-history: the sample and generated histories run 2020-05-15 .. 2020-11-30.
void BM_RollupByVillageAsOf(benchmark::State &state)
{
  rollup(state, "2020-08-22");
}

// Marking one stretch as an engineer does: the event is written, then the town-wide roll-up is
// refreshed. Runs on a copy so the project on disk stays as generated.
void BM_MarkStretch(benchmark::State &state)
{
  testutil::TempDir dir;
  const std::string copy = dir.file("mark.planmap");
  std::filesystem::copy_file(projectPath(), copy);
  const auto store = data::openProject(copy);
  const layers::Plan plan = layers::Plan::fromJson(store->plan()->json, projectPath());
  layers::RollupModel model(*store, plan);
  auto river = store->featureByCode("HD-000001");     // generated
  if (!river) river = store->featureByCode("HD-001"); // the sample town
  if (!river) {
    state.SkipWithError("no river HD-000001 / HD-001 in the project");
    return;
  }
  double from = 0;
  for (auto _ : state) {
    data::Event e;
    e.featureId = river->id;
    e.kind = data::EventKind::Stretch;
    e.status = data::Status::Completed;
    e.fromM = from;
    e.toM = std::min(from + 10, river->lengthM);
    e.date = "2020-12-01";
    e.user = "engineer1";
    e.note = "bench";
    store->appendEvent("engineer1", e);
    from = from + 10 >= river->lengthM ? 0 : from + 10;
    model.setEvents(river->id, store->events(river->id));
    const layers::Rollup r = model.rollup();
    benchmark::DoNotOptimize(r.targets.data());
  }
}

} // namespace

BENCHMARK(BM_OpenFirstFrame)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_RenderFull)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
BENCHMARK(BM_RenderZoom2km)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1);
BENCHMARK(BM_PanStep)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1);
BENCHMARK(BM_RollupByVillage)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_RollupByVillageAsOf)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_RollupModelBuild)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_RollupFromStore)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(BM_MarkStretch)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

int main(int argc, char **argv)
{
  if (projectPath().empty() || !std::filesystem::exists(projectPath())) {
    std::cerr << "bench_scale: set PLANMAP_BENCH_PROJECT to a project file (scripts/bench.sh does)\n";
    return 2;
  }
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
