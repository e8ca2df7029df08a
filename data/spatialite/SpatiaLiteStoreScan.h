#pragma once

#include "data/store/Model.h"
#include "gis/Geometry.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace data {

class Store;

// One feature as the map needs it: no attribute parsing, no WKB conversion.
struct ScannedFeature
{
  std::int64_t id = 0;
  std::string code;
  std::string name;
  double lengthM = 0;
  double areaM2 = 0;
  std::string attribute;  // the text of the one attribute asked for ("" when absent)
  gis::Geometry geometry; // EPSG:4326, empty when the feature has none
};

// Reads every feature of a layer in id order, straight from a SpatiaLite project file through a
// read-only connection of its own: one SQL query, SpatiaLite's geometry BLOBs parsed here, and
// only `attribute` ("" = none) taken out of the attributes JSON. Returns false, having called `fn`
// for nothing, when `store` is not a SpatiaLite store or a geometry is stored in a form this
// reader does not know (compressed); the caller then reads through Store::features.
bool scanLayer(const Store &store, const std::string &layerId, const std::string &attribute,
               const std::function<void(ScannedFeature &)> &fn);

// The features of a SpatiaLite project's layers in one pass over the feature table, in id order,
// through a read-only connection of its own: no index lookup a row (reading layer by layer through
// the layer index cost a B-tree search each), and a range of ids a call, so threads can share the
// table. Rows are handed over as they are read, as views into SQLite's row: nothing is copied
// unless the caller copies it.
class LayerScanner
{
public:
  // One feature row; the views and the BLOB are valid during the callback only.
  struct Row
  {
    std::size_t layer = 0; // index into the layers asked for
    std::int64_t id = 0;
    std::string_view code, name;
    double lengthM = 0, areaM2 = 0;
    std::string_view attribute; // the text of the layer's attribute asked for ("" when absent)
    const unsigned char *blob = nullptr;
    std::size_t blobSize = 0;
  };
  struct Layer
  {
    std::string id;
    std::string attribute; // "" = none: no row's JSON is parsed for this layer
  };

  explicit LayerScanner(const Store &store); // ok() is false unless a SpatiaLite store could be opened
  ~LayerScanner();
  LayerScanner(const LayerScanner &) = delete;
  LayerScanner &operator=(const LayerScanner &) = delete;
  bool ok() const { return mDb != nullptr; }

  // The smallest and one past the largest feature id ({0, 0} when there are none or on an error).
  std::pair<std::int64_t, std::int64_t> idRange();
  // Calls `fn` for every feature of `layers` with an id in [fromId, toId), in id order, until it
  // returns false; features of other layers are skipped. Returns false on an SQL error or when
  // `fn` stopped the scan (rows already given stay given).
  bool scan(const std::vector<Layer> &layers, std::int64_t fromId, std::int64_t toId,
            const std::function<bool(const Row &)> &fn);

private:
  sqlite3 *mDb = nullptr;
};

// Appends the paths of a SpatiaLite geometry BLOB to flat arrays as PlanMap's map layers keep them
// (a point part is a path of one point, a polygon part its rings): the vertices to xs/ys, and after
// each path xs.size() to pathEnds. Returns false for what parseSpatiaLiteBlob refuses, having
// possibly appended part of the geometry (the caller truncates).
bool appendSpatiaLitePaths(const unsigned char *data, std::size_t size, std::vector<double> &xs,
                           std::vector<double> &ys, std::vector<std::uint32_t> &pathEnds);

// Progress events with what deriving progress reads (not user, note, recorded_at), a few dozen
// bytes each: a row's texts (date, uuid, retracts) follow each other in one string. Hundreds of
// thousands of full Events (eight strings each) were most of a big project's read.
class EventTable
{
public:
  std::size_t size() const { return mRows.size(); }
  std::int64_t featureId(std::size_t i) const { return mRows[i].featureId; }
  void reserve(std::size_t n) { mRows.reserve(n); }
  void add(const Event &e);
  // Event i into `e`, reusing the capacity of its strings (the columns left out stay as they are).
  void get(std::size_t i, Event &e) const;

private:
  friend bool scanEvents(const Store &store, EventTable &out);
  struct Row
  {
    std::int64_t id, featureId;
    double fromM, toM;  // NaN when absent
    std::uint32_t text; // start of date, uuid and retracts in mText
    std::uint8_t dateSize, uuidSize, retractsSize;
    EventKind kind;
    Status status;
  };
  void add(std::int64_t id, std::int64_t featureId, EventKind kind, Status status,
           std::optional<double> fromM, std::optional<double> toM, std::string_view date,
           std::string_view uuid, std::string_view retracts);
  std::vector<Row> mRows;
  std::string mText;
};

// Every progress event of a SpatiaLite project in id order. Returns false when `store` is not a
// SpatiaLite store. Safe to run on another thread than the store's users: it reads through a
// read-only connection of its own.
bool scanEvents(const Store &store, EventTable &out);

// Parses SpatiaLite's own geometry BLOB (START 0x00, byte order, SRID, MBR, 0x7C, class, body,
// END 0xFE; XY, XYZ, XYM and XYZM; not the compressed classes). Returns false for anything else.
bool parseSpatiaLiteBlob(const unsigned char *data, std::size_t size, gis::Geometry &out);

} // namespace data
