#include "data/spatialite/SpatiaLiteStoreScan.h"

#include "data/spatialite/SpatiaLiteStore.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

namespace data {

namespace {

class BlobReader
{
public:
  BlobReader(const unsigned char *data, std::size_t size, bool little)
      : mData(data)
      , mSize(size)
      , mSwap(little != (std::endian::native == std::endian::little))
  {
  }
  bool ok() const { return mOk; }
  std::size_t pos() const { return mPos; }
  void seek(std::size_t p) { mPos = p; }
  unsigned char byte()
  {
    if (mPos + 1 > mSize) return fail(), 0;
    return mData[mPos++];
  }
  std::int32_t int32()
  {
    std::uint32_t v = 0;
    if (!take(&v, 4)) return 0;
    if (mSwap) v = __builtin_bswap32(v);
    return static_cast<std::int32_t>(v);
  }
  double real()
  {
    std::uint64_t v = 0;
    if (!take(&v, 8)) return 0;
    if (mSwap) v = __builtin_bswap64(v);
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  // A run of n points with `stride` doubles each (x, y first).
  bool path(std::vector<gis::Point> &out, int stride)
  {
    const std::int32_t n = int32();
    if (n < 0 || mPos + static_cast<std::size_t>(n) * 8 * static_cast<std::size_t>(stride) > mSize)
      return fail();
    out.resize(static_cast<std::size_t>(n));
    for (auto &p : out) {
      p.x = real();
      p.y = real();
      for (int k = 2; k < stride; ++k)
        real();
    }
    return mOk;
  }
  // The same run appended to flat arrays, then the path's end.
  bool appendPath(std::vector<double> &xs, std::vector<double> &ys, std::vector<std::uint32_t> &ends,
                  int stride)
  {
    const std::int32_t n = int32();
    if (n < 0 || mPos + static_cast<std::size_t>(n) * 8 * static_cast<std::size_t>(stride) > mSize)
      return fail();
    for (std::int32_t i = 0; i < n; ++i) {
      xs.push_back(real());
      ys.push_back(real());
      for (int k = 2; k < stride; ++k)
        real();
    }
    ends.push_back(static_cast<std::uint32_t>(xs.size()));
    return mOk;
  }
  bool fail() { return mOk = false; }

private:
  bool take(void *dst, std::size_t n)
  {
    if (mPos + n > mSize) return fail();
    std::memcpy(dst, mData + mPos, n);
    mPos += n;
    return true;
  }
  const unsigned char *mData;
  std::size_t mSize;
  std::size_t mPos = 0;
  bool mSwap;
  bool mOk = true;
};

// Class codes: 1..7 XY, +1000 XYZ, +2000 XYM, +3000 XYZM (compressed classes are not handled).
bool splitClass(std::int32_t cls, int &base, int &stride)
{
  const int family = cls / 1000;
  base = cls % 1000;
  if (family < 0 || family > 3 || base < 1 || base > 7) return false;
  stride = family == 0 ? 2 : family == 3 ? 4 : 3;
  return true;
}

bool readPolygon(BlobReader &r, int stride, gis::Polygon &poly)
{
  const std::int32_t rings = r.int32();
  if (rings < 0 || rings > 1 << 24) return r.fail();
  poly.rings.resize(static_cast<std::size_t>(rings));
  for (auto &ring : poly.rings)
    if (!r.path(ring, stride)) return false;
  return r.ok();
}

} // namespace

bool parseSpatiaLiteBlob(const unsigned char *data, std::size_t size, gis::Geometry &out)
{
  if (size < 45 || data[0] != 0x00 || data[38] != 0x7C || data[size - 1] != 0xFE) return false;
  BlobReader r(data, size - 1, data[1] == 0x01);
  r.seek(39);
  int base = 0, stride = 2;
  if (!splitClass(r.int32(), base, stride)) return false;
  switch (base) {
  case 1: {
    const double x = r.real(), y = r.real();
    out = gis::Geometry::point({x, y});
    break;
  }
  case 2: {
    gis::LineString line;
    if (!r.path(line, stride)) return false;
    out = gis::Geometry::lineString(std::move(line));
    break;
  }
  case 3: {
    gis::Polygon poly;
    if (!readPolygon(r, stride, poly)) return false;
    out = gis::Geometry::polygon(std::move(poly));
    break;
  }
  case 4:
  case 5:
  case 6: {
    const std::int32_t n = r.int32();
    if (n < 0 || n > 1 << 24) return false;
    std::vector<gis::Point> points;
    std::vector<gis::LineString> lines;
    std::vector<gis::Polygon> polys;
    for (std::int32_t i = 0; i < n; ++i) {
      int memberBase = 0, memberStride = 2;
      if (r.byte() != 0x69 || !splitClass(r.int32(), memberBase, memberStride) || memberBase != base - 3)
        return false;
      if (base == 4) {
        const double x = r.real(), y = r.real();
        for (int k = 2; k < memberStride; ++k)
          r.real();
        points.push_back({x, y});
      } else if (base == 5) {
        lines.emplace_back();
        if (!r.path(lines.back(), memberStride)) return false;
      } else {
        polys.emplace_back();
        if (!readPolygon(r, memberStride, polys.back())) return false;
      }
    }
    if (base == 4) out = gis::Geometry::multiPoint(std::move(points));
    if (base == 5) out = gis::Geometry::multiLineString(std::move(lines));
    // A one-part multipolygon is read as the polygon it is (as the store's own reader does).
    if (base == 6)
      out = polys.size() == 1 ? gis::Geometry::polygon(std::move(polys.front()))
                              : gis::Geometry::multiPolygon(std::move(polys));
    break;
  }
  default:
    return false; // collections: not stored by PlanMap
  }
  return r.ok() && r.pos() == size - 1;
}

bool appendSpatiaLitePaths(const unsigned char *data, std::size_t size, std::vector<double> &xs,
                           std::vector<double> &ys, std::vector<std::uint32_t> &pathEnds)
{
  if (size < 45 || data[0] != 0x00 || data[38] != 0x7C || data[size - 1] != 0xFE) return false;
  BlobReader r(data, size - 1, data[1] == 0x01);
  r.seek(39);
  int base = 0, stride = 2;
  if (!splitClass(r.int32(), base, stride)) return false;
  auto point = [&](int pointStride) {
    xs.push_back(r.real());
    ys.push_back(r.real());
    for (int k = 2; k < pointStride; ++k)
      r.real();
    pathEnds.push_back(static_cast<std::uint32_t>(xs.size()));
  };
  auto polygon = [&](int polyStride) {
    const std::int32_t rings = r.int32();
    if (rings < 0 || rings > 1 << 24) return r.fail();
    for (std::int32_t i = 0; i < rings; ++i)
      if (!r.appendPath(xs, ys, pathEnds, polyStride)) return false;
    return r.ok();
  };
  switch (base) {
  case 1:
    point(stride);
    break;
  case 2:
    if (!r.appendPath(xs, ys, pathEnds, stride)) return false;
    break;
  case 3:
    if (!polygon(stride)) return false;
    break;
  case 4:
  case 5:
  case 6: {
    const std::int32_t n = r.int32();
    if (n < 0 || n > 1 << 24) return false;
    for (std::int32_t i = 0; i < n; ++i) {
      int memberBase = 0, memberStride = 2;
      if (r.byte() != 0x69 || !splitClass(r.int32(), memberBase, memberStride) || memberBase != base - 3)
        return false;
      if (base == 4)
        point(memberStride);
      else if (base == 5 ? !r.appendPath(xs, ys, pathEnds, memberStride) : !polygon(memberStride))
        return false;
    }
    break;
  }
  default:
    return false;
  }
  return r.ok() && r.pos() == size - 1;
}

LayerScanner::LayerScanner(const Store &store)
{
  const auto *spatialite = dynamic_cast<const SpatiaLiteStore *>(&store);
  if (!spatialite) return;
  mDb = spatialite->database().openReader();
}

LayerScanner::~LayerScanner()
{
  sqlite3_finalize(mStmt[0]);
  sqlite3_finalize(mStmt[1]);
  sqlite3_close(mDb);
}

bool LayerScanner::scan(const std::string &layerId, const std::string &attribute,
                        const std::function<bool(const Row &)> &fn)
{
  if (!mDb) return false;
  // Without an attribute no row's JSON is parsed at all.
  sqlite3_stmt *&st = mStmt[attribute.empty() ? 0 : 1];
  if (!st) {
    const std::string sql = "SELECT id, code, name, length_m, area_m2, " +
                            std::string(attribute.empty() ? "NULL" : "json_extract(attrs, ?2)") +
                            ", COALESCE(geom_point, geom_line, geom_poly) FROM feature WHERE layer_id = ?1 "
                            "ORDER BY id";
    if (sqlite3_prepare_v2(mDb, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      sqlite3_finalize(st);
      st = nullptr;
      return false;
    }
  }
  sqlite3_bind_text(st, 1, layerId.c_str(), static_cast<int>(layerId.size()), SQLITE_TRANSIENT);
  const std::string path = "$.\"" + attribute + "\"";
  if (!attribute.empty())
    sqlite3_bind_text(st, 2, path.c_str(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
  auto text = [st](int col) {
    const auto *t = reinterpret_cast<const char *>(sqlite3_column_text(st, col));
    return t ? std::string_view(t, static_cast<std::size_t>(sqlite3_column_bytes(st, col)))
             : std::string_view();
  };
  int rc = SQLITE_DONE;
  Row row;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    row.id = sqlite3_column_int64(st, 0);
    row.code = text(1);
    row.name = text(2);
    row.lengthM = sqlite3_column_double(st, 3);
    row.areaM2 = sqlite3_column_double(st, 4);
    row.attribute = text(5);
    row.blob = static_cast<const unsigned char *>(sqlite3_column_blob(st, 6));
    row.blobSize = static_cast<std::size_t>(sqlite3_column_bytes(st, 6));
    if (!fn(row)) {
      sqlite3_reset(st);
      return false;
    }
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE;
}

bool scanLayer(const Store &store, const std::string &layerId, const std::string &attribute,
               const std::function<void(ScannedFeature &)> &fn)
{
  LayerScanner scanner(store);
  if (!scanner.ok()) return false;
  // Rows are parsed in full before any is handed over, so a BLOB this reader does not know
  // leaves the caller with nothing to undo.
  std::vector<ScannedFeature> rows;
  const bool ok = scanner.scan(layerId, attribute, [&rows](const LayerScanner::Row &r) {
    ScannedFeature &f = rows.emplace_back();
    f.id = r.id;
    f.code = r.code;
    f.name = r.name;
    f.lengthM = r.lengthM;
    f.areaM2 = r.areaM2;
    f.attribute = r.attribute;
    return !r.blob || parseSpatiaLiteBlob(r.blob, r.blobSize, f.geometry);
  });
  if (!ok) return false;
  for (ScannedFeature &f : rows)
    fn(f);
  return true;
}

bool scanEvents(const Store &store, std::vector<Event> &out)
{
  const auto *spatialite = dynamic_cast<const SpatiaLiteStore *>(&store);
  if (!spatialite) return false;
  sqlite3 *db = spatialite->database().openReader();
  if (!db) return false;
  out.clear();
  // In the order of the (feature_id, date, id) index, so no sort: sorting 100,000 events by date
  // in memory was a third of the read, and the map groups them by feature anyway.
  sqlite3_stmt *st = nullptr;
  bool ok = sqlite3_prepare_v2(db, "SELECT count(*) FROM progress_event", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW;
  if (ok) out.reserve(static_cast<std::size_t>(sqlite3_column_int64(st, 0)));
  sqlite3_finalize(st);
  st = nullptr;
  ok = ok && sqlite3_prepare_v2(db,
                                "SELECT id, uuid, feature_id, kind, status, from_m, to_m, date, retracts "
                                "FROM progress_event ORDER BY feature_id, date, id",
                                -1, &st, nullptr) == SQLITE_OK;
  if (ok) {
    auto text = [st](int col) {
      const unsigned char *t = sqlite3_column_text(st, col);
      return t ? std::string_view(reinterpret_cast<const char *>(t),
                                  static_cast<std::size_t>(sqlite3_column_bytes(st, col)))
               : std::string_view();
    };
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      Event &e = out.emplace_back();
      e.id = sqlite3_column_int64(st, 0);
      e.uuid = text(1);
      e.featureId = sqlite3_column_int64(st, 2);
      e.kind = eventKindFromName(std::string(text(3))).value_or(EventKind::Status);
      e.status = statusFromName(std::string(text(4))).value_or(Status::Planned);
      if (sqlite3_column_type(st, 5) != SQLITE_NULL) e.fromM = sqlite3_column_double(st, 5);
      if (sqlite3_column_type(st, 6) != SQLITE_NULL) e.toM = sqlite3_column_double(st, 6);
      e.date = text(7);
      e.retracts = text(8);
    }
    ok = rc == SQLITE_DONE;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (!ok) out.clear();
  return ok;
}

} // namespace data
