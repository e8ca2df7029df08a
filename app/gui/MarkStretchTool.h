#pragma once

#include "app/gui/FieldOverlays.h"

#include <optional>

namespace app {

class FieldController;

// Two clicks on the selected river set the start and the end of the stretch (chainage in metres);
// a click far from it selects what is there instead. Clicks snap to the river's ends within
// snapPixels(); the point a click would set is shown under the cursor and, after the first
// click, a rubber band along the river from the start to it.
class MarkStretchTool : public MapTool
{
public:
  MarkStretchTool(FieldController &field, MapCanvas &canvas);
  // Its marker and rubber band; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  const EditOverlay &drawn() const { return mOverlay; }
  void move(const MapToolEvent &e) override;
  void click(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  void reset();
  bool nextIsStart() const { return mNextIsStart; }
  // The snapping tolerance in pixels: the setting "marking/snapPixels", 12 by default as in QGIS.
  static double snapPixels();

private:
  struct Pick
  {
    double chainage = 0;
    gis::Point map;       // where the click lands, map units
    bool snapped = false; // on an end
  };
  // The place on the selected river a cursor position means, if it is near enough to it.
  std::optional<Pick> pick(const data::Feature &river, const QPointF &pixel) const;

  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  bool mNextIsStart = true;
  double mStart = 0;
};

} // namespace app
