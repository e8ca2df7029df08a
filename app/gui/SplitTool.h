#pragma once

#include "app/gui/MapCanvas.h"

namespace app {

class FieldController;

// A click on a river splits it there.
class SplitTool : public MapTool
{
public:
  SplitTool(FieldController &field, MapCanvas &canvas)
      : mField(field)
      , mCanvas(canvas)
  {
  }
  void click(const MapToolEvent &e) override;

private:
  FieldController &mField;
  MapCanvas &mCanvas;
};

} // namespace app
