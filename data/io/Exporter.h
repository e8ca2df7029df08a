#pragma once

#include "data/store/OutputPath.h"
#include "data/store/Store.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace data {

// A refused or failed export: one line naming the file and the reason. Nothing is left at the
// destination (files are written to a temporary folder beside it and moved in at the end).
class ExportError : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

struct ExportOptions
{
  std::vector<std::string> layers; // layer ids; empty = every layer of the project
  std::string out;                 // file, or folder for several layers in a one-layer format
  std::string format;              // GPKG | Shapefile | GeoJSON | KML | CSV | DXF; "" = from out's extension
  std::string crs;                 // "" = EPSG:4326
  std::string asOf;                // YYYY-MM-DD; status and done length as of that day ("" = today)
  // Every file the export writes (sidecars too) is checked with checkOutputs: never the project
  // being read (its path here; "" when unknown), an existing file only as `replace` allows.
  std::string project;
  Replace replace = Replace::No;
  // Progress for a GUI: features written, features in all. Called on the exporting thread at the
  // start, every 256 features, after each layer and once all are written.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Set from any thread to stop: run() throws ExportCancelled (seen every 256 features) and nothing
  // is left at the destination, not even a folder it created.
  const std::atomic<bool> *cancel = nullptr;
};

// The user cancelled; nothing was written.
class ExportCancelled : public ExportError
{
public:
  using ExportError::ExportError;
};

struct ExportResult
{
  std::string format;             // GDAL driver name
  std::vector<std::string> files; // main files written
  std::size_t features = 0;
  std::vector<std::string> notes; // renamed fields, dropped attributes
};

// Writes layers with their attributes and derived progress (status, done_m, length_m/area_m2,
// last_event) to any of the formats GIS and spreadsheet users open. KML features are styled by
// status; Shapefiles get a UTF-8 .cpg and field names cut to 10 characters (listed in the notes).
class Exporter
{
public:
  explicit Exporter(const Store &store)
      : mStore(store)
  {
  }
  ExportResult run(const ExportOptions &options) const; // throws ExportError

private:
  const Store &mStore;
};

// The format (GDAL driver name) for a user's spelling or, when empty, for the file's extension;
// throws ExportError listing the formats.
std::string exportDriverFor(const std::string &format, const std::string &out);

} // namespace data
