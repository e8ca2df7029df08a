#include "layers/render/MapRenderer.h"

#include "layers/render/LabelEngine.h"
#include "layers/render/MapDecorations.h"
#include "layers/render/MapLayerRenderer.h"
#include "layers/render/Symbology.h"

#include <QFuture>
#include <QPainter>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace layers {

MapRenderer::MapRenderer(std::shared_ptr<const MapData> data, MapSettings settings)
    : mData(std::move(data))
    , mSettings(std::move(settings))
{
}

std::vector<const MapLayer *> MapRenderer::drawOrder() const
{
  std::vector<const MapLayer *> out;
  for (const std::string &id : mSettings.layerOrder)
    if (const MapLayer *l = mData->layer(id); l && std::find(out.begin(), out.end(), l) == out.end())
      out.push_back(l);
  for (const MapLayer &l : mData->layers())
    if (std::find(out.begin(), out.end(), &l) == out.end()) out.push_back(&l);
  std::erase_if(out, [this](const MapLayer *l) { return !mSettings.layerVisibleAtScale(l->id()); });
  return out;
}

namespace {

// Below this many vertices in view a frame is drawn on one thread into one image.
constexpr std::size_t kParallelVertices = 200000;

QImage newImage(const MapSettings &s, FrameImagePool *pool)
{
  QImage img = pool ? pool->take(s.size) : QImage(s.size, QImage::Format_ARGB32_Premultiplied);
  const int dpm = static_cast<int>(std::lround(s.dpi / 0.0254));
  img.setDotsPerMeterX(dpm);
  img.setDotsPerMeterY(dpm);
  return img;
}

// How much a frame draws: the visible vertices per layer (in draw order) and in all, and the work
// of the features that cross the borders of one horizontal band a thread.
struct FrameWork
{
  std::vector<std::size_t> work;
  std::size_t total = 0;
  std::size_t crossing = 0;
  std::size_t visibleFeatures = 0;
};

FrameWork measureFrame(const std::vector<const MapLayer *> &order, const MapSettings &settings, int threads)
{
  FrameWork f;
  f.work.resize(order.size());
  const gis::Envelope view = settings.visibleExtent();
  // Band borders (map y) if the frame were cut into one horizontal band a thread, and the work of
  // the features that cross one: each band transforms all of their vertices, so long lines make
  // bands a loss (a 5M-vertex set of 50-vertex lines) and small features a gain (1M features).
  std::vector<double> borders;
  for (int b = 1; b < threads; ++b)
    borders.push_back(settings.toMap(QPointF(0, settings.size.height() * b / threads)).y);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const MapLayer &l = *order[i];
    if (l.extent().isNull() || !l.extent().intersects(view)) continue;
    const std::vector<std::uint32_t> visible = l.query(view);
    const PathSet &ps = l.paths();
    std::size_t v = visible.size();
    f.visibleFeatures += visible.size();
    for (std::uint32_t id : visible) {
      const std::size_t n = ps.pathStart[ps.featureStart[id + 1]] - ps.pathStart[ps.featureStart[id]];
      v += n;
      if (n > 1) {
        const gis::Envelope e = l.envelope(id);
        for (double y : borders)
          if (e.minY <= y && e.maxY >= y) f.crossing += n * static_cast<std::size_t>(threads - 1);
      }
    }
    f.work[i] = v;
    f.total += v;
  }
  return f;
}

// Consecutive layers drawn into one image; a layer with opacity < 1 is a group of its own.
struct Group
{
  std::size_t begin, end;
  double opacity;
};

std::vector<Group> groupLayers(const std::vector<const MapLayer *> &order,
                               const std::vector<double> &opacities, const std::vector<std::size_t> &work,
                               std::size_t share)
{
  std::vector<Group> groups;
  std::size_t load = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const double o = opacities[i];
    const bool alone = o < 1.0;
    if (groups.empty() || alone || groups.back().opacity < 1.0 || load >= share) {
      groups.push_back({i, i + 1, o});
      load = 0;
    } else {
      groups.back().end = i + 1;
    }
    load += work[i];
  }
  return groups;
}

// A heavy frame is cut into horizontal bands, one a thread, each drawing every layer's features
// that meet it: one dominant layer (500,000 rivers) no longer leaves the other cores idle. Each
// band is an image over its own rows of the output (no copy, no image of its own).
void drawBands(QImage &out, const std::vector<const MapLayer *> &order, const MapSettings &settings,
               const Symbology &symbology, const std::atomic_bool *cancel, int threads)
{
  const int w = settings.size.width(), h = settings.size.height();
  std::vector<int> top(static_cast<std::size_t>(threads) + 1);
  for (int b = 0; b <= threads; ++b)
    top[static_cast<std::size_t>(b)] = h * b / threads;
  uchar *const pixels = out.bits();
  const qsizetype bytesPerLine = out.bytesPerLine();
  auto drawBand = [&](int b) {
    const int y0 = top[static_cast<std::size_t>(b)], y1 = top[static_cast<std::size_t>(b) + 1];
    QImage img(pixels + y0 * bytesPerLine, w, y1 - y0, bytesPerLine, out.format());
    img.setDotsPerMeterX(out.dotsPerMeterX());
    img.setDotsPerMeterY(out.dotsPerMeterY());
    const gis::Envelope band = settings.toMap(QRectF(0, y0, w, y1 - y0));
    QPainter p(&img);
    p.translate(0, -y0);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const MapLayer *l : order)
      if (!MapLayerRenderer(*l, settings, symbology).draw(p, cancel, &band)) return;
  };
  std::vector<QFuture<void>> jobs;
  for (int b = 1; b < threads; ++b)
    jobs.push_back(QtConcurrent::run([&drawBand, b] { drawBand(b); }));
  drawBand(0);
  for (QFuture<void> &f : jobs)
    f.waitForFinished();
}

