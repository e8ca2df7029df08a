// SpatiaLiteStore: the import's bulk path (BulkFeatureWriter) and SpatiaLite's geometry BLOBs,
// written directly on it.
#include "data/spatialite/SpatiaLiteStore.h"

#include <bit>
#include <cstring>

namespace data {

namespace {

template <typename T> void put(std::string &b, T v)
{
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  b.append(bytes, sizeof(T));
}

void putPath(std::string &b, const std::vector<gis::Point> &path)
{
  put<std::int32_t>(b, static_cast<std::int32_t>(path.size()));
  for (const gis::Point &p : path) {
    put(b, p.x);
    put(b, p.y);
  }
}

} // namespace

// SpatiaLite's own geometry BLOB (what GeomFromWKB(?, 4326) stores) for the three stored kinds:
// START 0x00, byte order, SRID, MBR, 0x7C, class, body, END 0xFE; collection members are each led
// by 0x69 and their class. Written directly, it spares SpatiaLite parsing WKB on every row.
void appendSpatialiteBlob(std::string &b, const gis::Geometry &g, int srid)
{
  using T = gis::Geometry::Type;
  if (g.type() != T::Point && g.type() != T::LineString && g.type() != T::Polygon &&
      g.type() != T::MultiPolygon)
    throw StoreError(StoreError::Kind::Invalid, std::string("cannot store a ") + g.typeName() + " directly");
  b.reserve(b.size() + 64 + g.vertexCount() * sizeof(gis::Point));
  b.push_back('\x00');
  b.push_back(std::endian::native == std::endian::little ? '\x01' : '\x00');
  put<std::int32_t>(b, srid);
  const gis::Envelope env = g.envelope();
  put(b, env.minX);
  put(b, env.minY);
  put(b, env.maxX);
  put(b, env.maxY);
  b.push_back('\x7c');
  switch (g.type()) {
  case T::Point: {
    put<std::int32_t>(b, 1);
    const gis::Point p = g.asPoint();
    put(b, p.x);
    put(b, p.y);
    break;
  }
  case T::LineString:
    put<std::int32_t>(b, 2);
    putPath(b, g.parts().at(0).at(0));
    break;
  default: // Polygon (a polygon layer stores a MultiPolygon of one) or MultiPolygon
    put<std::int32_t>(b, 6);
    put<std::int32_t>(b, static_cast<std::int32_t>(g.parts().size()));
    for (const auto &polygon : g.parts()) {
      b.push_back('\x69');
      put<std::int32_t>(b, 3);
      put<std::int32_t>(b, static_cast<std::int32_t>(polygon.size()));
      for (const auto &ring : polygon)
        putPath(b, ring);
    }
    break;
  }
  b.push_back('\xfe');
}

std::string spatialiteBlob(const gis::Geometry &g, int srid)
{
  std::string b;
  appendSpatialiteBlob(b, g, srid);
  return b;
}

std::unordered_set<std::string> SpatiaLiteStore::featureCodes() const
{
  std::lock_guard lock(mMutex);
  std::unordered_set<std::string> codes;
  Statement st = mDb->prepare("SELECT code FROM feature WHERE code IS NOT NULL");
  while (st.step())
    codes.insert(st.text(0));
  return codes;
}

void SpatiaLiteStore::encodeGeometry(std::string &out, const gis::Geometry &g) const
{
  appendSpatialiteBlob(out, g, 4326);
}

namespace {

// Sets the WAL and its synchronous level again when the bulk write is over.
struct RestoreWal
{
  explicit RestoreWal(Database *d)
      : db(d)
  {
  }
  RestoreWal(const RestoreWal &) = delete;
  RestoreWal &operator=(const RestoreWal &) = delete;
  Database *db;
  ~RestoreWal()
  {
    try {
      db->exec("PRAGMA synchronous = NORMAL");
      db->exec("PRAGMA journal_mode = WAL");
    } catch (const std::exception &) {
      // The project stays in rollback-journal mode until it is opened again (the store sets WAL).
    }
  }
};

} // namespace

// The bulk write goes through a rollback journal instead of the WAL when this connection is the
// only one open and no transaction is running: in WAL mode every page of the new rows is written
// twice (into the WAL, then checkpointed into the file, reading the WAL back), while a rollback
// journal only keeps the few existing pages the transaction changes (pages past the old end of the
// file need no copy). The transaction stays all or nothing: a crash leaves a hot journal that
// SQLite rolls back when the project is next opened. SQLite refuses to leave WAL mode while
// another connection has the file open or inside a transaction; then the import writes through
// the WAL as before. synchronous = FULL while the rollback journal is used (NORMAL is only
// power-safe in WAL mode); WAL mode and NORMAL are set again afterwards.
std::shared_ptr<void> SpatiaLiteStore::prepareBulkWrite()
{
  std::lock_guard lock(mMutex);
  try {
    if (mDb->queryText("PRAGMA journal_mode = TRUNCATE") != "truncate") return nullptr;
    mDb->exec("PRAGMA synchronous = FULL");
  } catch (const std::exception &) {
    return nullptr;
  }
  return std::make_shared<RestoreWal>(mDb.get());
}

} // namespace data
