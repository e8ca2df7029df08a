#include "app/gui/LonLatTransform.h"

#include "app/core/Project.h"
#include "gis/Crs.h"
#include "layers/render/MapData.h"

namespace app {

namespace {

template <class F> gis::Geometry mapPoints(gis::Geometry g, F f)
{
  for (auto &part : g.parts())
    for (auto &path : part)
      for (gis::Point &p : path)
        p = f(p);
  return g;
}

} // namespace

LonLatTransform::LonLatTransform(const core::Project &project)
    : mProject(project)
{
}

LonLatTransform::~LonLatTransform() = default;

void LonLatTransform::reset()
{
  mToMap.reset();
  mMapEpsg = 0;
}

const gis::Transform *LonLatTransform::current() const
{
  const auto data = mProject.mapData();
  if (!data) return nullptr;
  if (!mToMap || mMapEpsg != data->epsg()) {
    mToMap = std::make_unique<gis::Transform>(gis::kWgs84, data->epsg());
    mMapEpsg = data->epsg();
  }
  return mToMap.get();
}

gis::Point LonLatTransform::toMap(const gis::Point &lonLat) const
{
  const gis::Transform *t = current();
  return t ? t->forward(lonLat) : lonLat;
}

gis::Point LonLatTransform::toLonLat(const gis::Point &map) const
{
  const gis::Transform *t = current();
  return t ? t->inverse(map) : map;
}

gis::Geometry LonLatTransform::toMap(const gis::Geometry &lonLat) const
{
  return mapPoints(lonLat, [this](const gis::Point &p) { return toMap(p); });
}

gis::Geometry LonLatTransform::toLonLat(const gis::Geometry &map) const
{
  return mapPoints(map, [this](const gis::Point &p) { return toLonLat(p); });
}

} // namespace app
