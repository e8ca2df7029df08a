// MapData::fromStore: a project's layers read into a MapData, on two threads where the store allows.
#include "layers/render/MapData.h"

#include "data/spatialite/SpatiaLiteStoreScan.h"
#include "data/store/Progress.h"
#include "data/store/Store.h"
#include "gis/Crs.h"
#include "gis/Geos.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <future>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <mutex>

namespace layers {

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

WaterClass waterClassOf(std::string_view text)
{
  return text.empty() ? WaterClass::Unknown : waterClassFromText(std::string(text));
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

// Runs job(i, t) for every i in [0, n), each index once, on the calling thread (t = 0) and up to
// `extra` more (t = 1..extra); an exception from a job is rethrown once all threads have stopped.
void parallelFor(std::size_t n, int extra, const std::function<void(std::size_t, int)> &job)
{
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto run = [&](int t) {
    for (std::size_t i; !failed && (i = next++) < n;) {
      try {
        job(i, t);
      } catch (...) {
        failed = true;
        throw;
      }
    }
  };
  std::vector<std::future<void>> others;
  for (int t = 1; t <= extra && static_cast<std::size_t>(t) < n; ++t)
    others.push_back(std::async(std::launch::async, run, t));
  std::exception_ptr error;
  try {
    run(0);
  } catch (...) {
    error = std::current_exception();
  }
  for (auto &f : others) {
    try {
      f.get();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

// Threads besides the caller's for reading and projecting: one (two cores are the common case,
// and the events are read on a thread of their own meanwhile).
int extraThreads()
{
  return std::thread::hardware_concurrency() > 1 ? 1 : 0;
}

} // namespace

// The progress events of a project grouped by feature through an index (the table stays in id
// order).
struct FeatureEvents
{
  data::EventTable events;
  std::vector<std::uint32_t> order;  // positions in `events`, by feature
  std::vector<std::int64_t> ids;     // ascending, one a feature with events
  std::vector<std::uint32_t> starts; // events of ids[k]: order[starts[k]..starts[k+1])

  void group()
  {
    std::vector<std::pair<std::int64_t, std::uint32_t>> byFeature(events.size());
    for (std::size_t i = 0; i < events.size(); ++i)
      byFeature[i] = {events.featureId(i), static_cast<std::uint32_t>(i)};
    std::sort(byFeature.begin(), byFeature.end());
    order.clear();
    ids.clear();
    starts.clear();
    for (const auto &[feature, i] : byFeature) {
      if (ids.empty() || feature != ids.back()) {
        ids.push_back(feature);
        starts.push_back(static_cast<std::uint32_t>(order.size()));
      }
      order.push_back(i);
    }
    starts.push_back(static_cast<std::uint32_t>(order.size()));
  }
  // The events of feature `id`, in one of `scratch`'s vectors (the one of their number, so that a
  // vector and its events' strings are allocated once, not for each feature).
  const std::vector<data::Event> &get(std::int64_t id, std::vector<std::vector<data::Event>> &scratch) const
  {
    const auto it = std::lower_bound(ids.begin(), ids.end(), id);
    const std::size_t k = static_cast<std::size_t>(it - ids.begin());
    const std::size_t n = it == ids.end() || *it != id ? 0 : starts[k + 1] - starts[k];
    if (scratch.size() <= n) scratch.resize(n + 1);
    std::vector<data::Event> &out = scratch[n];
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      events.get(order[starts[k] + i], out[i]);
    return out;
  }
};

// What reading one layer leaves besides the layer: geodesic lengths (for the done stretches) and
// the lon/lat envelope (for the zone).
struct LayerLoad
{
  std::vector<double> lengths;
  gis::Envelope lonLat;
  bool failed = false; // a BLOB the scan does not know: read through the store instead
};

// Fills MapLayer's arrays directly (a friend): features in lon/lat as read, projected afterwards.
class MapDataLoader
{
public:
  static bool scan(data::LayerScanner &scanner, std::int64_t fromId, std::int64_t toId,
                   std::vector<MapLayer> &layers, std::vector<LayerLoad> &loads);
  static void scanAll(const data::Store &store, std::vector<MapLayer> &layers, std::vector<LayerLoad> &loads);
  static void append(MapLayer &layer, LayerLoad &load, MapLayer &part, LayerLoad &partLoad);
  static void readThroughStore(const data::Store &store, MapLayer &layer, LayerLoad &load);
  static void addGeometry(MapLayer &layer, LayerLoad &load, const gis::Geometry &g, std::int64_t id,
                          std::string_view code, std::string_view name, std::string_view wq, double lengthM,
                          double areaM2);
  static void project(std::vector<MapLayer> &layers, const gis::GaussKruger3 &gk);
  static void finish(MapLayer &layer, LayerLoad &load, const FeatureEvents &events, const std::string &asOf);
};

void MapDataLoader::addGeometry(MapLayer &layer, LayerLoad &load, const gis::Geometry &g, std::int64_t id,
                                std::string_view code, std::string_view name, std::string_view wq,
                                double lengthM, double areaM2)
{
  if (g.isEmpty()) return;
  PathSet &ps = layer.mPaths;
  for (const auto &part : g.parts())
    for (const auto &path : part) {
      for (const gis::Point &p : path) {
        ps.xs.push_back(p.x);
        ps.ys.push_back(p.y);
        load.lonLat.expand(p);
      }
      ps.closePath();
    }
  ps.closeFeature();
  // Lon/lat for now, projected with the vertices.
  if (layer.kind() == GeometryKind::Polygon) layer.mPolygonLabels.push_back(gis::pointOnSurface(g));
  layer.appendRecord(id, code, name, waterClassOf(wq), lengthM, areaM2);
  load.lengths.push_back(lengthM);
}

// The features with ids in [fromId, toId) into `layers` (empty ones, of the project's layers).
// Points and lines go from the BLOB straight into the layer's arrays; polygons through a Geometry,
// which their label point needs. A layer with a BLOB this reader does not know is marked failed
// (and left part-filled). False when the store is not SpatiaLite or the query failed.
bool MapDataLoader::scan(data::LayerScanner &scanner, std::int64_t fromId, std::int64_t toId,
                         std::vector<MapLayer> &layers, std::vector<LayerLoad> &loads)
{
  std::vector<data::LayerScanner::Layer> asked;
  for (const MapLayer &l : layers)
    asked.push_back({l.id(), waterClassField(l.def())});
  return scanner.ok() && scanner.scan(asked, fromId, toId, [&](const data::LayerScanner::Row &r) {
    MapLayer &layer = layers[r.layer];
    LayerLoad &load = loads[r.layer];
    if (!r.blob || load.failed) return true; // no geometry: not drawn
    if (layer.kind() == GeometryKind::Polygon) {
      gis::Geometry g;
      if (!data::parseSpatiaLiteBlob(r.blob, r.blobSize, g)) return load.failed = true;
      addGeometry(layer, load, g, r.id, r.code, r.name, r.attribute, r.lengthM, r.areaM2);
      return true;
    }
    PathSet &ps = layer.mPaths;
    const std::size_t vertices = ps.xs.size(), paths = ps.pathStart.size();
    if (!data::appendSpatiaLitePaths(r.blob, r.blobSize, ps.xs, ps.ys, ps.pathStart))
      return load.failed = true;
    if (ps.xs.size() == vertices) { // an empty geometry: not drawn (as Geometry::isEmpty)
      ps.pathStart.resize(paths);
      return true;
    }
    for (std::size_t v = vertices; v < ps.xs.size(); ++v)
      load.lonLat.expand(gis::Point{ps.xs[v], ps.ys[v]});
    ps.closeFeature();
    layer.appendRecord(r.id, r.code, r.name, waterClassOf(r.attribute), r.lengthM, r.areaM2);
    load.lengths.push_back(r.lengthM);
    return true;
  });
}

// Appends the features of `part` (read from later ids) to `layer`, emptying `part`.
void MapDataLoader::append(MapLayer &layer, LayerLoad &load, MapLayer &part, LayerLoad &partLoad)
{
  auto add = [](auto &to, auto &from, std::size_t skip = 0) {
    to.insert(to.end(), from.begin() + static_cast<std::ptrdiff_t>(skip), from.end());
    from = {};
  };
  auto addOffsets = [](std::vector<std::uint32_t> &to, std::vector<std::uint32_t> &from, std::size_t offset) {
    for (std::size_t i = 1; i < from.size(); ++i) // from[0] is the 0 every offset list starts with
      to.push_back(static_cast<std::uint32_t>(from[i] + offset));
    from = {};
  };
  PathSet &ps = layer.mPaths, &pps = part.mPaths;
  const std::size_t vertices = ps.xs.size(), paths = ps.pathCount();
  addOffsets(ps.pathStart, pps.pathStart, vertices);
  addOffsets(ps.featureStart, pps.featureStart, paths);
  add(ps.xs, pps.xs);
  add(ps.ys, pps.ys);
  addOffsets(layer.mTextEnd, part.mTextEnd, layer.mText.size());
  layer.mText += part.mText;
  part.mText = {};
  add(layer.mIds, part.mIds);
  add(layer.mStatus, part.mStatus);
  add(layer.mWaterClass, part.mWaterClass);
  add(layer.mDoneM, part.mDoneM);
  add(layer.mMeasure, part.mMeasure);
  add(layer.mPolygonLabels, part.mPolygonLabels);
  add(load.lengths, partLoad.lengths);
  load.lonLat.expand(partLoad.lonLat);
  load.failed = load.failed || partLoad.failed;
}

// Every layer of a SpatiaLite project, the table's id range cut in one slice a thread, each read on
// a connection of its own into layers of its own, then appended in id order. Layers the scan could
// not read (and every layer of another store) are read through the store here.
void MapDataLoader::scanAll(const data::Store &store, std::vector<MapLayer> &layers,
                            std::vector<LayerLoad> &loads)
{
  data::LayerScanner first(store); // the calling thread's; {0, 0} and not ok() for another store
  const auto [fromId, toId] = first.idRange();
  const int threads = toId - fromId > 256 ? 1 + extraThreads() : 1; // the sample town is split too
  std::vector<std::vector<MapLayer>> parts(static_cast<std::size_t>(threads));
  std::vector<std::vector<LayerLoad>> partLoads(parts.size());
  for (std::size_t t = 1; t < parts.size(); ++t) {
    for (const MapLayer &l : layers)
      parts[t].emplace_back(l.def(), l.kind());
    partLoads[t].resize(layers.size());
  }
  std::vector<char> scanned(parts.size(), 0);
  parallelFor(parts.size(), static_cast<int>(parts.size()) - 1, [&](std::size_t t, int) {
    const std::int64_t span = toId - fromId, from = fromId + span * static_cast<std::int64_t>(t) / threads,
                       to = fromId + span * static_cast<std::int64_t>(t + 1) / threads;
    if (t == 0) {
      scanned[t] = scan(first, from, to, layers, loads);
    } else {
      data::LayerScanner own(store);
      scanned[t] = scan(own, from, to, parts[t], partLoads[t]);
    }
  });
  for (std::size_t t = 1; t < parts.size(); ++t)
    for (std::size_t li = 0; li < layers.size(); ++li)
      append(layers[li], loads[li], parts[t][li], partLoads[t][li]);
  const bool all = std::all_of(scanned.begin(), scanned.end(), [](char c) { return c != 0; });
  for (std::size_t li = 0; li < layers.size(); ++li)
    if (!all || loads[li].failed) readThroughStore(store, layers[li], loads[li]);
}

void MapDataLoader::readThroughStore(const data::Store &store, MapLayer &layer, LayerLoad &load)
{
  layer = MapLayer(layer.def(), layer.kind());
  load = LayerLoad();
  const std::string wqField = waterClassField(layer.def());
  for (const data::Feature &f : store.features(layer.id())) {
    std::string wq;
    if (!wqField.empty())
      if (auto it = f.attributes.find(wqField); it != f.attributes.end())
        wq = data::valueToString(it->second);
    addGeometry(layer, load, f.geometry, f.id, f.code, f.name, wq, f.lengthM, f.areaM2);
  }
}

// The vertices and polygon label points of all layers, lon/lat to the zone's Gauss-Krüger, in
// slices of 64k vertices shared between the threads (one layer often holds most of them).
void MapDataLoader::project(std::vector<MapLayer> &layers, const gis::GaussKruger3 &gk)
{
  constexpr std::size_t kSlice = 1 << 16;
  struct Slice
  {
    MapLayer *layer;
    std::size_t begin, end;
  };
  std::vector<Slice> slices;
  for (MapLayer &l : layers) {
    l.trim();
    for (std::size_t b = 0; b < l.mPaths.xs.size(); b += kSlice)
      slices.push_back({&l, b, std::min(l.mPaths.xs.size(), b + kSlice)});
  }
  parallelFor(slices.size(), extraThreads(), [&slices, &gk](std::size_t i, int) {
    const Slice &s = slices[i];
    gk.forward(s.layer->mPaths.xs.data() + s.begin, s.layer->mPaths.ys.data() + s.begin, s.end - s.begin);
  });
  for (MapLayer &l : layers)
    gk.forward(l.mPolygonLabels);
}

// Envelopes, statuses and done stretches as of `asOf` from the layer's events, and the index.
void MapDataLoader::finish(MapLayer &layer, LayerLoad &load, const FeatureEvents &events,
                           const std::string &asOf)
{
  PathSet &ps = layer.mPaths;
  layer.mBoxes.reserve(layer.size());
  for (std::size_t i = 0; i < layer.size(); ++i)
    layer.closeEnvelope();
  std::vector<std::vector<data::Event>> scratch;
  std::vector<gis::Point> line;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    if (layer.tracked()) {
      const data::FeatureProgress progress =
          data::deriveProgress(events.get(layer.mIds[i], scratch), load.lengths[i], asOf);
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
          layer.mDone.addPath(projectedSubLine(line, load.lengths[i], iv.from, iv.to));
      }
    }
    layer.mDone.closeFeature();
  }
  load = LayerLoad();
  layer.buildIndex();
}

namespace {

// Every progress event of a SpatiaLite project grouped by feature, read on a connection of its own
// (so on any thread); false for another store.
bool scanEvents(const data::Store &store, FeatureEvents &out)
{
  if (!data::scanEvents(store, out.events)) return false;
  out.group();
  return true;
}

// Reading a million features leaves freed geometry and events in the heap; give it back so the
// resident size is the data kept.
void releaseReadMemory()
{
#ifdef __GLIBC__
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
}

} // namespace

std::shared_ptr<const MapData> MapData::fromStore(const data::Store &store, const std::string &asOf)
{
  // Features go straight into the layers' arrays as they are read, in lon/lat: a SpatiaLite
  // project is scanned directly (one pass over the feature table, its id range shared out between
  // two threads, geometry BLOBs parsed here, only the water-class attribute taken from the JSON);
  // any other store is read through Store::features on this thread. The coordinates are
  // then projected in place. No per-feature rows or path vectors are built, so a million features
  // never exist twice in memory. The events are read meanwhile on a thread of their own.
  const std::vector<data::LayerDef> defs = store.layers();
  FeatureEvents grouped;
  std::future<bool> eventsScanned =
      std::async(std::launch::async, [&store, &grouped] { return scanEvents(store, grouped); });
  std::vector<MapLayer> layers;
  std::vector<LayerLoad> loads(defs.size());
  for (const data::LayerDef &def : defs)
    layers.emplace_back(def, kindOf(def));
  MapDataLoader::scanAll(store, layers, loads);
  gis::Envelope lonLat;
  for (const LayerLoad &load : loads)
    lonLat.expand(load.lonLat);
  const double centreLon = lonLat.isNull() ? 121.5 : (lonLat.minX + lonLat.maxX) / 2;
  const int epsg = gis::cgcs2000Gk3ZoneFor(centreLon);
  // The zones are computed directly (no PROJ set-up, a few hundred instructions a vertex, the same
  // to well under a millimetre: CrsTest).
  MapDataLoader::project(layers, gis::GaussKruger3(epsg));
  if (!eventsScanned.get()) { // another store: its own events, on this thread
    for (const data::Event &e : store.allEvents())
      grouped.events.add(e);
    grouped.group();
  }
  parallelFor(layers.size(), extraThreads(),
              [&](std::size_t li, int) { MapDataLoader::finish(layers[li], loads[li], grouped, asOf); });
  grouped = {};
  auto data = std::make_shared<MapData>(epsg, std::move(layers));
  releaseReadMemory();
  data->title = store.meta("title");
  data->asOf = asOf;
  data->synthetic = store.isSynthetic();
  return data;
}

} // namespace layers
