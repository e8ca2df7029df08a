#include "layers/render/MapData.h"

#include "data/store/Progress.h"
#include "data/spatialite/SpatiaLiteStoreScan.h"
#include "data/store/Store.h"
#include "gis/Crs.h"
#include "gis/Geos.h"
#include "gis/LinearRef.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>
#include <mutex>
#include <unordered_map>

namespace layers {

void PathSet::addPath(const std::vector<gis::Point> &path)
{
  for (const gis::Point &p : path) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  closePath();
}

void PathSet::trim()
{
  xs.shrink_to_fit();
  ys.shrink_to_fit();
  pathStart.shrink_to_fit();
  featureStart.shrink_to_fit();
}

std::size_t PathSet::memoryBytes() const
{
  return (xs.capacity() + ys.capacity()) * sizeof(double) +
         (pathStart.capacity() + featureStart.capacity()) * sizeof(std::uint32_t);
}

WaterClass waterClassFromText(const std::string &text)
{
  // Longest names first so "IV" is not read as "I".
  static const std::vector<std::pair<std::string, WaterClass>> names = {{"劣V", WaterClass::WorseThanV},
                                                                        {"劣Ⅴ", WaterClass::WorseThanV},
                                                                        {"IV", WaterClass::IV},
                                                                        {"III", WaterClass::III},
                                                                        {"II", WaterClass::II},
                                                                        {"V", WaterClass::V},
                                                                        {"I", WaterClass::I},
                                                                        {"Ⅳ", WaterClass::IV},
                                                                        {"Ⅲ", WaterClass::III},
                                                                        {"Ⅱ", WaterClass::II},
                                                                        {"Ⅴ", WaterClass::V},
                                                                        {"Ⅰ", WaterClass::I}};
  for (const auto &[name, cls] : names)
    if (text.rfind(name, 0) == 0) return cls;
  return WaterClass::Unknown;
}

MapLayer::MapLayer(data::LayerDef def, GeometryKind kind)
    : mDef(std::move(def))
    , mKind(kind)
{
}

namespace {

float floorF(double v)
{
  const float f = static_cast<float>(v);
  return static_cast<double>(f) > v ? std::nextafter(f, -std::numeric_limits<float>::infinity()) : f;
}

float ceilF(double v)
{
  const float f = static_cast<float>(v);
  return static_cast<double>(f) < v ? std::nextafter(f, std::numeric_limits<float>::infinity()) : f;
}

} // namespace

void MapLayer::appendRecord(std::int64_t id, std::string_view code, std::string_view name, WaterClass wc,
                            double lengthM, double areaM2)
{
  mIds.push_back(id);
  mStatus.push_back(static_cast<std::uint8_t>(data::Status::Planned));
  mWaterClass.push_back(wc);
  mDoneM.push_back(0);
  mMeasure.push_back(static_cast<float>(mKind == GeometryKind::Polygon ? areaM2 : lengthM));
  mText.append(code);
  mTextEnd.push_back(static_cast<std::uint32_t>(mText.size()));
  mText.append(name);
  mTextEnd.push_back(static_cast<std::uint32_t>(mText.size()));
}

void MapLayer::closeEnvelope()
{
  const std::size_t f = mBoxes.size();
  gis::Envelope env;
  const std::size_t b = mPaths.pathStart[mPaths.featureStart[f]],
                    e = mPaths.pathStart[mPaths.featureStart[f + 1]];
  for (std::size_t v = b; v < e; ++v)
    env.expand(gis::Point{mPaths.xs[v], mPaths.ys[v]});
  if (env.isNull()) {
    mBoxes.push_back({1, 1, -1, -1});
    return;
  }
  if (!mHasOrigin) {
    // A round origin near the data: offsets within a few thousand kilometres keep float boxes to
    // a centimetre or better.
    mOriginX = std::round(env.minX / 1000) * 1000;
    mOriginY = std::round(env.minY / 1000) * 1000;
    mHasOrigin = true;
  }
  mExtent.expand(env);
  mBoxes.push_back({floorF(env.minX - mOriginX), floorF(env.minY - mOriginY), ceilF(env.maxX - mOriginX),
                    ceilF(env.maxY - mOriginY)});
}

void MapLayer::addFeature(const MapFeature &feature, const std::vector<std::vector<gis::Point>> &paths,
                          const std::vector<std::vector<gis::Point>> &done)
{
  for (const auto &path : paths)
    mPaths.addPath(path);
  mPaths.closeFeature();
  for (const auto &path : done)
    mDone.addPath(path);
  mDone.closeFeature();
  appendRecord(feature.id, feature.code, feature.name, feature.waterClass, feature.lengthM, feature.areaM2);
  mStatus.back() = static_cast<std::uint8_t>(feature.status);
  mDoneM.back() = static_cast<float>(feature.doneM);
  if (mKind == GeometryKind::Polygon) mPolygonLabels.push_back(feature.labelPoint);
  closeEnvelope();
}

void MapLayer::trim()
{
  mIds.shrink_to_fit();
  mStatus.shrink_to_fit();
  mWaterClass.shrink_to_fit();
  mDoneM.shrink_to_fit();
  mMeasure.shrink_to_fit();
  mTextEnd.shrink_to_fit();
  mText.shrink_to_fit();
  mPolygonLabels.shrink_to_fit();
  mBoxes.shrink_to_fit();
  mPaths.trim();
  mDone.trim();
}

void MapLayer::buildIndex()
{
  trim();
  std::vector<gis::Envelope> boxes(mBoxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i)
    boxes[i] = envelope(i);
  mIndex = gis::SpatialIndex(boxes);
}

std::size_t MapLayer::memoryBytes() const
{
  return mIds.capacity() * sizeof(std::int64_t) + mStatus.capacity() + mWaterClass.capacity() +
         (mDoneM.capacity() + mMeasure.capacity()) * sizeof(float) +
         mTextEnd.capacity() * sizeof(std::uint32_t) + mText.capacity() +
         mPolygonLabels.capacity() * sizeof(gis::Point) + mBoxes.capacity() * sizeof(FloatBox) +
         mPaths.memoryBytes() + mDone.memoryBytes() + mIndex.memoryBytes();
}

gis::Envelope MapLayer::envelope(std::size_t i) const
{
  const FloatBox &b = mBoxes[i];
  if (b.minX > b.maxX) return {};
  return {mOriginX + b.minX, mOriginY + b.minY, mOriginX + b.maxX, mOriginY + b.maxY};
}

gis::Point MapLayer::labelPoint(std::size_t i) const
{
  if (mKind == GeometryKind::Polygon) return mPolygonLabels[i];
  // A line's or site's name goes on the middle vertex of its first path.
  const std::size_t path = mPaths.featureStart[i];
  if (path == mPaths.featureStart[i + 1]) return {};
  const std::size_t b = mPaths.pathStart[path], e = mPaths.pathStart[path + 1];
  const std::size_t v = b + (e - b) / 2;
  return {mPaths.xs[v], mPaths.ys[v]};
}

MapFeature MapLayer::feature(std::size_t i) const
{
  MapFeature f;
  f.id = mIds[i];
  f.code = code(i);
  f.name = name(i);
  f.status = status(i);
  f.waterClass = mWaterClass[i];
  f.doneM = mDoneM[i];
  (mKind == GeometryKind::Polygon ? f.areaM2 : f.lengthM) = mMeasure[i];
  f.labelPoint = labelPoint(i);
  return f;
}

std::vector<std::uint32_t> MapLayer::query(const gis::Envelope &box) const
{
  std::vector<std::uint32_t> out;
  if (!mExtent.isNull() && box.minX <= mExtent.minX && box.minY <= mExtent.minY && box.maxX >= mExtent.maxX &&
      box.maxY >= mExtent.maxY) {
    // The whole layer is in view (a full-extent frame): every feature with a geometry, in order,
    // without walking the tree and sorting a million indices.
    out.reserve(size());
    for (std::size_t i = 0; i < mBoxes.size(); ++i)
      if (mBoxes[i].minX <= mBoxes[i].maxX) out.push_back(static_cast<std::uint32_t>(i));
    return out;
  }
  mIndex.query(box, out);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

double segmentDistance(const gis::Point &p, double ax, double ay, double bx, double by)
{
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - ax) * dx + (p.y - ay) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const double cx = ax + t * dx - p.x, cy = ay + t * dy - p.y;
  return std::sqrt(cx * cx + cy * cy);
}

// Even-odd rule over all rings of the feature: holes and multipolygons come out right.
bool insideRings(const PathSet &ps, std::size_t first, std::size_t last, const gis::Point &p)
{
  bool inside = false;
  for (std::size_t path = first; path < last; ++path) {
    const std::size_t b = ps.pathStart[path], e = ps.pathStart[path + 1];
    for (std::size_t i = b, j = e - 1; i < e; j = i++) {
      const double yi = ps.ys[i], yj = ps.ys[j];
      if ((yi > p.y) != (yj > p.y) && p.x < (ps.xs[j] - ps.xs[i]) * (p.y - yi) / (yj - yi) + ps.xs[i])
        inside = !inside;
    }
  }
  return inside;
}

bool segmentMeetsBox(double ax, double ay, double bx, double by, const gis::Envelope &box)
{
  // Liang–Barsky clipping: the segment meets the box when a non-empty parameter range remains.
  double t0 = 0, t1 = 1;
  const double dx = bx - ax, dy = by - ay;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {ax - box.minX, box.maxX - ax, ay - box.minY, box.maxY - ay};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return false;
      continue;
    }
    const double t = q[k] / p[k];
    if (p[k] < 0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

} // namespace

double MapLayer::distanceTo(std::size_t i, const gis::Point &p) const
{
  const std::size_t first = mPaths.featureStart[i], last = mPaths.featureStart[i + 1];
  if (mKind == GeometryKind::Polygon && insideRings(mPaths, first, last, p)) return 0;
  double best = 1e300;
  for (std::size_t path = first; path < last; ++path) {
    const std::size_t b = mPaths.pathStart[path], e = mPaths.pathStart[path + 1];
    if (e - b == 1) best = std::min(best, std::hypot(mPaths.xs[b] - p.x, mPaths.ys[b] - p.y));
    for (std::size_t v = b + 1; v < e; ++v)
      best =
          std::min(best, segmentDistance(p, mPaths.xs[v - 1], mPaths.ys[v - 1], mPaths.xs[v], mPaths.ys[v]));
  }
  return best;
}

std::ptrdiff_t MapLayer::indexOf(std::int64_t id) const
{
  for (std::size_t i = 0; i < mIds.size(); ++i)
    if (mIds[i] == id) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

MapData::MapData(int epsg, std::vector<MapLayer> layers)
    : mEpsg(epsg)
    , mLayers(std::move(layers))
{
  for (MapLayer &l : mLayers)
    l.buildIndex();
}

const MapLayer *MapData::layer(const std::string &id) const
{
  for (const MapLayer &l : mLayers)
    if (l.id() == id) return &l;
  return nullptr;
}

gis::Envelope MapData::extent() const
{
  gis::Envelope e;
  for (const MapLayer &l : mLayers)
    e.expand(l.extent());
  return e;
}

std::size_t MapData::featureCount() const
{
  std::size_t n = 0;
  for (const MapLayer &l : mLayers)
    n += l.size();
  return n;
}

std::size_t MapData::vertexCount() const
{
  std::size_t n = 0;
  for (const MapLayer &l : mLayers)
    n += l.vertexCount();
  return n;
}

namespace {

int hitRank(GeometryKind k)
{
  return k == GeometryKind::Point ? 0 : k == GeometryKind::Line ? 1 : 2;
}

bool listed(const std::vector<std::string> &ids, const std::string &id)
{
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

std::vector<MapHit> MapData::identify(const gis::Point &p, double tolerance,
                                      const std::vector<std::string> &visibleLayers) const
{
  struct Scored
  {
    MapHit hit;
    int rank;
    std::size_t order;
    double distance;
  };
  std::vector<Scored> scored;
  const gis::Envelope box{p.x - tolerance, p.y - tolerance, p.x + tolerance, p.y + tolerance};
  for (std::size_t li = 0; li < mLayers.size(); ++li) {
    const MapLayer &l = mLayers[li];
    if (!listed(visibleLayers, l.id())) continue;
    for (std::uint32_t i : l.query(box)) {
      const double d = l.distanceTo(i, p);
      if (d <= tolerance) scored.push_back({{l.id(), i, l.featureId(i)}, hitRank(l.kind()), li, d});
    }
  }
  // Points over lines over polygons, then the upper layer, then the nearer feature.
  std::sort(scored.begin(), scored.end(), [](const Scored &a, const Scored &b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.order != b.order) return a.order > b.order;
    return a.distance < b.distance;
  });
  std::vector<MapHit> out;
  for (const Scored &s : scored)
    out.push_back(s.hit);
  return out;
}

std::vector<MapHit> MapData::select(const gis::Envelope &box,
                                    const std::vector<std::string> &visibleLayers) const
{
  std::vector<MapHit> out;
  const gis::Point centre{(box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2};
  for (const MapLayer &l : mLayers) {
    if (!listed(visibleLayers, l.id())) continue;
    const PathSet &ps = l.paths();
    for (std::uint32_t i : l.query(box)) {
      const std::size_t first = ps.featureStart[i], last = ps.featureStart[i + 1];
      bool hit = l.kind() == GeometryKind::Polygon && insideRings(ps, first, last, centre);
      for (std::size_t path = first; path < last && !hit; ++path) {
        const std::size_t b = ps.pathStart[path], e = ps.pathStart[path + 1];
        if (e - b == 1) hit = segmentMeetsBox(ps.xs[b], ps.ys[b], ps.xs[b], ps.ys[b], box);
        for (std::size_t v = b + 1; v < e && !hit; ++v)
          hit = segmentMeetsBox(ps.xs[v - 1], ps.ys[v - 1], ps.xs[v], ps.ys[v], box);
      }
      if (hit) out.push_back({l.id(), i, l.featureId(i)});
    }
  }
  return out;
}

FoundFeature MapData::feature(std::int64_t id, const MapLayer **layerOut) const
{
  for (const MapLayer &l : mLayers) {
    const std::ptrdiff_t i = l.indexOf(id);
    if (i < 0) continue;
    if (layerOut) *layerOut = &l;
    return FoundFeature(l.feature(static_cast<std::size_t>(i)));
  }
  return FoundFeature();
}

namespace {

GeometryKind kindOf(const data::LayerDef &def)
{
  if (def.geometryType.find("Point") != std::string::npos) return GeometryKind::Point;
  if (def.geometryType.find("Line") != std::string::npos) return GeometryKind::Line;
  return GeometryKind::Polygon;
}

// The field that carries the water-quality class: the one whose value list offers 劣V.
std::string waterClassField(const data::LayerDef &def)
{
  for (const data::FieldDef &f : def.fields) {
    if (std::find(f.values.begin(), f.values.end(), "劣V") != f.values.end()) return f.name;
    if (f.name.find("quality") != std::string::npos || f.name == "wq_class") return f.name;
  }
  return {};
}

// The stretch [from, to] (geodesic metres along the line, of `lengthM` in all) of a projected
// line. Chainage is measured on the ellipsoid; in the Gauss-Krüger plane the scale factor hardly
// changes along one river, so planar distance scaled to the geodesic length places the ends to
// well under a millimetre a kilometre, without a geodesic computation per segment.
std::vector<gis::Point> projectedSubLine(const std::vector<gis::Point> &line, double lengthM, double from,
                                         double to)
{
  std::vector<double> cum(line.size(), 0.0);
  for (std::size_t i = 1; i < line.size(); ++i)
    cum[i] = cum[i - 1] + std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  const double planar = cum.empty() ? 0 : cum.back();
  const double k = lengthM > 0 && planar > 0 ? planar / lengthM : 1.0;
  const double a = std::clamp(std::min(from, to) * k, 0.0, planar),
               b = std::clamp(std::max(from, to) * k, 0.0, planar);
  auto at = [&](double d, std::size_t &seg) {
    while (seg + 2 < line.size() && cum[seg + 1] < d)
      ++seg;
    const double len = cum[seg + 1] - cum[seg];
    const double t = len > 0 ? (d - cum[seg]) / len : 0;
    return gis::Point{line[seg].x + t * (line[seg + 1].x - line[seg].x),
                      line[seg].y + t * (line[seg + 1].y - line[seg].y)};
  };
  std::vector<gis::Point> out;
  if (line.size() < 2) return out;
  std::size_t seg = 0;
  out.push_back(at(a, seg));
  for (std::size_t i = seg + 1; i < line.size() && cum[i] < b; ++i)
    out.push_back(line[i]);
  std::size_t endSeg = seg;
  out.push_back(at(b, endSeg));
  return out;
}

} // namespace

std::shared_ptr<const MapData> MapData::fromStore(const data::Store &store, const std::string &asOf)
{
  // Features go straight into the layers' arrays as they are read, in lon/lat: a SpatiaLite
  // project is scanned directly (one query a layer, geometry BLOBs parsed here, only the
  // water-class attribute taken from the JSON); any other store is read through Store::features.
  // The coordinates are then projected in place. No per-feature rows or path vectors are built,
  // so a million features never exist twice in memory.
  const std::vector<data::LayerDef> defs = store.layers();
  // The events are read on another thread while the layers are scanned (each read has its own
  // connection); a store that is not SpatiaLite gives them through Store::allEvents below.
  bool eventsRead = false;
  std::future<std::vector<data::Event>> readEvents = std::async(std::launch::async, [&store, &eventsRead] {
    std::vector<data::Event> out;
    eventsRead = data::scanEvents(store, out);
    return out;
  });
  // One connection and statement for all layers (SpatiaLite only), closed once they are read.
  auto scanner = std::make_unique<data::LayerScanner>(store);
  std::vector<MapLayer> layers;
  layers.reserve(defs.size());
  std::vector<std::vector<double>> lengths(defs.size()); // geodesic metres, for the done stretches
  gis::Envelope lonLat;
  for (std::size_t li = 0; li < defs.size(); ++li) {
    const data::LayerDef &def = defs[li];
    const std::string wqField = waterClassField(def);
    MapLayer &layer = layers.emplace_back(def, kindOf(def));
    std::vector<double> &length = lengths[li];
    auto add = [&](std::int64_t id, std::string_view code, std::string_view name, std::string_view wq,
                   double lengthM, double areaM2, const gis::Geometry &g) {
      if (g.isEmpty()) return;
      PathSet &ps = layer.mPaths;
      for (const auto &part : g.parts())
        for (const auto &path : part) {
          for (const gis::Point &p : path) {
            ps.xs.push_back(p.x);
            ps.ys.push_back(p.y);
            lonLat.expand(p);
          }
          ps.closePath();
        }
      ps.closeFeature();
      // Lon/lat for now, projected with the vertices.
      if (layer.kind() == GeometryKind::Polygon) layer.mPolygonLabels.push_back(gis::pointOnSurface(g));
      layer.appendRecord(id, code, name,
                         wq.empty() ? WaterClass::Unknown : waterClassFromText(std::string(wq)), lengthM,
                         areaM2);
      length.push_back(lengthM);
    };
    // Points and lines go from the BLOB straight into the layer's arrays; polygons through a
    // Geometry, which their label point needs.
    const bool scanned =
        scanner->ok() && scanner->scan(def.id, wqField, [&](const data::LayerScanner::Row &r) {
          if (!r.blob) return true; // no geometry: not drawn
          if (layer.kind() == GeometryKind::Polygon) {
            gis::Geometry g;
            if (!data::parseSpatiaLiteBlob(r.blob, r.blobSize, g)) return false;
            add(r.id, r.code, r.name, r.attribute, r.lengthM, r.areaM2, g);
            return true;
          }
          PathSet &ps = layer.mPaths;
          const std::size_t vertices = ps.xs.size(), paths = ps.pathStart.size();
          if (!data::appendSpatiaLitePaths(r.blob, r.blobSize, ps.xs, ps.ys, ps.pathStart)) return false;
          if (ps.xs.size() == vertices) { // an empty geometry: not drawn (as Geometry::isEmpty)
            ps.pathStart.resize(paths);
            return true;
          }
          for (std::size_t v = vertices; v < ps.xs.size(); ++v)
            lonLat.expand(gis::Point{ps.xs[v], ps.ys[v]});
          ps.closeFeature();
          layer.appendRecord(r.id, r.code, r.name,
                             r.attribute.empty() ? WaterClass::Unknown
                                                 : waterClassFromText(std::string(r.attribute)),
                             r.lengthM, r.areaM2);
          length.push_back(r.lengthM);
          return true;
        });
    if (!scanned) {
      layer = MapLayer(def, kindOf(def));
      length.clear();
      for (const data::Feature &f : store.features(def.id)) {
        std::string wq;
        if (!wqField.empty())
          if (auto it = f.attributes.find(wqField); it != f.attributes.end())
            wq = data::valueToString(it->second);
        add(f.id, f.code, f.name, wq, f.lengthM, f.areaM2, f.geometry);
      }
    }
  }
  scanner.reset();
  const double centreLon = lonLat.isNull() ? 121.5 : (lonLat.minX + lonLat.maxX) / 2;
  const int epsg = gis::cgcs2000Gk3ZoneFor(centreLon);
  // The zones are computed directly (no PROJ set-up, a few hundred instructions a vertex, the same
  // to well under a millimetre: CrsTest), on two threads for big layers.
  const gis::GaussKruger3 gk(epsg);
  auto project = [&gk](double *xs, double *ys, std::size_t n) {
    if (n < 200000) {
      gk.forward(xs, ys, n);
      return;
    }
    const std::size_t half = n / 2;
    std::future<void> other =
        std::async(std::launch::async, [&gk, xs, ys, half] { gk.forward(xs, ys, half); });
    gk.forward(xs + half, ys + half, n - half);
    other.get();
  };

  std::unordered_map<std::int64_t, std::vector<data::Event>> eventsByFeature;
  std::vector<data::Event> events = readEvents.get();
  if (!eventsRead) events = store.allEvents();
  for (data::Event &e : events)
    eventsByFeature[e.featureId].push_back(std::move(e));
  events.clear();
  events.shrink_to_fit();

  for (std::size_t li = 0; li < layers.size(); ++li) {
    MapLayer &layer = layers[li];
    PathSet &ps = layer.mPaths;
    layer.trim();
    project(ps.xs.data(), ps.ys.data(), ps.xs.size());
    gk.forward(layer.mPolygonLabels);
    layer.mBoxes.reserve(layer.size());
    for (std::size_t i = 0; i < layer.size(); ++i)
      layer.closeEnvelope();
    std::vector<gis::Point> line;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      if (layer.tracked()) {
        static const std::vector<data::Event> none;
        auto ev = eventsByFeature.find(layer.mIds[i]);
        const data::FeatureProgress progress =
            data::deriveProgress(ev == eventsByFeature.end() ? none : ev->second, lengths[li][i], asOf);
        layer.mStatus[i] = static_cast<std::uint8_t>(progress.status);
        layer.mDoneM[i] = static_cast<float>(progress.doneM());
        // Partly done lines show their completed stretches; a fully done line is drawn whole.
        if (layer.kind() == GeometryKind::Line && progress.status == data::Status::InProgress &&
            !progress.done.empty()) {
          const std::size_t path = ps.featureStart[i];
          line.clear();
          for (std::size_t v = ps.pathStart[path]; v < ps.pathStart[path + 1]; ++v)
            line.push_back({ps.xs[v], ps.ys[v]});
          for (const gis::Interval &iv : progress.done.intervals())
            layer.mDone.addPath(projectedSubLine(line, lengths[li][i], iv.from, iv.to));
        }
      }
      layer.mDone.closeFeature();
    }
    lengths[li] = {};
  }
  eventsByFeature = {};
  auto data = std::make_shared<MapData>(epsg, std::move(layers));
#ifdef __GLIBC__
  // Reading a million features leaves freed geometry and events in the heap; give it back so the
  // resident size is the data kept.
  malloc_trim(0);
  // Freeing the read's big arrays also raised glibc's dynamic mmap threshold to its 32 MB ceiling,
  // and the trim threshold with it to 64 MB: from then on the blocks a frame frees (the render
  // threads' per-layer index and polygon arrays, 1-4 MB each at 1M features) stayed in the
  // threads' heaps, about 30 MB at 1M (337 MB resident after frames, 305 MB loaded). The trim
  // threshold is fixed at 4 MiB so that a heap gives back what it frees at its top, the mmap
  // threshold (no longer adjusted either) at that ceiling. A fixed 1 MiB mmap threshold made each
  // frame map and zero-fill its 8 MB images (sample town 20 -> 48 ms); FrameImagePool has them now.
  static std::once_flag thresholds;
  std::call_once(thresholds, [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
  });
#endif
  data->title = store.meta("title");
  data->asOf = asOf;
  data->synthetic = store.isSynthetic();
  return data;
}

} // namespace layers
