#include "app/gui/Snapper.h"

#include "app/core/Project.h"
#include "app/gui/MapCanvas.h"
#include "layers/render/MapData.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace app {

namespace {

// The nearest vertex and the nearest point on an edge of one feature's paths, each within its best
// distance so far.
struct Nearest
{
  double bestVertex, bestEdge;
  std::optional<gis::Point> vertex, edge;

  void path(const layers::PathSet &ps, std::uint32_t a, std::uint32_t b, const gis::Point &map)
  {
    for (std::uint32_t i = a; i < b; ++i) {
      const double d = std::hypot(ps.xs[i] - map.x, ps.ys[i] - map.y);
      if (d <= bestVertex) {
        bestVertex = d;
        vertex = gis::Point{ps.xs[i], ps.ys[i]};
      }
      if (i + 1 >= b) continue;
      const double dx = ps.xs[i + 1] - ps.xs[i], dy = ps.ys[i + 1] - ps.ys[i];
      const double len2 = dx * dx + dy * dy;
      const double t =
          len2 > 0 ? std::clamp(((map.x - ps.xs[i]) * dx + (map.y - ps.ys[i]) * dy) / len2, 0.0, 1.0) : 0;
      const gis::Point on{ps.xs[i] + t * dx, ps.ys[i] + t * dy};
      const double e = std::hypot(on.x - map.x, on.y - map.y);
      if (e <= bestEdge) {
        bestEdge = e;
        edge = on;
      }
    }
  }
};

} // namespace

gis::Point Snapper::snap(const gis::Point &map, double pixels, std::int64_t exclude, bool *snapped) const
{
  if (snapped) *snapped = false;
  const auto data = mProject.mapData();
  if (!data) return map;
  const layers::MapSettings view = mCanvas.view();
  const double tol = pixels * view.mapUnitsPerPixel();
  const gis::Envelope box{map.x - tol, map.y - tol, map.x + tol, map.y + tol};
  Nearest n{tol, tol, std::nullopt, std::nullopt};
  for (const std::string &id : mCanvas.visibleLayerIds()) {
    const layers::MapLayer *layer = data->layer(id);
    if (!layer) continue;
    const layers::PathSet &ps = layer->paths();
    for (std::uint32_t f : layer->query(box)) {
      if (layer->feature(f).id == exclude) continue;
      for (std::uint32_t path = ps.featureStart[f]; path < ps.featureStart[f + 1]; ++path)
        n.path(ps, ps.pathStart[path], ps.pathStart[path + 1], map);
    }
  }
  const std::optional<gis::Point> best = n.vertex ? n.vertex : n.edge;
  if (!best) return map;
  if (snapped) *snapped = true;
  return *best;
}

} // namespace app
