#pragma once

#include "data/store/Model.h"
#include "layers/render/MapData.h"
#include "layers/render/MapSettings.h"

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QString>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QPainter;

namespace layers {

enum class MarkerShape { Circle, Square, Triangle, Diamond, House, Star, Cross, Pentagon };

// What a layer is on the map decides its look: reference layers (boundary, roads, water, villages)
// are quiet backgrounds; tracked layers are coloured by status.
enum class LayerRole { Boundary, Road, Water, Area, Line, Point };

struct LayerSymbol
{
  LayerRole role = LayerRole::Line;
  MarkerShape marker = MarkerShape::Circle;
  QColor stroke;
  QColor fill;
  double width = 1.0; // pen width in pixels at 96 dpi
};

struct LegendItem
{
  QString label;
  QColor colour;
  LayerRole role = LayerRole::Line;
  MarkerShape marker = MarkerShape::Circle;
};

struct LegendGroup
{
  QString title;
  std::vector<LegendItem> items;
};

// Colours and symbols: a colour-blind-safe palette (Okabe & Ito) for the four statuses, a
// sequential one for water quality, and a distinct marker per point layer.
class Symbology
{
public:
  explicit Symbology(const MapData &data);

  const LayerSymbol &symbol(const std::string &layerId) const;
  // Stroke colour of a feature under the theme (fill of polygons is derived from it).
  QColor featureColour(const MapLayer &layer, const MapFeature &f, Theme theme) const;
  QColor featureColour(const MapLayer &layer, std::size_t i, Theme theme) const; // feature i of layer
  std::vector<LegendGroup> legend(const MapData &data, const MapSettings &settings) const;

  static QColor statusColour(data::Status s);
  static QColor waterClassColour(WaterClass c);
  static QString statusLabel(data::Status s, bool chinese);
  static QString waterClassLabel(WaterClass c, bool chinese);
  static QColor highlightColour() { return QColor(255, 0, 255); }
  // Theme::VillageProgress: five classes of share done (0–20 % … 80–100 %) on a sequential,
  // colour-blind-safe ramp (ColorBrewer YlGnBu); no share (no located target) is grey.
  static constexpr int kVillageClasses = 5;
  static int villageShareClass(double share);
  static QColor villageShareColour(std::optional<double> share);
  static QString villageShareLabel(std::optional<int> shareClass, bool chinese);
  // The fill the theme gives a polygon feature (the villages under VillageProgress); invalid when
  // the theme leaves the layer's own fill.
  static QColor themeFill(const MapLayer &layer, const MapFeature &f, const MapSettings &settings);
  static QColor themeFill(const MapLayer &layer, std::size_t i, const MapSettings &settings);
  // The font for all map text: Noto Sans CJK SC, so Chinese renders the same everywhere. Sized in
  // device pixels for `dpi`, so metrics agree on images, SVG and PDF alike.
  static QFont font(double pointSize, double dpi, bool bold = false);
  static void drawMarker(QPainter &p, MarkerShape shape, QPointF centre, double size, const QColor &fill);
  static QString layerName(const data::LayerDef &def, bool chinese);

private:
  std::map<std::string, LayerSymbol> mSymbols;
};

} // namespace layers
