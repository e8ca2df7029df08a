#pragma once

#include "data/store/Model.h"
#include "layers/sample/Generate.h"
#include "layers/sample/SampleRandom.h"

#include <string>
#include <vector>

namespace layers {

// The geography of a generated project: a region tiled by villages (a jittered grid of
// quadrilaterals, so locating a point is a lookup, not a search), roads along grid lines, lakes,
// rivers whose geodesic lengths add up to 87.1 km per sample town, and sites, estates, forest plots
// and beautiful villages in the sample town's proportions. Built in a local kilometre frame centred
// on Shanghai, converted to lon/lat when a feature is added.
class GenerateGeometry
{
public:
  static constexpr double kCentreLon = 121.47, kCentreLat = 31.23;
  static constexpr double kTownAreaKm2 = 102, kTownRiverM = 87100;
  static constexpr int kTownRivers = 263;

  GenerateGeometry(SampleRandom &random, const GenerateOptions &resolvedOptions);
  // Every feature (ids unset), layer by layer in drawing order.
  std::vector<data::Feature> build();

private:
  struct Km
  {
    double x = 0, y = 0;
  };
  struct Village
  {
    std::string name;
    bool community = false;
    Km corners[4]; // counter-clockwise from the south-west
  };

  gis::Point lonLat(const Km &p) const;
  gis::Ring ring(const std::vector<Km> &km) const;
  Km corner(int col, int row) const { return mCorners[static_cast<std::size_t>(row * (mCols + 1) + col)]; }
  int villageAt(const Km &p) const; // -1 outside the region
  Km randomPointIn();
  Km randomPointIn(bool community); // in a community (urban) or a village (rural) cell
  std::vector<Km> rectangle(const Km &c, double areaKm2, double aspect, double angle) const;
  void add(const std::string &layer, const std::string &code, const std::string &name, gis::Geometry g,
           data::Attributes attributes = {});

  void buildGrid();
  void addBoundaryAndVillages();
  void addLakes();
  void addBeautifulVillages();
  void addEstates();
  void addForest();
  void addRoads();
  void addRivers();
  void addSites();

  SampleRandom &mRandom;
  GenerateOptions mOptions;
  double mKmPerDegLon = 0, mKmPerDegLat = 0;
  int mCols = 0, mRows = 0; // full grid; the last row holds the remaining villages
  int mLastRow = 0;         // villages in the last row (1..mCols)
  double mCell = 0;         // cell side, km
  std::vector<Km> mCorners; // (mCols+1) × (mRows+1) jittered grid corners
  std::vector<Village> mVillages;
  std::vector<data::Feature> mFeatures;
};

} // namespace layers
