#include "app/gui/SplitTool.h"

#include "app/gui/FieldController.h"
#include "app/gui/FieldOverlays.h"
#include "gis/LinearRef.h"
#include "layers/edit/EditCommands.h"

namespace app {

using namespace tools;

void SplitTool::click(const MapToolEvent &e)
{
  const auto f = lineAt(mField, mCanvas, e);
  if (!f) {
    mField.reportError(FieldController::tr("Click on a river (or another line) to split it there"));
    return;
  }
  const gis::LinearRef ref(f->geometry.asLineString());
  const gis::LinearRef::Nearest n = ref.nearest(mField.toLonLat(e.map));
  if (n.distance / mCanvas.view().mapUnitsPerPixel() > kLinePickPixels) {
    mField.reportError(FieldController::tr("Click on a river (or another line) to split it there"));
    return;
  }
  if (auto *ctx = mField.context()) mField.push(new layers::SplitLineCommand(*ctx, f->id, n.chainage));
}

} // namespace app
