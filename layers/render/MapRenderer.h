#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapRendererPool.h"
#include "layers/render/MapSettings.h"

#include <QImage>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

class QPainter;

namespace layers {

// Renders a MapData for a MapSettings. Both are snapshots, so any number of jobs may run at once
// on any threads. The raster path draws each visible layer into its own image on the global
// thread pool and composites them (with the layer's opacity); the painter path draws everything in
// order onto any QPainter (SVG, PDF, printer) so vectors stay vectors and text stays text.
class MapRenderer
{
public:
  MapRenderer(std::shared_ptr<const MapData> data, MapSettings settings);

  // The whole map; a null image when `cancel` was raised. With a `pool` the frame's images (the
  // one returned included) take their pixels from it, so that frame after frame reuses buffers.
  QImage renderImage(const std::atomic_bool *cancel = nullptr, FrameImagePool *pool = nullptr) const;
  // Draws onto `p`, whose device is settings.size pixels at settings.dpi.
  void render(QPainter &p) const;

  // Layers drawn, bottom first: the settings' order, then any others in the data's order.
  std::vector<const MapLayer *> drawOrder() const;
  // Outlines the selected features (settings.selection) on top of a finished map.
  static void drawSelection(QPainter &p, const MapData &data, const MapSettings &settings);
  static QColor background() { return QColor(244, 243, 238); }

  const MapSettings &settings() const { return mSettings; }

private:
  std::shared_ptr<const MapData> mData;
  MapSettings mSettings;
};

} // namespace layers
