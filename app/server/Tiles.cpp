#include "app/server/Tiles.h"

#include "gis/Crs.h"

#include <protozero/pbf_builder.hpp>
#include <protozero/pbf_writer.hpp>

#include <cmath>
#include <map>

namespace app::server {

namespace {

constexpr int kExtent = 4096;
constexpr int kBuffer = 64; // tile units drawn beyond the edge, so lines join across tiles
constexpr double kPi = 3.14159265358979323846;

enum GeomType : std::uint32_t { kPoint = 1, kLine = 2, kPolygon = 3 };

double mercX(double lon)
{
  return (lon + 180.0) / 360.0;
}
double mercY(double lat)
{
  const double r = lat * kPi / 180.0;
  return (1.0 - std::log(std::tan(r) + 1.0 / std::cos(r)) / kPi) / 2.0;
}

// Vertex positions in tile units, as the encoder needs them.
struct TilePoint
{
  std::int32_t x, y;
  bool operator==(const TilePoint &o) const { return x == o.x && y == o.y; }
};

// Keys and values of one tile layer, each stored once.
class Attributes
{
public:
  std::uint32_t key(const std::string &k)
  {
    auto [it, added] = mKeys.try_emplace(k, static_cast<std::uint32_t>(mKeyOrder.size()));
    if (added) mKeyOrder.push_back(k);
    return it->second;
  }
  std::uint32_t value(const std::string &v)
  {
    return intern("s" + v, [&](protozero::pbf_writer &w) { w.add_string(1, v); });
  }
  std::uint32_t value(double v)
  {
    return intern("d" + std::to_string(v), [&](protozero::pbf_writer &w) { w.add_double(3, v); });
  }
  std::uint32_t value(std::int64_t v)
  {
    return intern("i" + std::to_string(v), [&](protozero::pbf_writer &w) { w.add_sint64(6, v); });
  }
  void write(protozero::pbf_writer &layer) const
  {
    for (const auto &k : mKeyOrder)
      layer.add_string(3, k);
    for (const auto &v : mValues)
      layer.add_message(4, v);
  }

private:
  template <class F> std::uint32_t intern(const std::string &key, F &&encode)
  {
    auto [it, added] = mValueIndex.try_emplace(key, static_cast<std::uint32_t>(mValues.size()));
    if (added) {
      std::string buf;
      protozero::pbf_writer w(buf);
      encode(w);
      mValues.push_back(std::move(buf));
    }
    return it->second;
  }
  std::map<std::string, std::uint32_t> mKeys;
  std::vector<std::string> mKeyOrder;
  std::map<std::string, std::uint32_t> mValueIndex;
  std::vector<std::string> mValues;
};

// Geometry commands (MoveTo 1, LineTo 2, ClosePath 7) with zig-zag deltas.
class GeometryEncoder
{
public:
  void part(const std::vector<TilePoint> &pts, bool ring)
  {
    mCmds.push_back(command(1, 1));
    delta(pts[0]);
    const std::size_t n = ring ? pts.size() - 1 : pts.size(); // a ring's closing vertex is implied
    if (n > 1) mCmds.push_back(command(2, static_cast<std::uint32_t>(n - 1)));
    for (std::size_t i = 1; i < n; ++i)
      delta(pts[i]);
    if (ring) mCmds.push_back(command(7, 1));
  }
  bool empty() const { return mCmds.empty(); }
  const std::vector<std::uint32_t> &commands() const { return mCmds; }

private:
  static std::uint32_t command(std::uint32_t id, std::uint32_t count) { return (id & 7) | (count << 3); }
  static std::uint32_t zigzag(std::int32_t v)
  {
    return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
  }
  void delta(const TilePoint &p)
  {
    mCmds.push_back(zigzag(p.x - mCursor.x));
    mCmds.push_back(zigzag(p.y - mCursor.y));
    mCursor = p;
  }
  std::vector<std::uint32_t> mCmds;
  TilePoint mCursor{0, 0};
};

struct TileFrame
{
  double scale, x0, y0; // tile units = (merc * scale - x0|y0)

