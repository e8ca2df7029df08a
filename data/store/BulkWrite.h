#pragma once

#include "gis/Geometry.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>

namespace data {

// One feature as the import's bulk path hands it to BulkFeatureWriter::addEncodedFeatures: the
// values addFeatures would derive, derived once by the importer while it validates.
struct EncodedFeature
{
  std::string code; // "" = none (NULL)
  std::string name;
  std::string attrs;    // the attributes as attributesToJson writes them
  std::string geometry; // encodeGeometry(geometry in the layer's stored form)
  double lengthM = 0;   // geodesic length of a line, else 0
  double areaM2 = 0;    // geodesic area of a polygon, else 0
};

// A store that takes many features of one layer at once, encoded by the importer as it validates
// them, so a large file is read once and never held whole (Store::bulkFeatureWriter; a project
// file has it, a server takes features through addFeatures).
class BulkFeatureWriter
{
public:
  virtual ~BulkFeatureWriter() = default;

  // Every feature code in use, in one query (a lookup per feature cost half a second for 50,000
  // coded rivers).
  virtual std::unordered_set<std::string> featureCodes() const = 0;
  // Appends `g` (in its layer's stored form, EPSG:4326) to `out` as the store keeps geometries.
  // Throws StoreError(Invalid) for a geometry it cannot encode.
  virtual void encodeGeometry(std::string &out, const gis::Geometry &g) const = 0;
  // Readies the store for one large write, outside any transaction; the store is as before once
  // the returned object is destroyed.
  virtual std::shared_ptr<void> prepareBulkWrite() = 0;
  // Adds to layer `layerId` the features `next` hands over one at a time (it fills its argument
  // and returns false after the last), inside one transaction (the caller's, when there is one).
  // The importer has checked everything the store checks; the constraints that remain (unique
  // code, layer) still hold. `progress(n)` is called every 1024 rows and may throw to roll back.
  // Returns the number of features added.
  virtual std::size_t addEncodedFeatures(const std::string &actor, const std::string &layerId,
                                         const std::function<bool(EncodedFeature &)> &next,
                                         const std::function<void(std::size_t)> &progress = {}) = 0;
};

} // namespace data
