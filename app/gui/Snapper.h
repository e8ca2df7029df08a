#pragma once

#include "gis/Geometry.h"

#include <cstdint>

namespace core {
class Project;
}

namespace app {

class MapCanvas;

// Snapping of map points to what the canvas shows.
class Snapper
{
public:
  Snapper(const core::Project &project, const MapCanvas &canvas)
      : mProject(project)
      , mCanvas(canvas)
  {
  }
  // Snaps a map point to a vertex (first) or an edge of any visible feature within `pixels`, not of
  // feature `exclude`; returns the point unchanged when nothing is near.
  gis::Point snap(const gis::Point &map, double pixels, std::int64_t exclude = 0,
                  bool *snapped = nullptr) const;

private:
  const core::Project &mProject;
  const MapCanvas &mCanvas;
};

} // namespace app
