#include "layers/render/MapData.h"

#include "gis/Geos.h"

#include <algorithm>
#include <cmath>
#include <limits>

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
    if (!l.indexed()) l.buildIndex(); // fromStore builds them on its threads
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

} // namespace layers
