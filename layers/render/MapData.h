#pragma once

#include "data/store/Model.h"
#include "gis/Geometry.h"
#include "gis/SpatialIndex.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace data {
class Store;
}

namespace layers {

enum class GeometryKind { Point, Line, Polygon };

// Vertices of many paths in flat arrays: path p spans [pathStart[p], pathStart[p+1]) and feature f
// owns paths [featureStart[f], featureStart[f+1]). Flat arrays keep 5M vertices cache-friendly.
struct PathSet
{
  std::vector<double> xs, ys;
  std::vector<std::uint32_t> pathStart{0};
  std::vector<std::uint32_t> featureStart{0};

  std::size_t pathCount() const { return pathStart.size() - 1; }
  std::size_t vertexCount() const { return xs.size(); }
  void addPath(const std::vector<gis::Point> &path);
  void closePath() { pathStart.push_back(static_cast<std::uint32_t>(xs.size())); }
  void closeFeature() { featureStart.push_back(static_cast<std::uint32_t>(pathStart.size() - 1)); }
  void trim(); // releases spare capacity
  std::size_t memoryBytes() const;
};

// Water-quality class of a river: I..V, worse than V (劣V), unknown.
enum class WaterClass : std::uint8_t { Unknown = 0, I, II, III, IV, V, WorseThanV };
WaterClass waterClassFromText(const std::string &text); // "I".."V", "劣V", "III类", ...

// One feature's drawing record as a value (MapLayer::feature copies it out of the layer's arrays).
struct MapFeature
{
  std::int64_t id = 0;
  std::string code;
  std::string name;
  data::Status status = data::Status::Planned;
  WaterClass waterClass = WaterClass::Unknown;
  double doneM = 0;
  double lengthM = 0;
  double areaM2 = 0;
  gis::Point labelPoint; // projected; where the name goes (a point on the surface for polygons)
};

// A feature's envelope kept in single precision relative to the layer's origin, rounded outwards,
// so it always contains the exact one (by about a centimetre at most over 1000 km).
struct FloatBox
{
  float minX, minY, maxX, maxY;
};

// One layer of drawable data in the map's projected CRS. Built once, then only read (shared by
// render jobs on several threads).
//
// A million features must fit in a few hundred megabytes, so nothing is kept per feature as an
// object: ids, statuses and measures are columns, codes and names one string pool, envelopes
// float boxes, and the label point of a line or site is the middle vertex of its first path
// (only polygons keep one). feature(i) assembles a MapFeature from them.
class MapLayer
{
public:
  MapLayer(data::LayerDef def, GeometryKind kind);

  const data::LayerDef &def() const { return mDef; }
  const std::string &id() const { return mDef.id; }
  GeometryKind kind() const { return mKind; }
  bool tracked() const { return mDef.tracked; }

  // Paths are projected; `done` are the completed stretches of a partly done line (drawn over it).
  void addFeature(const MapFeature &feature, const std::vector<std::vector<gis::Point>> &paths,
                  const std::vector<std::vector<gis::Point>> &done = {});
  void buildIndex(); // after the last addFeature; MapData does it (and trims the arrays)
  bool indexed() const { return mIndex.size() == size(); }

  std::size_t size() const { return mIds.size(); }
  // A copy of feature i's record (its code and name are copied: use the accessors below in loops).
  MapFeature feature(std::size_t i) const;
  std::int64_t featureId(std::size_t i) const { return mIds[i]; }
  data::Status status(std::size_t i) const { return static_cast<data::Status>(mStatus[i]); }
  WaterClass waterClass(std::size_t i) const { return mWaterClass[i]; }
  std::string_view code(std::size_t i) const { return text(2 * i); }
  std::string_view name(std::size_t i) const { return text(2 * i + 1); }
  double doneM(std::size_t i) const { return mDoneM[i]; }
  gis::Point labelPoint(std::size_t i) const;
  gis::Envelope envelope(std::size_t i) const;
  const gis::Envelope &extent() const { return mExtent; }
  const PathSet &paths() const { return mPaths; }
  const PathSet &done() const { return mDone; }
  std::size_t vertexCount() const { return mPaths.vertexCount(); }
  // Bytes held by the layer's arrays, index included (for the memory figures).
  std::size_t memoryBytes() const;

