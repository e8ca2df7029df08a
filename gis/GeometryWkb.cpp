// ISO well-known binary for Geometry. Writes little-endian 2D; reads either byte order, ISO Z/M/ZM
// type codes and PostGIS EWKB flags, dropping Z and M.
#include "gis/Geometry.h"

#include "gis/Error.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace gis {

namespace {

enum WkbType : std::uint32_t {
  WkbPoint = 1,
  WkbLineString = 2,
  WkbPolygon = 3,
  WkbMultiPoint = 4,
  WkbMultiLineString = 5,
  WkbMultiPolygon = 6,
  WkbCollection = 7
};

template <typename T> T byteSwap(T v)
{
  unsigned char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
    std::swap(b[i], b[sizeof(T) - 1 - i]);
  std::memcpy(&v, b, sizeof(T));
  return v;
}

class WkbWriter
{
public:
  void header(std::uint32_t type)
  {
    mOut += '\x01';
    put(type);
  }
  void put(std::uint32_t v) { putRaw(v); }
  void put(double v) { putRaw(v); }
  void path(const std::vector<Point> &pts)
  {
    put(static_cast<std::uint32_t>(pts.size()));
    for (const Point &p : pts) {
      put(p.x);
      put(p.y);
    }
  }
  void rings(const Geometry::Part &rings)
  {
    put(static_cast<std::uint32_t>(rings.size()));
    for (const auto &r : rings)
      path(r);
  }
  std::string take() { return std::move(mOut); }

private:
  template <typename T> void putRaw(T v)
  {
    if constexpr (std::endian::native == std::endian::big) v = byteSwap(v);
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    mOut.append(b, sizeof(T));
  }
  std::string mOut;
};

class WkbReader
{
public:
  WkbReader(const unsigned char *data, std::size_t size)
      : mData(data)
      , mSize(size)
  {
  }

  Geometry read()
  {
    Geometry g = geometry(0);
    if (mPos != mSize) fail("unexpected " + std::to_string(mSize - mPos) + " bytes after the geometry");
    return g;
  }

private:
  struct Header
  {
    std::uint32_t type = 0;
    int dims = 2;
  };

  [[noreturn]] void fail(const std::string &what) const
  {
    throw Error(Error::Kind::Input, "invalid WKB at byte " + std::to_string(mPos) + ": " + what);
  }

  void need(std::size_t n) const
  {
    if (mSize - mPos < n) fail("truncated (needs " + std::to_string(n) + " more bytes)");
  }

  template <typename T> T get()
  {
    need(sizeof(T));
    T v;
    std::memcpy(&v, mData + mPos, sizeof(T));
    mPos += sizeof(T);
    if (mLittle != (std::endian::native == std::endian::little)) v = byteSwap(v);
    return v;
  }

  // A count is checked against the bytes left so corrupt input cannot ask for a huge allocation.
  std::uint32_t count(std::size_t minBytesEach)
  {
    const std::uint32_t n = get<std::uint32_t>();
    if (minBytesEach && n > (mSize - mPos) / minBytesEach)
      fail("count " + std::to_string(n) + " exceeds the data left");
    return n;
  }

  Header header()
  {
    need(1);
    const unsigned char order = mData[mPos++];
    if (order > 1) fail("byte order must be 0 or 1, got " + std::to_string(order));
    mLittle = order == 1;
    std::uint32_t raw = get<std::uint32_t>();
    Header h;
    const bool ewkbZ = raw & 0x80000000u, ewkbM = raw & 0x40000000u, ewkbSrid = raw & 0x20000000u;
    raw &= 0x0FFFFFFFu;
    const std::uint32_t iso = raw / 1000;
    if (iso > 3) fail("unknown geometry type code " + std::to_string(raw));
    h.type = raw % 1000;
    h.dims = 2 + (ewkbZ || iso == 1 || iso == 3) + (ewkbM || iso == 2 || iso == 3);
    if (ewkbSrid) get<std::uint32_t>();
    if (h.type < WkbPoint || h.type > WkbCollection)
      fail("unknown geometry type code " + std::to_string(raw));
    return h;
  }

  Point coordinate(int dims)
  {
    Point p;
    p.x = get<double>();
    p.y = get<double>();
    for (int i = 2; i < dims; ++i)
      get<double>();
    return p;
  }

  std::vector<Point> path(int dims)
  {
    const std::uint32_t n = count(8 * static_cast<std::size_t>(dims));
    std::vector<Point> pts;
    pts.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i)
      pts.push_back(coordinate(dims));
    return pts;
  }

