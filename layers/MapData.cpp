#include "layers/MapData.h"

#include "data/Progress.h"
#include "data/SpatiaLiteStoreScan.h"
#include "data/Store.h"
#include "gis/Crs.h"
#include "gis/Geos.h"
#include "gis/LinearRef.h"

#include <algorithm>
#include <cmath>
#include <future>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>
#include <unordered_map>

namespace layers {

void PathSet::addPath(const std::vector<gis::Point> &path)
{
  for (const gis::Point &p : path) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  pathStart.push_back(static_cast<std::uint32_t>(xs.size()));
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

void MapLayer::addFeature(MapFeature feature, const std::vector<std::vector<gis::Point>> &paths,
                          const std::vector<std::vector<gis::Point>> &done)
{
  gis::Envelope env;
  for (const auto &path : paths) {
    mPaths.addPath(path);
    for (const gis::Point &p : path)
      env.expand(p);
  }
  mPaths.closeFeature();
  for (const auto &path : done)
    mDone.addPath(path);
  mDone.closeFeature();
  mExtent.expand(env);
  mEnvelopes.push_back(env);
  mFeatures.push_back(std::move(feature));
}

void MapLayer::buildIndex()
{
  mIndex = gis::SpatialIndex(mEnvelopes);
}

std::vector<std::uint32_t> MapLayer::query(const gis::Envelope &box) const
{
  std::vector<std::uint32_t> out;
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
  for (std::size_t i = 0; i < mFeatures.size(); ++i)
    if (mFeatures[i].id == id) return static_cast<std::ptrdiff_t>(i);
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
      if (d <= tolerance) scored.push_back({{l.id(), i, l.feature(i).id}, hitRank(l.kind()), li, d});
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
      if (hit) out.push_back({l.id(), i, l.feature(i).id});
    }
  }
  return out;
}

