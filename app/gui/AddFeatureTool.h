#pragma once

#include "app/gui/FieldOverlays.h"

namespace app {

class FieldController;

// Adds a feature to the current layer (a planner tool; pushes one command when done).
class AddFeatureTool : public MapTool
{
public:
  AddFeatureTool(FieldController &field, MapCanvas &canvas);
  // Its rubber bands; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  bool press(const MapToolEvent &e) override;
  void move(const MapToolEvent &e) override;
  void click(const MapToolEvent &e) override;
  void doubleClick(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  std::size_t pointCount() const { return mPoints.size(); }

private:
  void finish();
  void updateBand(const std::optional<gis::Point> &hover);

  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  std::vector<gis::Point> mPoints; // map units
};

} // namespace app
