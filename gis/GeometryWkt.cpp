// Well-known text for Geometry: a writer with locale-independent number formatting and a small
// recursive-descent reader (2D; Z and M ordinates are read and dropped).
#include "gis/Geometry.h"

#include "gis/Error.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

namespace gis {

namespace {

using Path = std::vector<Point>;

void appendNumber(std::string &out, double v, int precision)
{
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision);
  out.append(buf, res.ptr);
}

void appendPath(std::string &out, const Path &path, int precision)
{
  if (path.empty()) {
    out += "EMPTY";
    return;
  }
  out += '(';
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i) out += ", ";
    appendNumber(out, path[i].x, precision);
    out += ' ';
    appendNumber(out, path[i].y, precision);
  }
  out += ')';
}

void appendRings(std::string &out, const Geometry::Part &rings, int precision)
{
  if (rings.empty()) {
    out += "EMPTY";
    return;
  }
  out += '(';
  for (std::size_t i = 0; i < rings.size(); ++i) {
    if (i) out += ", ";
    appendPath(out, rings[i], precision);
  }
  out += ')';
}

const char *wktKeyword(Geometry::Type t)
{
  switch (t) {
  case Geometry::Type::Point:
    return "POINT";
  case Geometry::Type::LineString:
    return "LINESTRING";
  case Geometry::Type::Polygon:
    return "POLYGON";
  case Geometry::Type::MultiPoint:
    return "MULTIPOINT";
  case Geometry::Type::MultiLineString:
    return "MULTILINESTRING";
  case Geometry::Type::MultiPolygon:
    return "MULTIPOLYGON";
  case Geometry::Type::Empty:
    break;
  }
  return "GEOMETRYCOLLECTION";
}

class WktReader
{
public:
  explicit WktReader(std::string_view text)
      : mText(text)
  {
  }

  Geometry read()
  {
    skipSrid();
    const std::string keyword = word();
    if (keyword.empty()) fail("expected a geometry type");
    Geometry::Type type = typeFor(keyword);
    skipDimensionTag();
    if (tryWord("EMPTY")) {
      finish();
      return Geometry::empty(type);
    }
    if (type == Geometry::Type::Empty) fail("GEOMETRYCOLLECTION with members is not supported");
    Geometry g;
    switch (type) {
    case Geometry::Type::Point: {
      expect('(');
      Point p = coordinate();
      expect(')');
      g = Geometry::point(p);
      break;
    }
    case Geometry::Type::LineString:
      g = Geometry::lineString(lineBody());
      break;
    case Geometry::Type::Polygon:
      g = Geometry::polygon(Polygon{polygonBody()});
      break;
    case Geometry::Type::MultiPoint:
      g = Geometry::multiPoint(multiPointBody());
      break;
    case Geometry::Type::MultiLineString: {
      std::vector<LineString> lines;
      list([&] { lines.push_back(lineBody()); });
      g = Geometry::multiLineString(std::move(lines));
      break;
    }
    case Geometry::Type::MultiPolygon: {
      std::vector<Polygon> polys;
      list([&] { polys.push_back(Polygon{polygonBody()}); });
      g = Geometry::multiPolygon(std::move(polys));
      break;
    }
    case Geometry::Type::Empty:
      break;
    }
    finish();
    return g;
  }

private:
  [[noreturn]] void fail(const std::string &what) const
  {
    constexpr std::size_t kShown = 60;
    std::string shown(mText.substr(0, kShown));
    if (mText.size() > kShown) shown += "...";
    std::string found = mPos < mText.size() ? "'" + std::string(1, mText[mPos]) + "'" : "end of text";
    throw Error(Error::Kind::Input, "invalid WKT: " + what + " at character " + std::to_string(mPos + 1) +
                                        " (found " + found + ") in \"" + shown + "\"");
  }

  void skipSpace()
  {
    while (mPos < mText.size() && std::isspace(static_cast<unsigned char>(mText[mPos])))
      ++mPos;
  }

  bool peek(char c)
  {
    skipSpace();
    return mPos < mText.size() && mText[mPos] == c;
  }

  bool consume(char c)
  {
    if (!peek(c)) return false;
    ++mPos;
    return true;
  }

  void expect(char c)
  {
    if (!consume(c)) fail(std::string("expected '") + c + "'");
  }

  std::string word()
  {
    skipSpace();
    std::string w;
    while (mPos < mText.size() && std::isalpha(static_cast<unsigned char>(mText[mPos])))
      w += static_cast<char>(std::toupper(static_cast<unsigned char>(mText[mPos++])));
    return w;
  }

  bool tryWord(std::string_view wanted)
  {
    const std::size_t saved = mPos;
    if (word() == wanted) return true;
    mPos = saved;
    return false;
  }

