#pragma once

#include "data/store/Model.h"
#include "gis/Geometry.h"

#include <memory>
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
  // The encoding detectEncoding() found for a file whose text is not all UTF-8 ("" = not yet known).
  std::string detectedEncoding;
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

// The same reading one feature at a time, so an import holds one feature of the file and not all
// of them. The text encoding is one decision for the whole file: with --encoding or an encoding
// the file declares, every text is decoded as it is read; otherwise text is taken as UTF-8 until
// one is not, and then next() stops and needsDecoding() says to read again with
// `detectedEncoding = detectEncoding(options)`.
class SourceReader
{
public:
  // Opens the file and plans its layers; throws ImportError as readSource does.
  explicit SourceReader(const SourceOptions &options);
  ~SourceReader();
  SourceReader(const SourceReader &) = delete;
  SourceReader &operator=(const SourceReader &) = delete;

  const std::string &driver() const;
  // The union of the fields of the layers to read (known before the first feature).
  const std::vector<SourceField> &fields() const;
  // How many layers of the file are to be read (some may turn out empty).
  std::size_t layersToRead() const;
  // Features in the layers to read when the driver knows without reading them, else 0.
  std::size_t expectedCount() const;
  // The next feature into `sf`, reusing its storage (SourceFeature::multiLayer is left false: it
  // is known only at the end, from SourceData::layers). False after the last one, or when
  // needsDecoding(). Throws ImportError for what stops the whole file (no CRS and no --crs).
  bool next(SourceFeature &sf);
  bool needsDecoding() const;
  // After the last feature: everything of SourceData but the features. Throws the ImportError of
  // the first text the forced encoding cannot decode.
  void finish(SourceData &summary);

private:
  friend std::string detectEncoding(const SourceOptions &options);
  struct Impl;
  std::unique_ptr<Impl> d;
};

// The encoding of a file whose text is not all UTF-8 and that declares none: GB18030 when every
// text (field names too) decodes as GB18030, else ISO-8859-1. Reads every feature's text.
std::string detectEncoding(const SourceOptions &options);

} // namespace data