// The first opaque group draws into the output itself; the others into transparent images,
// composited in order with their opacity.
void drawGroups(QImage &out, const std::vector<const MapLayer *> &order, const std::vector<Group> &groups,
                const MapSettings &settings, const Symbology &symbology, const std::atomic_bool *cancel,
                FrameImagePool *pool)
{
  std::vector<QImage> images(groups.size());
  auto drawGroup = [&](std::size_t g) {
    QImage *target = &out;
    if (g > 0 || groups[g].opacity < 1.0) {
      images[g] = newImage(settings, pool);
      images[g].fill(Qt::transparent);
      target = &images[g];
    }
    QPainter p(target);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (std::size_t i = groups[g].begin; i < groups[g].end; ++i)
      if (!MapLayerRenderer(*order[i], settings, symbology).draw(p, cancel)) return;
  };
  std::vector<QFuture<void>> jobs;
  for (std::size_t g = 1; g < groups.size(); ++g)
    jobs.push_back(QtConcurrent::run([&drawGroup, g] { drawGroup(g); }));
  if (!groups.empty()) drawGroup(0);
  for (QFuture<void> &f : jobs)
    f.waitForFinished();
  if (cancel && cancel->load()) return;
  QPainter p(&out);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (images[g].isNull()) continue;
    p.setOpacity(groups[g].opacity);
    p.drawImage(0, 0, images[g]);
  }
}

} // namespace

QImage MapRenderer::renderImage(const std::atomic_bool *cancel, FrameImagePool *pool) const
{
  if (mSettings.size.isEmpty() || mSettings.extent.isNull()) return {};
  const Symbology symbology(*mData);
  const std::vector<const MapLayer *> order = drawOrder();

  // The layers are drawn in groups of consecutive layers, each group straight into one image: a
  // full-size image per layer costs a fill and a composite of 8 MB each at 1920x1080, more than
  // drawing a town. A cheap frame is one group drawn into the output; a heavy one is split into
  // about one group per core by visible vertices (QGIS's parallel job, with fewer images), or into
  // horizontal bands when many small features make that cheaper.
  const int threads = std::max(1, QThreadPool::globalInstance()->maxThreadCount());
  const FrameWork f = measureFrame(order, mSettings, threads);
  std::vector<double> opacities;
  for (const MapLayer *l : order)
    opacities.push_back(std::clamp(mSettings.style(l->id()).opacity, 0.0, 1.0));
  const std::size_t share =
      f.total < kParallelVertices ? f.total + 1 : f.total / static_cast<std::size_t>(threads) + 1;

  QImage out = newImage(mSettings, pool);
  out.fill(background());
  const bool allOpaque = std::all_of(opacities.begin(), opacities.end(), [](double o) { return o >= 1.0; });
  if (f.total >= kParallelVertices && threads > 1 && allOpaque && mSettings.size.height() >= 2 * threads &&
      f.crossing * 10 < f.total && f.total < 20 * f.visibleFeatures)
    drawBands(out, order, mSettings, symbology, cancel, threads);
  else
    drawGroups(out, order, groupLayers(order, opacities, f.work, share), mSettings, symbology, cancel, pool);
  if (cancel && cancel->load()) return {};

  QPainter p(&out);
  if (!mSettings.selection.empty()) drawSelection(p, *mData, mSettings);
  if (mSettings.labels)
    LabelEngine::draw(p, LabelEngine(*mData, mSettings, symbology).place(), mSettings.dpi);
  MapDecorations(*mData, mSettings, symbology).draw(p);
  return out;
}

void MapRenderer::render(QPainter &p) const
{
  const Symbology symbology(*mData);
  p.save();
  p.setClipRect(QRectF(QPointF(0, 0), QSizeF(mSettings.size)));
  p.fillRect(QRectF(QPointF(0, 0), QSizeF(mSettings.size)), background());
  p.setRenderHint(QPainter::Antialiasing, true);
  for (const MapLayer *l : drawOrder()) {
    p.setOpacity(std::clamp(mSettings.style(l->id()).opacity, 0.0, 1.0));
    MapLayerRenderer(*l, mSettings, symbology).draw(p);
  }
  p.setOpacity(1);
  if (!mSettings.selection.empty()) drawSelection(p, *mData, mSettings);
  if (mSettings.labels)
    LabelEngine::draw(p, LabelEngine(*mData, mSettings, symbology).place(), mSettings.dpi);
  MapDecorations(*mData, mSettings, symbology).draw(p);
  p.restore();
}

void MapRenderer::drawSelection(QPainter &p, const MapData &data, const MapSettings &settings)
{
  const Symbology symbology(data);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  for (const MapLayer &l : data.layers()) {
    std::vector<std::uint32_t> picked;
    for (std::size_t i = 0; i < l.size(); ++i)
      if (settings.selection.count(l.featureId(i))) picked.push_back(static_cast<std::uint32_t>(i));
    if (!picked.empty()) MapLayerRenderer(l, settings, symbology).drawHighlight(p, picked);
  }
  p.restore();
}

} // namespace layers