  TilePoint at(double lon, double lat) const
  {
    return {static_cast<std::int32_t>(std::lround(mercX(lon) * scale - x0)),
            static_cast<std::int32_t>(std::lround(mercY(lat) * scale - y0))};
  }
};

bool inside(const TilePoint &p)
{
  return p.x >= -kBuffer && p.y >= -kBuffer && p.x <= kExtent + kBuffer && p.y <= kExtent + kBuffer;
}

// The pieces of a path inside the buffered tile: segments are kept whole when one end is inside
// (the renderer clips the rest), so a line leaving and coming back splits in two.
void addLineParts(GeometryEncoder &geom, const std::vector<TilePoint> &pts)
{
  std::vector<TilePoint> piece;
  auto flush = [&] {
    if (piece.size() >= 2) geom.part(piece, false);
    piece.clear();
  };
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const bool in =
        inside(pts[i]) || (i > 0 && inside(pts[i - 1])) || (i + 1 < pts.size() && inside(pts[i + 1]));
    if (!in) {
      flush();
      continue;
    }
    if (piece.empty() || !(piece.back() == pts[i])) piece.push_back(pts[i]);
  }
  flush();
}

// A ring as the specification wants an exterior one: clockwise on screen (positive shoelace area
// with y down).
void addRing(GeometryEncoder &geom, std::vector<TilePoint> pts)
{
  if (pts.size() < 4) return;
  if (!(pts.front() == pts.back())) pts.push_back(pts.front());
  double area = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i)
    area += double(pts[i].x) * pts[i + 1].y - double(pts[i + 1].x) * pts[i].y;
  if (area == 0) return;
  if (area < 0) std::reverse(pts.begin(), pts.end());
  geom.part(pts, true);
}

// The geometry of feature `f` of `paths` (lon/lat) in tile units.
GeometryEncoder encodeFeature(const layers::PathSet &paths, std::size_t f, layers::GeometryKind kind,
                              const TileFrame &frame)
{
  GeometryEncoder geom;
  for (std::uint32_t p = paths.featureStart[f]; p < paths.featureStart[f + 1]; ++p) {
    std::vector<TilePoint> pts;
    for (std::uint32_t v = paths.pathStart[p]; v < paths.pathStart[p + 1]; ++v) {
      const TilePoint t = frame.at(paths.xs[v], paths.ys[v]);
      if (pts.empty() || !(pts.back() == t)) pts.push_back(t);
    }
    if (pts.empty()) continue;
    if (kind == layers::GeometryKind::Point) {
      if (inside(pts[0])) geom.part({pts[0]}, false);
    } else if (kind == layers::GeometryKind::Line) {
      addLineParts(geom, pts);
    } else {
      addRing(geom, std::move(pts));
    }
  }
  return geom;
}

void writeFeature(protozero::pbf_writer &layer, std::uint64_t id, GeomType type, const GeometryEncoder &geom,
                  const std::vector<std::uint32_t> &tags)
{
  protozero::pbf_writer feature(layer, 2);
  feature.add_uint64(1, id);
  feature.add_packed_uint32(2, tags.begin(), tags.end());
  feature.add_enum(3, type);
  feature.add_packed_uint32(4, geom.commands().begin(), geom.commands().end());
}

} // namespace

gis::Envelope projectedBox(const gis::Envelope &lonLat, int epsg)
{
  const gis::GaussKruger3 gk(epsg);
  gis::Envelope out;
  constexpr int kSteps = 4;
  for (int i = 0; i <= kSteps; ++i) {
    const double fx = lonLat.minX + (lonLat.maxX - lonLat.minX) * i / kSteps;
    const double fy = lonLat.minY + (lonLat.maxY - lonLat.minY) * i / kSteps;
    for (const gis::Point &p : {gis::Point{fx, lonLat.minY}, gis::Point{fx, lonLat.maxY},
                                gis::Point{lonLat.minX, fy}, gis::Point{lonLat.maxX, fy}})
      out.expand(gk.forward(p));
  }
  return out;
}

