#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"
#include "layers/render/Symbology.h"

#include <atomic>

class QPainter;

namespace layers {

// Draws one layer of a MapData for one MapSettings, on whichever thread calls it (it only reads the
// shared data). Level of detail: the R-tree limits the frame to the visible features, vertices
// closer than a pixel to the last drawn one are skipped, features smaller than a pixel become a
// pixel, and a frame with very many vertices draws hairlines (the pen width is the big cost).
class MapLayerRenderer
{
public:
  MapLayerRenderer(const MapLayer &layer, const MapSettings &settings, const Symbology &symbology);
  // Returns false when cancelled part-way. With `band` (map units) only the features meeting it are
  // drawn, but every choice that depends on how much is in view (hairlines, dots for dense sites)
  // is made for the whole view, so bands drawn on several threads make the same picture.
  bool draw(QPainter &p, const std::atomic_bool *cancel = nullptr, const gis::Envelope *band = nullptr) const;
  // Outlines the given features in the highlight colour.
  void drawHighlight(QPainter &p, const std::vector<std::uint32_t> &features) const;

private:
  bool drawLines(QPainter &p, const std::vector<std::uint32_t> &visible, std::size_t viewVertices,
                 const std::atomic_bool *cancel) const;
  bool drawPolygons(QPainter &p, const std::vector<std::uint32_t> &visible,
                    const std::atomic_bool *cancel) const;
  void drawPoints(QPainter &p, const std::vector<std::uint32_t> &visible, std::size_t viewFeatures) const;
  // Appends feature i's paths (of `ps`) to `out` in pixels, thinned to one vertex per pixel.
  void appendPixels(const PathSet &ps, std::size_t firstPath, std::size_t lastPath, QPolygonF &out) const;
  QPointF px(double x, double y) const { return QPointF((x - mMinX) * mInvUpp, (mMaxY - y) * mInvUpp); }

  const MapLayer &mLayer;
  const MapSettings &mSettings;
  const Symbology &mSymbology;
  double mMinX = 0, mMaxY = 0, mInvUpp = 1;
  double mDpiScale = 1;
};

} // namespace layers
