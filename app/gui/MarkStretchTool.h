#pragma once

#include "app/gui/MapCanvas.h"

namespace app {

class FieldController;

// Two clicks on the selected river set the start and the end of the stretch (snapped, chainage in
// metres); a click far from it selects what is there instead.
class MarkStretchTool : public MapTool
{
public:
  MarkStretchTool(FieldController &field, MapCanvas &canvas)
      : mField(field)
      , mCanvas(canvas)
  {
  }
  void click(const MapToolEvent &e) override;
  void reset() { mNextIsStart = true; }
  bool nextIsStart() const { return mNextIsStart; }

private:
  FieldController &mField;
  MapCanvas &mCanvas;
  bool mNextIsStart = true;
};

} // namespace app
