#pragma once

#include "data/Model.h"
#include "gis/Geometry.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace data {

// A refused import: one line naming the file and what is wrong. Nothing has been written.
class ImportError : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

enum class ChinaOffset { None, Gcj02, Bd09 };

struct SourceOptions
{
  std::string path;        // the file as the user named it (for messages)
  std::string readPath;    // the staged copy GDAL reads
  std::string sourceLayer; // one layer of a multi-layer file; "" = every non-empty layer
  std::string crs;         // overrides or supplies the file's CRS; "" = the file's
  ChinaOffset offset = ChinaOffset::None;
  std::string encoding; // forced text encoding; "" = declared or detected
};

struct SourceField
{
  std::string name; // UTF-8
  std::string type; // "integer" | "real" | "text"
};

struct SourceFeature
{
  std::string layer;         // source layer name
  std::size_t index = 0;     // 1-based position in its source layer
  gis::Geometry geometry;    // EPSG:4326 lon/lat (WGS84 after any GCJ-02/BD-09 conversion)
  std::vector<Value> values; // aligned with SourceData::fields; text already UTF-8
  std::string error;         // why the geometry could not be read ("" when fine)
  // "feature 12" or "feature 12 of layer tracks", with the name when there is one.
  std::string label(const std::string &name = {}) const;
  bool multiLayer = false;
};

struct SourceData
{
  std::string driver;
  std::vector<std::string> layers; // source layers read
  std::vector<std::size_t> layerCounts;
  std::string crs;                 // description of the source CRS
  std::vector<SourceField> fields; // union over the layers read
  std::vector<SourceFeature> features;
  std::vector<std::string> notes; // encoding and CRS decisions, layers skipped
};

// Reads every feature of the file (or of `sourceLayer`) into memory, transformed to EPSG:4326.
// Throws ImportError for a file that cannot be read as a whole (cannot open, no CRS and no --crs,
// unknown layer, undecodable text with a forced encoding); per-feature geometry problems go into
// SourceFeature::error.
SourceData readSource(const SourceOptions &options);

} // namespace data
