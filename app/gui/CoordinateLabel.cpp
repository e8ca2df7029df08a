#include "app/gui/CoordinateLabel.h"

#include "gis/Error.h"

namespace app {

CoordinateLabel::CoordinateLabel(QWidget *parent)
    : QLabel(parent)
{
  setMinimumWidth(fontMetrics().horizontalAdvance(
      QStringLiteral("000.000000°E 00.000000°N  |  EPSG:0000 00000000.0 0000000.0")));
  setToolTip(tr("Cursor: WGS84 longitude/latitude | CGCS2000 Gauss-Krüger easting/northing"));
}

namespace {

std::shared_ptr<gis::Transform> toLonLat(int epsg)
{
  try {
    return std::make_shared<gis::Transform>(epsg, gis::kWgs84);
  } catch (const gis::Error &) {
    return nullptr; // no lon/lat read-out
  }
}

} // namespace

void CoordinateLabel::setCrs(int epsg)
{
  if (epsg == mEpsg) return;
  mEpsg = epsg;
  mToLonLat.reset();
  mTransformMade = false;
  mTasks.run(
      mLane, [epsg](const core::TaskContext &) { return toLonLat(epsg); },
      [this, epsg](core::TaskResult<std::shared_ptr<gis::Transform>> r) {
        if (r.cancelled || !r.ok() || epsg != mEpsg || mTransformMade) return;
        mToLonLat = std::move(*r.value);
        mTransformMade = true;
      });
}

void CoordinateLabel::showMapPoint(const gis::Point &p)
{
  if (!mTransformMade && mEpsg != 0) {
    mToLonLat = toLonLat(mEpsg);
    mTransformMade = true;
  }
  if (!mToLonLat) return;
  try {
    const gis::Point ll = mToLonLat->forward(p);
    setText(QStringLiteral("%1°E %2°N  |  EPSG:%3 %4 %5")
                .arg(ll.x, 0, 'f', 6)
                .arg(ll.y, 0, 'f', 6)
                .arg(mEpsg)
                .arg(p.x, 0, 'f', 1)
                .arg(p.y, 0, 'f', 1));
  } catch (const gis::Error &) {
    setText(QStringLiteral("EPSG:%1 %2 %3").arg(mEpsg).arg(p.x, 0, 'f', 1).arg(p.y, 0, 'f', 1));
  }
}

} // namespace app
