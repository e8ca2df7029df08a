#pragma once

#include "gis/Geometry.h"

#include <memory>

namespace core {
class Project;
}
namespace gis {
class Transform;
}

namespace app {

// Lon/lat (the store's coordinates) <-> map units (the open map's projected CRS). Made on first
// use and again when the map's CRS changes; without a map both are the identity.
class LonLatTransform
{
public:
  explicit LonLatTransform(const core::Project &project);
  ~LonLatTransform();

  gis::Point toMap(const gis::Point &lonLat) const;
  gis::Point toLonLat(const gis::Point &map) const;
  gis::Geometry toMap(const gis::Geometry &lonLat) const;
  gis::Geometry toLonLat(const gis::Geometry &map) const;
  // Forgets the transform (a project closed).
  void reset();

private:
  // The transform for the current map, nullptr when no map is open.
  const gis::Transform *current() const;

  const core::Project &mProject;
  mutable std::unique_ptr<gis::Transform> mToMap;
  mutable int mMapEpsg = 0;
};

} // namespace app