const MapFeature *MapData::feature(std::int64_t id, const MapLayer **layerOut) const
{
  for (const MapLayer &l : mLayers) {
    const std::ptrdiff_t i = l.indexOf(id);
    if (i < 0) continue;
    if (layerOut) *layerOut = &l;
    return &l.feature(static_cast<std::size_t>(i));
  }
  return nullptr;
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
  // Features as the map needs them: a SpatiaLite project is scanned directly (one query a layer,
  // geometry BLOBs parsed here, only the water-class attribute taken from the JSON); any other
  // store is read through Store::features.
  struct Row
  {
    std::int64_t id = 0;
    std::string code, name, waterClass;
    double lengthM = 0, areaM2 = 0;
    gis::Geometry geometry;
  };
  const std::vector<data::LayerDef> defs = store.layers();
  // The events are read on another thread while the layers are scanned (each read has its own
  // connection); a store that is not SpatiaLite gives them through Store::allEvents below.
  bool eventsRead = false;
  std::future<std::vector<data::Event>> readEvents = std::async(std::launch::async, [&store, &eventsRead] {
    std::vector<data::Event> out;
    eventsRead = data::scanEvents(store, out);
    return out;
  });
  std::vector<std::vector<Row>> rows(defs.size());
  gis::Envelope lonLat;
  for (std::size_t li = 0; li < defs.size(); ++li) {
    const std::string wqField = waterClassField(defs[li]);
    std::vector<Row> &out = rows[li];
    const bool scanned = data::scanLayer(store, defs[li].id, wqField, [&out](data::ScannedFeature &f) {
      out.push_back({f.id, std::move(f.code), std::move(f.name), std::move(f.attribute), f.lengthM, f.areaM2,
                     std::move(f.geometry)});
    });
    if (!scanned) {
      out.clear();
      for (data::Feature &f : store.features(defs[li].id)) {
        std::string wq;
        if (!wqField.empty())
          if (auto it = f.attributes.find(wqField); it != f.attributes.end())
            wq = data::valueToString(it->second);
        out.push_back({f.id, std::move(f.code), std::move(f.name), std::move(wq), f.lengthM, f.areaM2,
                       std::move(f.geometry)});
      }
    }
    for (const Row &f : out)
      lonLat.expand(f.geometry.envelope());
  }
  const double centreLon = lonLat.isNull() ? 121.5 : (lonLat.minX + lonLat.maxX) / 2;
  const int epsg = gis::cgcs2000Gk3ZoneFor(centreLon);
  const gis::Transform tr(gis::kWgs84, epsg);

  std::unordered_map<std::int64_t, std::vector<data::Event>> eventsByFeature;
  std::vector<data::Event> events = readEvents.get();
  if (!eventsRead) events = store.allEvents();
  for (data::Event &e : events)
    eventsByFeature[e.featureId].push_back(std::move(e));

  std::vector<MapLayer> layers;
  for (std::size_t li = 0; li < defs.size(); ++li) {
    const data::LayerDef &def = defs[li];
    const GeometryKind kind = kindOf(def);
    MapLayer layer(def, kind);
    // Every vertex of the layer (and of its done stretches) is projected in one call; features
    // are added once their coordinates are known.
    std::vector<gis::Point> points;
    struct Pending
    {
      MapFeature feature;
      std::vector<std::uint32_t> pathEnds; // into points, one per path
      std::vector<gis::Interval> done;     // completed chainage of a partly done line, metres
      std::uint32_t labelVertex = 0;       // lines and points: the vertex the label goes on
      bool labelProjected = false;         // polygons: feature.labelPoint is already set
    };
    std::vector<Pending> pending;
    pending.reserve(rows[li].size());
    for (Row &f : rows[li]) {
      if (f.geometry.isEmpty()) continue;
      Pending pf;
      MapFeature &mf = pf.feature;
      mf.id = f.id;
      mf.code = std::move(f.code);
      mf.name = std::move(f.name);
      mf.lengthM = f.lengthM;
      mf.areaM2 = f.areaM2;
      if (!f.waterClass.empty()) mf.waterClass = waterClassFromText(f.waterClass);
      if (def.tracked) {
        static const std::vector<data::Event> none;
        auto ev = eventsByFeature.find(f.id);
        const data::FeatureProgress progress =
            data::deriveProgress(ev == eventsByFeature.end() ? none : ev->second, f.lengthM, asOf);
        mf.status = progress.status;
        mf.doneM = progress.doneM();
        // Partly done lines show their completed stretches; a fully done line is drawn whole.
        if (kind == GeometryKind::Line && mf.status == data::Status::InProgress && !progress.done.empty())
          pf.done = progress.done.intervals();
      }
      if (kind == GeometryKind::Polygon) {
        mf.labelPoint = tr.forward(gis::pointOnSurface(f.geometry));
        pf.labelProjected = true;
      } else {
        const auto &path = f.geometry.parts().front().front();
        pf.labelVertex = static_cast<std::uint32_t>(points.size() + path.size() / 2);
      }
      for (const auto &part : f.geometry.parts())
        for (const auto &path : part) {
          points.insert(points.end(), path.begin(), path.end());
          pf.pathEnds.push_back(static_cast<std::uint32_t>(points.size()));
        }
      f.geometry = gis::Geometry();
      pending.push_back(std::move(pf));
    }
    tr.forward(points);
    std::size_t at = 0;
    std::vector<std::vector<gis::Point>> paths, done;
    for (Pending &pf : pending) {
      paths.clear();
      done.clear();
      if (!pf.labelProjected) pf.feature.labelPoint = points[pf.labelVertex];
      for (std::uint32_t end : pf.pathEnds) {
        paths.emplace_back(points.begin() + static_cast<std::ptrdiff_t>(at), points.begin() + end);
        at = end;
      }
      for (const gis::Interval &iv : pf.done)
        done.push_back(projectedSubLine(paths.front(), pf.feature.lengthM, iv.from, iv.to));
      layer.addFeature(std::move(pf.feature), paths, done);
    }
    layers.push_back(std::move(layer));
  }
  rows.clear();
  rows.shrink_to_fit();
  auto data = std::make_shared<MapData>(epsg, std::move(layers));
#ifdef __GLIBC__
  // Reading a million features leaves a gigabyte of freed rows and geometry in the heap; give it
  // back so the resident size is the data kept (the map of 1,000,000 features: 927 MB -> see docs).
  malloc_trim(0);
#endif
  data->title = store.meta("title");
  data->asOf = asOf;
  data->synthetic = store.isSynthetic();
  return data;
}

} // namespace layers
