#include "data/spatialite/SpatiaLiteStoreScan.h"

#include "data/spatialite/SpatiaLiteStore.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
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
  sqlite3_close(mDb);
}

std::pair<std::int64_t, std::int64_t> LayerScanner::idRange()
{
  sqlite3_stmt *st = nullptr;
  std::pair<std::int64_t, std::int64_t> out{0, 0};
  if (mDb &&
      sqlite3_prepare_v2(mDb, "SELECT (SELECT min(id) FROM feature), (SELECT max(id) FROM feature) + 1", -1,
                         &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    out = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1)};
  sqlite3_finalize(st);
  return out;
}

namespace {

// The scan's query: the attribute of each layer that asks for one picked out of the JSON by a CASE
// on the layer (parameters ?3, ?4 for the first such layer, and so on).
std::string scanSql(const std::vector<LayerScanner::Layer> &layers)
{
  std::string attribute;
  int param = 3;
  for (const LayerScanner::Layer &l : layers)
    if (!l.attribute.empty()) {
      attribute +=
          " WHEN ?" + std::to_string(param) + " THEN json_extract(attrs, ?" + std::to_string(param + 1) + ")";
      param += 2;
    }
  return "SELECT id, layer_id, code, name, length_m, area_m2, " +
         (attribute.empty() ? std::string("NULL") : "CASE layer_id" + attribute + " END") +
         ", COALESCE(geom_point, geom_line, geom_poly) FROM feature WHERE id >= ?1 AND id < ?2 ORDER BY id";
}

} // namespace

bool LayerScanner::scan(const std::vector<Layer> &layers, std::int64_t fromId, std::int64_t toId,
                        const std::function<bool(const Row &)> &fn)
{
  sqlite3_stmt *st = nullptr;
  if (!mDb || sqlite3_prepare_v2(mDb, scanSql(layers).c_str(), -1, &st, nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    return false;
  }
  sqlite3_bind_int64(st, 1, fromId);
  sqlite3_bind_int64(st, 2, toId);
  int param = 3;
  for (const Layer &l : layers)
    if (!l.attribute.empty()) {
      const std::string path = "$.\"" + l.attribute + "\"";
      sqlite3_bind_text(st, param++, l.id.c_str(), static_cast<int>(l.id.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(st, param++, path.c_str(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
    }
  auto text = [st](int col) {
    const auto *t = reinterpret_cast<const char *>(sqlite3_column_text(st, col));
    return t ? std::string_view(t, static_cast<std::size_t>(sqlite3_column_bytes(st, col)))
             : std::string_view();
  };
  int rc = SQLITE_DONE;
  Row row;
  row.layer = layers.size();
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    // Rows of one layer mostly follow each other: look the layer up only when it changes.
    const std::string_view layer = text(1);
    if (row.layer == layers.size() || layers[row.layer].id != layer) {
      row.layer = 0;
      while (row.layer < layers.size() && layers[row.layer].id != layer)
        ++row.layer;
      if (row.layer == layers.size()) continue;
    }
    row.id = sqlite3_column_int64(st, 0);
    row.code = text(2);
    row.name = text(3);
    row.lengthM = sqlite3_column_double(st, 4);
    row.areaM2 = sqlite3_column_double(st, 5);
    row.attribute = text(6);
    row.blob = static_cast<const unsigned char *>(sqlite3_column_blob(st, 7));
    row.blobSize = static_cast<std::size_t>(sqlite3_column_bytes(st, 7));
    if (!fn(row)) break;
  }
  sqlite3_finalize(st);
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
  const auto [fromId, toId] = scanner.idRange();
  const bool ok = scanner.scan({{layerId, attribute}}, fromId, toId, [&rows](const LayerScanner::Row &r) {
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

void EventTable::add(std::int64_t id, std::int64_t featureId, EventKind kind, Status status,
                     std::optional<double> fromM, std::optional<double> toM, std::string_view date,
                     std::string_view uuid, std::string_view retracts)
{
  // Longer texts than a byte counts are cut (dates are 10 characters, uuids 36).
  auto size = [](std::string_view t) {
    return static_cast<std::uint8_t>(std::min<std::size_t>(t.size(), 255));
  };
  const double none = std::numeric_limits<double>::quiet_NaN();
  mRows.push_back({id, featureId, fromM.value_or(none), toM.value_or(none),
                   static_cast<std::uint32_t>(mText.size()), size(date), size(uuid), size(retracts), kind,
                   status});
  mText.append(date.substr(0, 255)).append(uuid.substr(0, 255)).append(retracts.substr(0, 255));
}

void EventTable::add(const Event &e)
{
  add(e.id, e.featureId, e.kind, e.status, e.fromM, e.toM, e.date, e.uuid, e.retracts);
}

void EventTable::get(std::size_t i, Event &e) const
{
  const Row &r = mRows[i];
  e.id = r.id;
  e.featureId = r.featureId;
  e.kind = r.kind;
  e.status = r.status;
  e.fromM = std::isnan(r.fromM) ? std::nullopt : std::optional(r.fromM);
  e.toM = std::isnan(r.toM) ? std::nullopt : std::optional(r.toM);
  const char *t = mText.data() + r.text;
  e.date.assign(t, r.dateSize);
  e.uuid.assign(t + r.dateSize, r.uuidSize);
  e.retracts.assign(t + r.dateSize + r.uuidSize, r.retractsSize);
}

bool scanEvents(const Store &store, EventTable &out)
{
  const auto *spatialite = dynamic_cast<const SpatiaLiteStore *>(&store);
  if (!spatialite) return false;
  sqlite3 *db = spatialite->database().openReader();
  if (!db) return false;
  out = EventTable();
  // In table (id) order: reading through the (feature_id, date, id) index looks every row up (3x
  // the steps), and sorting 100,000 events by date here was a third of the read (the map groups
  // them by feature, and deriving progress sorts each feature's few events itself).
  sqlite3_stmt *st = nullptr;
  bool ok = sqlite3_prepare_v2(db, "SELECT count(*) FROM progress_event", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW;
  if (ok) out.reserve(static_cast<std::size_t>(sqlite3_column_int64(st, 0)));
  sqlite3_finalize(st);
  st = nullptr;
  ok = ok && sqlite3_prepare_v2(db,
                                "SELECT id, uuid, feature_id, kind, status, from_m, to_m, date, retracts "
                                "FROM progress_event ORDER BY id",
                                -1, &st, nullptr) == SQLITE_OK;
  if (ok) {
    auto text = [st](int col) {
      const unsigned char *t = sqlite3_column_text(st, col);
      return t ? std::string_view(reinterpret_cast<const char *>(t),
                                  static_cast<std::size_t>(sqlite3_column_bytes(st, col)))
               : std::string_view();
    };
    auto real = [st](int col) {
      return sqlite3_column_type(st, col) == SQLITE_NULL ? std::nullopt
                                                         : std::optional(sqlite3_column_double(st, col));
    };
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      out.add(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2),
              eventKindFromName(std::string(text(3))).value_or(EventKind::Status),
              statusFromName(std::string(text(4))).value_or(Status::Planned), real(5), real(6), text(7),
              text(1), text(8));
    ok = rc == SQLITE_DONE;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (!ok) out = EventTable();
  return ok;
}

} // namespace data
