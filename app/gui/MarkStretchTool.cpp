#include "app/gui/MarkStretchTool.h"

#include "app/gui/FieldController.h"
#include "app/gui/MarkingPanel.h"
#include "gis/LinearRef.h"

#include <QSettings>

namespace app {

using namespace tools;

MarkStretchTool::MarkStretchTool(FieldController &field, MapCanvas &canvas)
    : mField(field)
    , mCanvas(canvas)
{
  mCanvas.addOverlay(&mOverlay);
}

double MarkStretchTool::snapPixels()
{
  return QSettings().value(QStringLiteral("marking/snapPixels"), 12.0).toDouble();
}

std::optional<MarkStretchTool::Pick> MarkStretchTool::pick(const data::Feature &river,
                                                           const QPointF &pixel) const
{
  const layers::MapSettings view = mCanvas.view();
  const gis::LinearRef ref(river.geometry.asLineString());
  const gis::LinearRef::Nearest n = ref.nearest(mField.toLonLat(view.toMap(pixel)));
  // Metres on the ground are map units in the town's Gauss-Krüger zone, up to its scale factor.
  if (n.distance / view.mapUnitsPerPixel() > kLinePickPixels) return std::nullopt;
  auto at = [&](double chainage) { return mField.toMap(ref.pointAt(chainage)); };
  // A click on the end one sees means the end, not a few metres inside it. Inner vertices are not
  // snapped to: rivers are drawn with many, and a mark would land metres away from the click.
  const double tolerance = snapPixels();
  for (double end : {0.0, ref.length()})
    if (pixelDistance(view.toPixel(at(end)), pixel) <= tolerance) return Pick{end, at(end), true};
  return Pick{n.chainage, at(n.chainage), false};
}

void MarkStretchTool::move(const MapToolEvent &e)
{
  const auto f = mField.selectedFeature();
  const bool line = f && f->geometry.type() == gis::Geometry::Type::LineString;
  const std::optional<Pick> p = line ? pick(*f, e.pixel) : std::nullopt;
  mOverlay.marker = p ? std::optional(p->map) : std::nullopt;
  mOverlay.band.clear();
  if (p && !mNextIsStart) {
    const gis::LinearRef ref(f->geometry.asLineString());
    for (const gis::Point &q : ref.subLine(mStart, p->chainage))
      mOverlay.band.push_back(mField.toMap(q));
  }
  mCanvas.update();
}

void MarkStretchTool::click(const MapToolEvent &e)
{
  const auto f = mField.selectedFeature();
  const bool line = f && f->geometry.type() == gis::Geometry::Type::LineString;
  const std::optional<Pick> p = line && mField.markingPanel() ? pick(*f, e.pixel) : std::nullopt;
  if (!p) {
    mCanvas.selectAt(e.pixel);
    reset();
    return;
  }
  if (mNextIsStart)
    mField.markingPanel()->setStretchStart(p->chainage);
  else
    mField.markingPanel()->setStretchEnd(p->chainage);
  mStart = p->chainage;
  mNextIsStart = !mNextIsStart;
  move(e);
}

void MarkStretchTool::reset()
{
  mNextIsStart = true;
  mOverlay = EditOverlay{};
  mCanvas.update();
}

bool MarkStretchTool::cancel()
{
  const bool had = !mNextIsStart;
  reset();
  return had;
}

void MarkStretchTool::deactivated()
{
  reset();
}

} // namespace app