  // EWKT "SRID=4326;" prefix: the SRID is not part of a Geometry value.
  void skipSrid()
  {
    skipSpace();
    if (mText.size() - mPos < 5) return;
    std::string head(mText.substr(mPos, 5));
    for (char &c : head)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (head != "SRID=") return;
    const std::size_t semi = mText.find(';', mPos);
    if (semi == std::string_view::npos) fail("expected ';' after SRID");
    mPos = semi + 1;
  }

  void skipDimensionTag()
  {
    const std::size_t saved = mPos;
    const std::string tag = word();
    if (tag != "Z" && tag != "M" && tag != "ZM") mPos = saved;
  }

  Geometry::Type typeFor(const std::string &keyword)
  {
    if (keyword == "POINT") return Geometry::Type::Point;
    if (keyword == "LINESTRING") return Geometry::Type::LineString;
    if (keyword == "POLYGON") return Geometry::Type::Polygon;
    if (keyword == "MULTIPOINT") return Geometry::Type::MultiPoint;
    if (keyword == "MULTILINESTRING") return Geometry::Type::MultiLineString;
    if (keyword == "MULTIPOLYGON") return Geometry::Type::MultiPolygon;
    if (keyword == "GEOMETRYCOLLECTION") return Geometry::Type::Empty;
    mPos -= keyword.size();
    fail("unknown geometry type '" + keyword + "'");
  }

  double number()
  {
    skipSpace();
    if (mPos < mText.size() && mText[mPos] == '+') ++mPos;
    double v = 0;
    const char *begin = mText.data() + mPos;
    const auto res = std::from_chars(begin, mText.data() + mText.size(), v);
    if (res.ec != std::errc() || !std::isfinite(v)) fail("expected a number");
    mPos += static_cast<std::size_t>(res.ptr - begin);
    return v;
  }

  Point coordinate()
  {
    Point p;
    p.x = number();
    p.y = number();
    // Z and M ordinates are dropped: PlanMap geometry is 2D.
    for (int extra = 0; extra < 2; ++extra) {
      skipSpace();
      if (mPos >= mText.size() || mText[mPos] == ',' || mText[mPos] == ')') break;
      number();
    }
    return p;
  }

  template <typename F> void list(F item)
  {
    expect('(');
    do {
      if (tryWord("EMPTY")) continue; // an empty member of a multi-geometry carries nothing
      item();
    } while (consume(','));
    expect(')');
  }

  Path pathBody()
  {
    Path path;
    expect('(');
    path.push_back(coordinate());
    while (consume(','))
      path.push_back(coordinate());
    expect(')');
    return path;
  }

  LineString lineBody()
  {
    const std::size_t start = mPos;
    LineString line = pathBody();
    if (line.size() < 2) {
      mPos = start;
      fail("a LineString needs at least 2 points");
    }
    return line;
  }

  std::vector<Ring> polygonBody()
  {
    std::vector<Ring> rings;
    expect('(');
    do {
      const std::size_t start = mPos;
      Ring ring = pathBody();
      if (ring.size() < 4 || ring.front() != ring.back()) {
        mPos = start;
        fail("a polygon ring needs at least 4 points and must be closed (first point == last point)");
      }
      rings.push_back(std::move(ring));
    } while (consume(','));
    expect(')');
    return rings;
  }

  // Both "MULTIPOINT ((1 2), (3 4))" and the older "MULTIPOINT (1 2, 3 4)".
  std::vector<Point> multiPointBody()
  {
    std::vector<Point> pts;
    list([&] {
      if (consume('(')) {
        pts.push_back(coordinate());
        expect(')');
      } else {
        pts.push_back(coordinate());
      }
    });
    return pts;
  }

  void finish()
  {
    skipSpace();
    if (mPos != mText.size()) fail("unexpected text after the geometry");
  }

  std::string_view mText;
  std::size_t mPos = 0;
};

} // namespace

std::string Geometry::toWkt(int precision) const
{
  std::string out = wktKeyword(mType);
  if (isEmpty()) return out + " EMPTY";
  out += ' ';
  switch (mType) {
  case Type::Point:
  case Type::LineString:
    appendPath(out, mParts[0].empty() ? Path{} : mParts[0][0], precision);
    break;
  case Type::Polygon:
    appendRings(out, mParts[0], precision);
    break;
  case Type::MultiPoint:
  case Type::MultiLineString:
  case Type::MultiPolygon:
    out += '(';
    for (std::size_t i = 0; i < mParts.size(); ++i) {
      if (i) out += ", ";
      if (mType == Type::MultiPolygon)
        appendRings(out, mParts[i], precision);
      else
        appendPath(out, mParts[i].empty() ? Path{} : mParts[i][0], precision);
    }
    out += ')';
    break;
  case Type::Empty:
    break;
  }
  return out;
}

Geometry Geometry::fromWkt(const std::string &wkt)
{
  return WktReader(wkt).read();
}

} // namespace gis
