#pragma once

#include "app/gui/FieldOverlays.h"
#include "data/store/Model.h"

#include <optional>

namespace app {

class FieldController;

// Drag a vertex of the selected feature; it snaps to vertices and edges of visible features.
class VertexTool : public MapTool
{
public:
  VertexTool(FieldController &field, MapCanvas &canvas);
  // Its rubber bands; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  bool press(const MapToolEvent &e) override;
  void move(const MapToolEvent &e) override;
  void release(const MapToolEvent &e) override;
  // Selects what is clicked, unless it is on the edited feature.
  void click(const MapToolEvent &e) override;
  // On a vertex: removes it; on an edge: adds a vertex there.
  void doubleClick(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  // Shows the handles of the selected feature (after a selection or a change).
  void refresh();

private:
  struct Ref
  {
    std::size_t part = 0, path = 0, index = 0;
  };
  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  std::optional<data::Feature> mFeature;
  gis::Geometry mMapGeometry;
  std::optional<Ref> vertexAt(const QPointF &pixel) const;
  // The segment (its first vertex) under a pixel and the point on it, map units.
  std::optional<std::pair<Ref, gis::Point>> edgeAt(const QPointF &pixel) const;
  void pushGeometry(const gis::Geometry &lonLat);

  std::optional<Ref> mDragged;
  gis::Point mTarget;
};

} // namespace app
