#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"
#include "layers/render/Symbology.h"

#include <QString>

class QPainter;

namespace layers {

// The furniture around the map: scale bar, north arrow, attribution line, legend, title and date.
// Drawn in device pixels of the settings' size and dpi, as text (not outlines) so SVG/PDF keep it.
class MapDecorations
{
public:
  MapDecorations(const MapData &data, const MapSettings &settings, const Symbology &symbology);
  void draw(QPainter &p) const; // everything the settings ask for

  void drawScaleBar(QPainter &p) const;
  void drawNorthArrow(QPainter &p) const;
  void drawAttribution(QPainter &p) const;
  void drawLegend(QPainter &p) const;
  void drawTitle(QPainter &p) const;

  QString attribution() const;
  // The scale bar's length: a round number of metres (1, 2, 5 × 10^n) near `targetMetres`.
  static double niceLength(double targetMetres);

private:
  double px(double v) const { return v * mSettings.dpi / 96.0; }

  const MapData &mData;
  const MapSettings &mSettings;
  const Symbology &mSymbology;
};

} // namespace layers
