#include "layers/MapRenderer.h"

#include "layers/LabelEngine.h"
#include "layers/MapDecorations.h"
#include "layers/MapLayerRenderer.h"
#include "layers/Symbology.h"

#include <QFuture>
#include <QPainter>
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

QImage newImage(const MapSettings &s)
{
  QImage img(s.size, QImage::Format_ARGB32_Premultiplied);
  const int dpm = static_cast<int>(std::lround(s.dpi / 0.0254));
  img.setDotsPerMeterX(dpm);
  img.setDotsPerMeterY(dpm);
  return img;
}

} // namespace

QImage MapRenderer::renderImage(const std::atomic_bool *cancel) const
{
  if (mSettings.size.isEmpty() || mSettings.extent.isNull()) return {};
  const Symbology symbology(*mData);
  const std::vector<const MapLayer *> order = drawOrder();

  // Each layer on a worker into its own image (QGIS's parallel job); the last one runs here.
  std::vector<QImage> images(order.size());
  std::vector<QFuture<void>> jobs;
  auto drawLayer = [&](std::size_t i) {
    images[i] = newImage(mSettings);
    images[i].fill(Qt::transparent);
    QPainter p(&images[i]);
    p.setRenderHint(QPainter::Antialiasing, true);
    if (!MapLayerRenderer(*order[i], mSettings, symbology).draw(p, cancel)) images[i] = QImage();
  };
  for (std::size_t i = 0; i + 1 < order.size(); ++i)
    jobs.push_back(QtConcurrent::run([&drawLayer, i] { drawLayer(i); }));
  if (!order.empty()) drawLayer(order.size() - 1);
  for (QFuture<void> &f : jobs)
    f.waitForFinished();
  if (cancel && cancel->load()) return {};

  QImage out = newImage(mSettings);
  out.fill(background());
  QPainter p(&out);
  for (std::size_t i = 0; i < order.size(); ++i) {
    p.setOpacity(std::clamp(mSettings.style(order[i]->id()).opacity, 0.0, 1.0));
    p.drawImage(0, 0, images[i]);
  }
  p.setOpacity(1);
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
      if (settings.selection.count(l.feature(i).id)) picked.push_back(static_cast<std::uint32_t>(i));
    if (!picked.empty()) MapLayerRenderer(l, settings, symbology).drawHighlight(p, picked);
  }
  p.restore();
}

} // namespace layers
