#pragma once

#include "data/io/ImportReport.h"
#include "data/io/ImportSource.h"
#include "data/store/Store.h"

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace data {

struct ImportOptions
{
  std::string file;
  std::string layer; // the target layer's id; with newLayer, the id of the layer to create
  bool newLayer = false;
  std::string newLayerName; // display name of a new layer ("" = its id)
  std::string sourceLayer;  // one layer of a multi-layer file (GPX, KML folders, GeoPackage)
  std::string crs;          // "EPSG:N" or a name (CGCS2000, Beijing1954, Xian1980); overrides the file's
  ChinaOffset offset = ChinaOffset::None;
  std::string encoding;                                      // forced text encoding
  std::vector<std::pair<std::string, std::string>> fieldMap; // --map SRC=DST
  bool dryRun = false;
  std::string user;
  double outsideToleranceM = 1000; // features farther than this outside layer "boundary" are listed
  // Progress for a GUI: stage ("reading", "validating", "writing"), features done, features in all
  // (0 while unknown). Called on the importing thread.
  std::function<void(const std::string &stage, std::size_t done, std::size_t total)> progress;
  // Set from any thread to stop: run() throws ImportCancelled and the project is as it was, even
  // when the flag is seen after the features were inserted (the transaction rolls back).
  const std::atomic<bool> *cancel = nullptr;
};

// The user cancelled; nothing was written.
class ImportCancelled : public ImportError
{
public:
  using ImportError::ImportError;
};

// Brings a vector file into a layer: reads it through GDAL (from a private copy), transforms to
// EPSG:4326, maps fields to the layer's schema, validates, and writes everything in one store
// transaction, or nothing.
class Importer
{
public:
  explicit Importer(Store &store)
      : mStore(store)
  {
  }
  // Throws ImportError for a refused file (unreadable, no CRS, unknown layer or field, mixed
  // geometry types) and StoreError(Permission/UnknownUser) for a user who may not import. Per-feature
  // problems are in the report; when report.blocked() nothing was written.
  ImportReport run(const ImportOptions &options);

private:
  Store &mStore;
};

} // namespace data
