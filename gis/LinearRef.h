#pragma once

#include "gis/Geometry.h"

#include <vector>

namespace gis {

// Linear referencing on a lon/lat polyline, with chainage in geodesic metres from the first vertex.
class LinearRef
{
public:
  explicit LinearRef(LineString line); // throws gis::Error(Input) with < 2 points
  double length() const { return mCum.back(); }
  const LineString &line() const { return mLine; }

  struct Nearest
  {
    double chainage = 0; // metres along the line
    double distance = 0; // metres from the query point to the line
    Point point;         // the nearest point on the line
  };
  Nearest nearest(const Point &p) const;
  Point pointAt(double chainage) const;             // clamps to [0, length]
  LineString subLine(double from, double to) const; // from > to is swapped; clamps to [0, length]

private:
  Point pointOnSegment(std::size_t i, double offset) const;

  LineString mLine;
  std::vector<double> mCum; // cumulative geodesic chainage at each vertex
  std::vector<double> mAzi; // forward azimuth of each segment at its first vertex
};

struct Interval
{
  double from = 0;
  double to = 0;
  double length() const { return to - from; }
  bool operator==(const Interval &) const = default;
};

// A set of disjoint, sorted intervals; overlapping and touching (within `tolerance`) intervals merge.
class IntervalSet
{
public:
  explicit IntervalSet(double tolerance = 1e-6)
      : mTol(tolerance)
  {
  }
  void add(Interval iv);      // union
  void subtract(Interval iv); // difference
  void unite(const IntervalSet &other);
  void subtract(const IntervalSet &other);
  double totalLength() const;
  bool covers(double from, double to,
              double tolerance) const; // [from,to] fully inside one interval (gaps <= tolerance ignored)
  const std::vector<Interval> &intervals() const { return mIv; }
  bool empty() const { return mIv.empty(); }
  void clear() { mIv.clear(); }

private:
  double mTol;
  std::vector<Interval> mIv;
};

} // namespace gis
