#pragma once

#include "data/Model.h"
#include "gis/Geometry.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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

// Every progress event of a SpatiaLite project in (date, id) order, as Store::allEvents gives them
// but without the columns deriving progress does not read (user, note, recorded_at) and sorted
// here rather than by SQLite. Returns false when `store` is not a SpatiaLite store. Safe to run on
// another thread than the store's users: it reads through a read-only connection of its own.
bool scanEvents(const Store &store, std::vector<Event> &out);

// Parses SpatiaLite's own geometry BLOB (START 0x00, byte order, SRID, MBR, 0x7C, class, body,
// END 0xFE; XY, XYZ, XYM and XYZM; not the compressed classes). Returns false for anything else.
bool parseSpatiaLiteBlob(const unsigned char *data, std::size_t size, gis::Geometry &out);

} // namespace data
