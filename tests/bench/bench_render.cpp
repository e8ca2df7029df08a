// Map rendering figures at 1920×1080: the sample town at full extent, a generated set of 100,000
// river polylines of 50 vertices (5 million vertices) at full extent and zoomed to a district, and
// the frame time of a pan step on the canvas (the last image moved, as during a drag).
// Targets: sample < 30 ms; 5M full < 250 ms, zoomed < 40 ms; pan step < 16 ms.
#include "app/gui/MapCanvas.h"
#include "data/store/Store.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRenderer.h"
#include "layers/sample/SampleTown.h"
#include "tests/common/TestUtil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QThread>

#include <benchmark/benchmark.h>

#include <memory>
#include <random>

namespace {

const QSize kFullHd(1920, 1080);

std::shared_ptr<const layers::MapData> sampleTown()
{
  static std::shared_ptr<const layers::MapData> data = [] {
    testutil::TempDir dir;
    const std::string path = dir.file("sample.planmap");
    layers::writeSampleTown(path);
    return layers::MapData::fromStore(*data::openProject(path));
  }();
  return data;
}

// 100,000 meandering rivers of 50 vertices over a 40 × 25 km area in GK metres (a district),
// statuses mixed, a third of those in progress with a done stretch.
std::shared_ptr<const layers::MapData> bigSet()
{
  static std::shared_ptr<const layers::MapData> data = [] {
    data::LayerDef def{"rivers", "河道", "rivers", "LineString", true, 0, {}};
    layers::MapLayer layer(def, layers::GeometryKind::Line);
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> x0(440000, 480000), y0(3420000, 3445000), turn(-0.4, 0.4);
    std::uniform_int_distribution<int> status(0, 3);
    for (int i = 0; i < 100000; ++i) {
      std::vector<gis::Point> path;
      double x = x0(rng), y = y0(rng), heading = turn(rng) * 8;
      for (int v = 0; v < 50; ++v) {
        path.push_back({x, y});
        heading += turn(rng);
        x += 12 * std::cos(heading);
        y += 12 * std::sin(heading);
      }
      layers::MapFeature f;
      f.id = i + 1;
      f.name = "河" + std::to_string(i);
      f.status = static_cast<data::Status>(status(rng));
      f.labelPoint = path[25];
      std::vector<std::vector<gis::Point>> done;
      if (f.status == data::Status::InProgress && i % 3 == 0)
        done.emplace_back(path.begin(), path.begin() + 20);
      layer.addFeature(f, {path}, done);
    }
    std::vector<layers::MapLayer> layers;
    layers.push_back(std::move(layer));
    return std::make_shared<const layers::MapData>(4550, std::move(layers));
  }();
  return data;
}

layers::MapSettings view(const layers::MapData &data, double zoom)
{
  layers::MapSettings s;
  s.size = kFullHd;
  const gis::Envelope e = data.extent();
  const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
  const double hw = e.width() / 2 / zoom, hh = e.height() / 2 / zoom;
  s.extent = gis::Envelope{cx - hw, cy - hh, cx + hw, cy + hh};
  return s;
}

void render(benchmark::State &state, std::shared_ptr<const layers::MapData> data,
            const layers::MapSettings &s)
{
  layers::FrameImagePool pool; // as the canvas draws: frame images reuse the last frame's buffers
  for (auto _ : state) {
    const QImage img = layers::MapRenderer(data, s).renderImage(nullptr, &pool);
    benchmark::DoNotOptimize(img.constBits());
  }
  state.counters["vertices"] = static_cast<double>(data->vertexCount());
  state.counters["scale"] = s.scale();
}

void BM_SampleTownFull(benchmark::State &state)
{
  const auto data = sampleTown();
  render(state, data, view(*data, 1));
}

void BM_BigSetFull(benchmark::State &state)
{
  const auto data = bigSet();
  layers::MapSettings s = view(*data, 1);
  s.labels = false;
  render(state, data, s);
}

// Zoomed to about 5 km across: a district-sized view of the dense set.
void BM_BigSetZoomed(benchmark::State &state)
{
  const auto data = bigSet();
  render(state, data, view(*data, data->extent().width() / 5000));
}

// One frame of a drag on the canvas: the mouse moves, the canvas repaints the moved last image.
void BM_PanStep(benchmark::State &state)
{
  const auto data = bigSet();
  app::MapCanvas canvas;
  canvas.resize(kFullHd);
  canvas.setMapData(data);
  canvas.setExtent(view(*data, data->extent().width() / 5000).extent);
  QElapsedTimer wait;
  wait.start();
  while ((canvas.renderedImage().isNull() || canvas.isRendering()) && wait.elapsed() < 60000) {
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

} // namespace

BENCHMARK(BM_SampleTownFull)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
BENCHMARK(BM_BigSetFull)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK(BM_BigSetZoomed)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
BENCHMARK(BM_PanStep)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

int main(int argc, char **argv)
{
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
