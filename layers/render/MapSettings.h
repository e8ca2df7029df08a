#pragma once

#include "gis/Geometry.h"

#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace layers {

// Status: features coloured by progress status; WaterQuality: rivers by class I–V;
// VillageProgress: villages filled by `villageShare` (a choropleth of share done, 0..1).
enum class Theme { Status, WaterQuality, VillageProgress };

// Per-layer view state the user controls (layer tree).
struct LayerStyle
{
  bool visible = true;
  double opacity = 1.0;
  // Scale-dependent visibility: drawn only while the map scale denominator is within
  // [minScale, maxScale]; 0 = no limit.
  double minScale = 0;
  double maxScale = 0;
  bool operator==(const LayerStyle &) const = default;
};

// Everything that decides one frame: a plain value, copied into each render job so the GUI can
// keep changing its own copy while a worker draws (QGIS QgsMapSettings, MapLibre snapshots).
// Map units are the projected metres of the MapData's CRS.
class MapSettings
{
public:
  gis::Envelope extent; // requested extent; the visible one keeps the aspect of `size`
  QSize size{800, 600}; // output pixels
  double dpi = 96;
  Theme theme = Theme::Status;
  bool labels = true;
  bool decorations = true; // scale bar, north arrow, attribution
  bool legend = false;
  QString title;                       // drawn at the top when not empty (exports)
  QString dateText;                    // drawn under the title when not empty
  bool chinese = true;                 // language of legend and attribution
  std::vector<std::string> layerOrder; // bottom first; empty = the data's order
  std::map<std::string, LayerStyle> layerStyles;
  std::set<std::int64_t> selection; // highlighted feature ids
  // Theme::VillageProgress: share done (0..1) per village feature id; villages not in the map
  // are drawn as "no located target".
  std::map<std::int64_t, double> villageShare;
  std::string villageLayer = "villages"; // the plan's village layer, the one the theme fills

  LayerStyle style(const std::string &layerId) const;

  // The extent actually shown: `extent` grown on one axis to the output's aspect ratio.
  gis::Envelope visibleExtent() const;
  double mapUnitsPerPixel() const;
  // Scale denominator N of 1:N at this dpi (metres on the ground per metre on screen).
  double scale() const;
  // Sets the extent so that the map shows `scale` around `centre`.
  void setScale(double scale, const gis::Point &centre);
  gis::Point centre() const;

  QPointF toPixel(const gis::Point &p) const;
  gis::Point toMap(const QPointF &px) const;
  gis::Envelope toMap(const QRectF &px) const;
  bool layerVisibleAtScale(const std::string &layerId) const;

  bool operator==(const MapSettings &) const = default;
};

} // namespace layers
