#include "app/gui/MarkStretchTool.h"

#include "app/gui/FieldController.h"
#include "app/gui/FieldOverlays.h"
#include "app/gui/MarkingPanel.h"
#include "gis/LinearRef.h"

namespace app {

using namespace tools;

void MarkStretchTool::click(const MapToolEvent &e)
{
  const auto f = mField.selectedFeature();
  if (!f || f->geometry.type() != gis::Geometry::Type::LineString || !mField.markingPanel()) {
    mCanvas.selectAt(e.pixel);
    mNextIsStart = true;
    return;
  }
  const gis::LinearRef ref(f->geometry.asLineString());
  const gis::LinearRef::Nearest n = ref.nearest(mField.toLonLat(e.map));
  // Metres on the ground are map units in the town's Gauss-Krüger zone, up to its scale factor.
  if (n.distance / mCanvas.view().mapUnitsPerPixel() > kLinePickPixels) {
    mCanvas.selectAt(e.pixel);
    mNextIsStart = true;
    return;
  }
  if (mNextIsStart)
    mField.markingPanel()->setStretchStart(n.chainage);
  else
    mField.markingPanel()->setStretchEnd(n.chainage);
  mNextIsStart = !mNextIsStart;
}

} // namespace app
