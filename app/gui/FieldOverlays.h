#pragma once

// The overlays of marking and editing and what the field tools share.

#include "app/gui/MapCanvas.h"
#include "data/store/Model.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace app {

class FieldController;

// The stretch being entered (or a GPS proposal under review), drawn over its river.
class StretchPreviewOverlay : public MapOverlay
{
public:
  // `path` in map units; empty hides the preview.
  void set(std::int64_t featureId, std::vector<gis::Point> path)
  {
    mFeature = featureId;
    mPath = std::move(path);
  }
  std::int64_t featureId() const { return mFeature; }
  const std::vector<gis::Point> &path() const { return mPath; }
  void paint(QPainter &painter, const layers::MapSettings &view) override;

private:
  std::int64_t mFeature = 0;
  std::vector<gis::Point> mPath;
};

// Rubber bands and vertex handles of the editing tools.
class EditOverlay : public MapOverlay
{
public:
  void paint(QPainter &painter, const layers::MapSettings &view) override;
  std::vector<gis::Point> band; // map units, drawn as a line (or a ring when `closed`)
  bool closed = false;
  std::vector<gis::Point> handles;  // map units, vertex handles
  std::optional<gis::Point> marker; // the snapped point
};

namespace tools {

constexpr double kSnapPixels = 10;
constexpr double kHandlePixels = 8;
constexpr double kLinePickPixels = 20;

double pixelDistance(const QPointF &a, const QPointF &b);

// The line a click means: the selected one when it is a single line, else the topmost line under
// the click.
std::optional<data::Feature> lineAt(FieldController &field, MapCanvas &canvas, const MapToolEvent &e);

// Every vertex of a geometry with its place.
template <class F> void forEachVertex(const gis::Geometry &g, F f)
{
  for (std::size_t part = 0; part < g.parts().size(); ++part)
    for (std::size_t path = 0; path < g.parts()[part].size(); ++path)
      for (std::size_t i = 0; i < g.parts()[part][path].size(); ++i)
        f(part, path, i, g.parts()[part][path][i]);
}

} // namespace tools

} // namespace app
