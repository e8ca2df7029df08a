#pragma once

#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"
#include "layers/render/Symbology.h"

#include <QColor>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace layers {

struct PlacedLabel
{
  QString text;
  QPointF anchor;   // baseline start of the text, pixels
  QRectF box;       // occupied rectangle, pixels
  int priority = 0; // lower is placed first
  bool bold = false;
  double pointSize = 9;
  QColor colour;
};

// Names of villages, sites, rivers and roads: candidates by priority and map scale, placed greedily
// so no two labels overlap, drawn with a halo (a stroked outline, so the text itself stays text in
// SVG and PDF).
class LabelEngine
{
public:
  LabelEngine(const MapData &data, const MapSettings &settings, const Symbology &symbology);
  std::vector<PlacedLabel> place() const;
  static void draw(QPainter &p, const std::vector<PlacedLabel> &labels, double dpi);

  // Largest scale denominators at which each kind of feature is labelled.
  static constexpr double kAreaLabelScale = 120000;
  static constexpr double kPointLabelScale = 30000;
  static constexpr double kLineLabelScale = 25000;

private:
  const MapData &mData;
  const MapSettings &mSettings;
  const Symbology &mSymbology;
};

} // namespace layers