namespace {

GeomType geomType(layers::GeometryKind kind)
{
  return kind == layers::GeometryKind::Point ? kPoint : kind == layers::GeometryKind::Line ? kLine : kPolygon;
}

// One tile layer; false when no feature of the map layer meets the tile.
bool encodeLayer(protozero::pbf_writer &tile, const MapSnapshot &s, std::size_t li, const TileFrame &frame,
                 const gis::Envelope &box)
{
  const layers::MapLayer &layer = s.map->layers()[li];
  const std::vector<std::uint32_t> hits = layer.query(box);
  if (hits.empty()) return false;
  std::string buf;
  protozero::pbf_writer out(buf);
  out.add_uint32(15, 2);
  out.add_string(1, layer.id());
  Attributes attrs;
  bool any = false;
  for (std::uint32_t i : hits) {
    const GeometryEncoder geom = encodeFeature(s.lonLat[li], i, layer.kind(), frame);
    if (geom.empty()) continue;
    const layers::MapFeature f = layer.feature(i);
    std::vector<std::uint32_t> tags{attrs.key("id"),     attrs.value(f.id),
                                    attrs.key("code"),   attrs.value(f.code),
                                    attrs.key("name"),   attrs.value(f.name),
                                    attrs.key("status"), attrs.value(std::string(data::statusName(f.status))),
                                    attrs.key("part"),   attrs.value(std::string("feature"))};
    if (layer.kind() == layers::GeometryKind::Line)
      tags.insert(tags.end(), {attrs.key("length_m"), attrs.value(std::round(f.lengthM * 10) / 10),
                               attrs.key("done_m"), attrs.value(std::round(f.doneM * 10) / 10)});
    if (layer.kind() == layers::GeometryKind::Polygon)
      tags.insert(tags.end(), {attrs.key("area_m2"), attrs.value(std::round(f.areaM2))});
    writeFeature(out, static_cast<std::uint64_t>(f.id), geomType(layer.kind()), geom, tags);
    any = true;
    const GeometryEncoder done = encodeFeature(s.doneLonLat[li], i, layer.kind(), frame);
    if (done.empty()) continue;
    writeFeature(out, static_cast<std::uint64_t>(f.id), kLine, done,
                 {attrs.key("id"), attrs.value(f.id), attrs.key("status"),
                  attrs.value(std::string(data::statusName(data::Status::Completed))), attrs.key("part"),
                  attrs.value(std::string("done"))});
  }
  attrs.write(out);
  out.add_uint32(5, kExtent);
  if (any) tile.add_message(3, buf);
  return any;
}

} // namespace

gis::Envelope tileBounds(const TileAddress &t)
{
  const double n = std::ldexp(1.0, t.z);
  auto lat = [n](double y) { return std::atan(std::sinh(kPi * (1 - 2 * y / n))) * 180.0 / kPi; };
  return {t.x / n * 360.0 - 180.0, lat(t.y + 1), (t.x + 1) / n * 360.0 - 180.0, lat(t.y)};
}

std::string encodeTile(const MapSnapshot &s, const std::vector<std::string> &layerIds, const TileAddress &t)
{
  const double scale = std::ldexp(1.0, t.z) * kExtent;
  const TileFrame frame{scale, double(t.x) * kExtent, double(t.y) * kExtent};
  // The buffered tile in lon/lat, then in the map's projection for the layers' index.
  gis::Envelope lonLat = tileBounds(t);
  const double bx = (lonLat.maxX - lonLat.minX) * kBuffer / kExtent;
  const double by = (lonLat.maxY - lonLat.minY) * kBuffer / kExtent;
  // Only the part over the data is projected (Gauss-Krüger is good near its zone, not worldwide).
  const gis::Envelope &data = s.lonLatExtent;
  lonLat = {std::max(data.minX, lonLat.minX - bx), std::max(data.minY, lonLat.minY - by),
            std::min(data.maxX, lonLat.maxX + bx), std::min(data.maxY, lonLat.maxY + by)};
  if (lonLat.isNull()) return {};
  const gis::Envelope box = projectedBox(lonLat, s.map->epsg());
  std::string out;
  protozero::pbf_writer tile(out);
  const auto &all = s.map->layers();
  for (const std::string &id : layerIds)
    for (std::size_t li = 0; li < all.size(); ++li)
      if (all[li].id() == id) encodeLayer(tile, s, li, frame, box);
  return out;
}

} // namespace app::server
