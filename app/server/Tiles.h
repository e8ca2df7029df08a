#pragma once

#include "app/server/Project.h"

#include <string>
#include <vector>

namespace app::server {

struct TileAddress
{
  int z = 0, x = 0, y = 0;
};

// The lon/lat bounds of a web-mercator tile: west, south, east, north.
gis::Envelope tileBounds(const TileAddress &t);

// The envelope in the map's projection (a CGCS2000 Gauss-Krüger zone) of a lon/lat box over the
// data, from points along its edges (the projection bends them).
gis::Envelope projectedBox(const gis::Envelope &lonLat, int epsg);

// A Mapbox Vector Tile (specification 2.1, extent 4096) of `layerIds` in the snapshot: one tile
// layer per map layer, named by its id. Every feature carries id, code, name, status, part
// ("feature"), and length_m/done_m (lines) or area_m2 (polygons); a partly done line's done
// stretches are features of their own with part "done", so a style colours them by property.
// Empty ("") when no feature meets the tile.
std::string encodeTile(const MapSnapshot &snapshot, const std::vector<std::string> &layerIds,
                       const TileAddress &tile);

} // namespace app::server