  // Indices of the features whose envelope meets `box`, ascending (stable drawing order).
  std::vector<std::uint32_t> query(const gis::Envelope &box) const;
  // Planar distance (map units) from `p` to feature i's geometry; 0 inside a polygon.
  double distanceTo(std::size_t i, const gis::Point &p) const;
  // Index of a feature by id, or -1.
  std::ptrdiff_t indexOf(std::int64_t id) const;

private:
  friend class MapDataLoader; // MapData::fromStore fills the arrays directly
  std::string_view text(std::size_t k) const
  {
    return std::string_view(mText).substr(mTextEnd[k], mTextEnd[k + 1] - mTextEnd[k]);
  }
  // Appends the record of a feature whose paths are already in mPaths (feature i = size()).
  void appendRecord(std::int64_t id, std::string_view code, std::string_view name, WaterClass wc,
                    double lengthM, double areaM2);
  void closeEnvelope(); // the envelope of the last feature's paths, from mPaths
  void trim();          // releases spare capacity

  data::LayerDef mDef;
  GeometryKind mKind;
  std::vector<std::int64_t> mIds;
  std::vector<std::uint8_t> mStatus;
  std::vector<WaterClass> mWaterClass;
  std::vector<float> mDoneM;
  std::vector<float> mMeasure;            // length (lines) or area (polygons), metres / square metres
  std::vector<std::uint32_t> mTextEnd{0}; // code of feature i: [2i, 2i+1), name: [2i+1, 2i+2)
  std::string mText;
  std::vector<gis::Point> mPolygonLabels; // polygons only, one a feature
  std::vector<FloatBox> mBoxes;
  double mOriginX = 0, mOriginY = 0; // of mBoxes
  bool mHasOrigin = false;
  gis::Envelope mExtent;
  PathSet mPaths;
  PathSet mDone;
  gis::SpatialIndex mIndex;
};

// A feature looked up by id: a copy of its record, or none; compares with nullptr like the pointer
// MapData::feature returned when each feature was an object of its own.
struct FoundFeature : std::optional<MapFeature>
{
  using std::optional<MapFeature>::optional;
  bool operator==(std::nullptr_t) const { return !has_value(); }
};

// Hit of an identify/selection query.
struct MapHit
{
  std::string layerId;
  std::size_t index = 0;
  std::int64_t featureId = 0;
};

// An immutable snapshot of a project's layers for drawing, in a CGCS2000 3-degree Gauss-Krüger
// zone picked by the data's centre. Shared as std::shared_ptr<const MapData> between the GUI and
// render workers; a new snapshot replaces it after an edit or an as-of change.
class MapData
{
public:
  MapData(int epsg, std::vector<MapLayer> layers);

  // Reads every layer from the store and derives statuses and done stretches as of `asOf`
  // ("" = all events). Throws data::StoreError / gis::Error with the store's message.
  static std::shared_ptr<const MapData> fromStore(const data::Store &store, const std::string &asOf = {});

  int epsg() const { return mEpsg; }
  const std::vector<MapLayer> &layers() const { return mLayers; }
  const MapLayer *layer(const std::string &id) const;
  gis::Envelope extent() const; // of all layers, projected
  std::size_t featureCount() const;
  std::size_t vertexCount() const;

  // Project metadata the map shows.
  std::string title;
  std::string asOf;
  bool synthetic = false;

  // Features under `p` within `tolerance` map units, topmost layer first (points, lines, polygons).
  std::vector<MapHit> identify(const gis::Point &p, double tolerance,
                               const std::vector<std::string> &visibleLayers) const;
  // Features whose geometry meets `box` (by envelope, then geometry for lines/polygons).
  std::vector<MapHit> select(const gis::Envelope &box, const std::vector<std::string> &visibleLayers) const;
  // The record of the feature with this id (a copy), and its layer through `layerOut`.
  FoundFeature feature(std::int64_t id, const MapLayer **layerOut = nullptr) const;

private:
  int mEpsg;
  std::vector<MapLayer> mLayers;
};

} // namespace layers
