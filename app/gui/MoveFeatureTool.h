#pragma once

#include "app/gui/FieldOverlays.h"
#include "data/store/Model.h"

#include <optional>

namespace app {

class FieldController;

// Drag a feature to move it.
class MoveFeatureTool : public MapTool
{
public:
  MoveFeatureTool(FieldController &field, MapCanvas &canvas);
  // Its rubber bands; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  bool press(const MapToolEvent &e) override;
  void move(const MapToolEvent &e) override;
  void release(const MapToolEvent &e) override;
  void click(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  QCursor cursor() const override { return Qt::SizeAllCursor; }

private:
  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  std::optional<data::Feature> mFeature;
  gis::Geometry mMapGeometry;
  gis::Point mStart;
};

} // namespace app