  std::vector<Ring> rings(int dims)
  {
    const std::uint32_t n = count(4);
    std::vector<Ring> out;
    out.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      Ring r = path(dims);
      if (r.size() < 4 || r.front() != r.back())
        fail("polygon ring " + std::to_string(i) + " needs at least 4 points and must be closed");
      out.push_back(std::move(r));
    }
    return out;
  }

  // `parent` is the multi type that contains this member, 0 at the top level.
  Geometry geometry(std::uint32_t parent)
  {
    const Header h = header();
    if (parent && h.type != parent - 3)
      fail("a multi-geometry member has type code " + std::to_string(h.type));
    switch (h.type) {
    case WkbPoint: {
      const Point p = coordinate(h.dims);
      // ISO WKB writes an empty point as NaN coordinates.
      if (std::isnan(p.x) && std::isnan(p.y)) return Geometry::empty(Geometry::Type::Point);
      return Geometry::point(p);
    }
    case WkbLineString: {
      LineString line = path(h.dims);
      if (line.size() == 1) fail("a LineString needs at least 2 points");
      return Geometry::lineString(std::move(line));
    }
    case WkbPolygon:
      return Geometry::polygon(Polygon{rings(h.dims)});
    case WkbMultiPoint:
    case WkbMultiLineString:
    case WkbMultiPolygon:
      return multi(h.type);
    case WkbCollection:
      if (count(0) != 0) fail("GEOMETRYCOLLECTION with members is not supported");
      return Geometry();
    }
    fail("unknown geometry type code " + std::to_string(h.type));
  }

  Geometry multi(std::uint32_t type)
  {
    const std::uint32_t n = count(5);
    Geometry out = Geometry::empty(type == WkbMultiPoint        ? Geometry::Type::MultiPoint
                                   : type == WkbMultiLineString ? Geometry::Type::MultiLineString
                                                                : Geometry::Type::MultiPolygon);
    for (std::uint32_t i = 0; i < n; ++i) {
      Geometry member = geometry(type);
      // Empty members carry nothing, as in the WKT reader.
      if (!member.isEmpty()) out.parts().push_back(std::move(member.parts()[0]));
    }
    return out;
  }

  const unsigned char *mData;
  std::size_t mSize;
  std::size_t mPos = 0;
  bool mLittle = true;
};

std::uint32_t wkbTypeCode(Geometry::Type t)
{
  switch (t) {
  case Geometry::Type::Point:
    return WkbPoint;
  case Geometry::Type::LineString:
    return WkbLineString;
  case Geometry::Type::Polygon:
    return WkbPolygon;
  case Geometry::Type::MultiPoint:
    return WkbMultiPoint;
  case Geometry::Type::MultiLineString:
    return WkbMultiLineString;
  case Geometry::Type::MultiPolygon:
    return WkbMultiPolygon;
  case Geometry::Type::Empty:
    break;
  }
  return WkbCollection;
}

} // namespace

std::string Geometry::toWkb() const
{
  WkbWriter w;
  w.header(wkbTypeCode(mType));
  switch (mType) {
  case Type::Point: {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Point p =
        isEmpty() || mParts[0].empty() || mParts[0][0].empty() ? Point{nan, nan} : mParts[0][0][0];
    w.put(p.x);
    w.put(p.y);
    break;
  }
  case Type::LineString:
    w.path(isEmpty() || mParts[0].empty() ? std::vector<Point>{} : mParts[0][0]);
    break;
  case Type::Polygon:
    w.rings(isEmpty() ? Part{} : mParts[0]);
    break;
  case Type::MultiPoint:
  case Type::MultiLineString:
  case Type::MultiPolygon:
    w.put(static_cast<std::uint32_t>(mParts.size()));
    for (const Part &part : mParts) {
      w.header(wkbTypeCode(mType) - 3);
      if (mType == Type::MultiPoint) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const Point p = part.empty() || part[0].empty() ? Point{nan, nan} : part[0][0];
        w.put(p.x);
        w.put(p.y);
      } else if (mType == Type::MultiLineString) {
        w.path(part.empty() ? std::vector<Point>{} : part[0]);
      } else {
        w.rings(part);
      }
    }
    break;
  case Type::Empty:
    w.put(std::uint32_t{0});
    break;
  }
  return w.take();
}

Geometry Geometry::fromWkb(const unsigned char *data, std::size_t size)
{
  if (!data || size == 0) throw Error(Error::Kind::Input, "invalid WKB: no data");
  return WkbReader(data, size).read();
}

} // namespace gis
