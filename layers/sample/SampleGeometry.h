#pragma once

#include "data/store/Model.h"
#include "gis/Geos.h"
#include "layers/sample/SampleRandom.h"

#include <memory>
#include <string>
#include <vector>

namespace layers {

// The synthetic geography of the sample town: a ~102 km² boundary east of a meandering Huangpu
// River, villages as Voronoi cells clipped to it, main roads, 263 rivers adding up to 87.1 km and
// the sites of every located target. Built in a local kilometre frame anchored at the south-west
// corner of the town's bounding box, then measured and adjusted geodesically.
class SampleGeometry
{
public:
  static constexpr int kRiverCount = 263;
  static constexpr double kRiverTotalM = 87100;
  static constexpr double kTownAreaM2 = 102e6;
  // The town's bounding box (DESIGN.md).
  static constexpr double kMinLon = 121.458, kMaxLon = 121.572, kMinLat = 30.990, kMaxLat = 31.127;

  explicit SampleGeometry(SampleRandom &random);
  ~SampleGeometry();
  // Every feature of the town (ids unset), layer by layer in drawing order.
  std::vector<data::Feature> build();

private:
  struct Village
  {
    std::string name;
    bool community = false;
    gis::Geometry geometry;
    std::unique_ptr<gis::PreparedGeometry> prepared;
  };

  gis::Point toLonLat(double xKm, double yKm) const;
  gis::Ring ring(const std::vector<gis::Point> &localKm) const;
  void buildBoundary();
  void buildVillages();
  void addLakes();
  void addRoads();
  void addRivers();
  void addSites();
  void addBeautifulVillages();
  void addEstates();
  void addForest();

  // A random point inside the town and outside the lakes.
  gis::Point randomPointIn();
  bool freeOfLakes(const gis::Point &p) const;
  int villageAt(const gis::Point &p) const;
  const Village &villageOf(const gis::Point &p) const;
  // A rectangle of `areaM2` (geodesic, exact to a millionth) centred on c, rotated by `angleDeg`.
  gis::Polygon rectangle(const gis::Point &c, double areaM2, double aspect, double angleDeg) const;
  void add(const std::string &layer, const std::string &code, const std::string &name, gis::Geometry g,
           data::Attributes attributes = {});

  SampleRandom &mRandom;
  // Local frame: km east/north of the bbox's south-west corner, scaled about (mCx, mCy) by mScale
  // so the boundary's geodesic area comes out at kTownAreaM2.
  double mKmPerDegLon = 0, mKmPerDegLat = 0;
  double mCx = 0, mCy = 0, mScale = 1;
  double mPhase[6] = {};
  gis::Geometry mBoundary;
  std::unique_ptr<gis::PreparedGeometry> mBoundaryPrepared;
  std::vector<std::unique_ptr<gis::PreparedGeometry>> mLakes;
  std::vector<Village> mVillages;
  std::vector<data::Feature> mFeatures;
};

} // namespace layers
