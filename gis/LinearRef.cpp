#include "gis/LinearRef.h"

#include "gis/Error.h"
#include "gis/Geodesic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace gis {

namespace {

// Metres per degree of longitude and latitude at a latitude (prime-vertical and meridian radii of
// the CGCS2000 ellipsoid): the local equirectangular frame used to find the foot of a perpendicular.
struct LocalScale
{
  double kx;
  double ky;
};

LocalScale localScale(double latDeg)
{
  const double e2 = kCgcs2000Ellipsoid.f * (2 - kCgcs2000Ellipsoid.f);
  const double phi = latDeg * std::numbers::pi / 180.0;
  const double w = std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi));
  const double n = kCgcs2000Ellipsoid.a / w;
  const double m = kCgcs2000Ellipsoid.a * (1 - e2) / (w * w * w);
  const double toRad = std::numbers::pi / 180.0;
  return {n * std::cos(phi) * toRad, m * toRad};
}

} // namespace

LinearRef::LinearRef(LineString line)
    : mLine(std::move(line))
{
  if (mLine.size() < 2)
    throw Error(Error::Kind::Input,
                "linear referencing needs a line of at least 2 points, got " + std::to_string(mLine.size()));
  mCum.reserve(mLine.size());
  mAzi.reserve(mLine.size() - 1);
  mCum.push_back(0);
  for (std::size_t i = 1; i < mLine.size(); ++i) {
    mCum.push_back(mCum.back() + segmentLength(mLine[i - 1], mLine[i])); // as geodesicLength sums
    mAzi.push_back(geodesicAzimuth(mLine[i - 1], mLine[i]));
  }
}

Point LinearRef::pointOnSegment(std::size_t i, double offset) const
{
  if (offset <= 0) return mLine[i];
  if (offset >= mCum[i + 1] - mCum[i]) return mLine[i + 1];
  return geodesicDirect(mLine[i], mAzi[i], offset);
}

LinearRef::Nearest LinearRef::nearest(const Point &p) const
{
  struct Candidate
  {
    std::size_t segment;
    double offset;
    double localDistance;
  };
  std::vector<Candidate> candidates;
  candidates.reserve(mAzi.size());
  double bestLocal = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < mLine.size(); ++i) {
    const Point &a = mLine[i];
    const Point &b = mLine[i + 1];
    const LocalScale s = localScale((a.y + b.y) / 2);
    const double bx = (b.x - a.x) * s.kx, by = (b.y - a.y) * s.ky;
    const double px = (p.x - a.x) * s.kx, py = (p.y - a.y) * s.ky;
    const double len2 = bx * bx + by * by;
    const double t = len2 > 0 ? std::clamp((px * bx + py * by) / len2, 0.0, 1.0) : 0.0;
    const double local = std::hypot(px - t * bx, py - t * by);
    bestLocal = std::min(bestLocal, local);
    candidates.push_back({i, t * (mCum[i + 1] - mCum[i]), local});
  }
  // The local frame is exact to well under 1 % over a town, so only segments within that margin of
  // the best one need the geodesic check.
  const double margin = bestLocal * 1.01 + 1.0;
  Nearest best;
  best.distance = std::numeric_limits<double>::infinity();
  for (const Candidate &c : candidates) {
    if (c.localDistance > margin) continue;
    const Point onLine = pointOnSegment(c.segment, c.offset);
    const double d = geodesicDistance(p, onLine);
    if (d < best.distance) {
      best.distance = d;
      best.chainage = mCum[c.segment] + c.offset;
      best.point = onLine;
    }
  }
  return best;
}

Point LinearRef::pointAt(double chainage) const
{
  const double c = std::clamp(chainage, 0.0, length());
  const auto it = std::upper_bound(mCum.begin(), mCum.end(), c);
  const std::size_t i =
      std::min<std::size_t>(static_cast<std::size_t>(it - mCum.begin()) - 1, mAzi.size() - 1);
  return pointOnSegment(i, c - mCum[i]);
}

LineString LinearRef::subLine(double from, double to) const
{
  if (from > to) std::swap(from, to);
  from = std::clamp(from, 0.0, length());
  to = std::clamp(to, 0.0, length());
  LineString out;
  out.push_back(pointAt(from));
  for (std::size_t i = 0; i < mLine.size(); ++i)
    if (mCum[i] > from && mCum[i] < to) out.push_back(mLine[i]);
  out.push_back(pointAt(to));
  return out;
}

void IntervalSet::add(Interval iv)
{
  if (iv.from > iv.to) std::swap(iv.from, iv.to);
  if (!(iv.to - iv.from > 0)) return; // a point or NaN interval covers no length
  std::vector<Interval> out;
  out.reserve(mIv.size() + 1);
  bool placed = false;
  for (const Interval &cur : mIv) {
    if (cur.to + mTol < iv.from) {
      out.push_back(cur);
    } else if (iv.to + mTol < cur.from) {
      if (!placed) out.push_back(iv);
      placed = true;
      out.push_back(cur);
    } else {
      iv.from = std::min(iv.from, cur.from);
      iv.to = std::max(iv.to, cur.to);
    }
  }
  if (!placed) out.push_back(iv);
  mIv = std::move(out);
}

void IntervalSet::subtract(Interval iv)
{
  if (iv.from > iv.to) std::swap(iv.from, iv.to);
  if (!(iv.to - iv.from > 0)) return;
  std::vector<Interval> out;
  out.reserve(mIv.size() + 1);
  for (const Interval &cur : mIv) {
    if (cur.to <= iv.from || cur.from >= iv.to) {
      out.push_back(cur);
      continue;
    }
    // Slivers no longer than the tolerance are rounding left-overs, not real stretches.
    if (iv.from - cur.from > mTol) out.push_back({cur.from, iv.from});
    if (cur.to - iv.to > mTol) out.push_back({iv.to, cur.to});
  }
  mIv = std::move(out);
}

void IntervalSet::unite(const IntervalSet &other)
{
  for (const Interval &iv : other.mIv)
    add(iv);
}

void IntervalSet::subtract(const IntervalSet &other)
{
  for (const Interval &iv : other.mIv)
    subtract(iv);
}

double IntervalSet::totalLength() const
{
  double total = 0;
  for (const Interval &iv : mIv)
    total += iv.length();
  return total;
}

bool IntervalSet::covers(double from, double to, double tolerance) const
{
  if (from > to) std::swap(from, to);
  double reached = -std::numeric_limits<double>::infinity();
  bool started = false;
  for (const Interval &iv : mIv) {
    if (!started) {
      if (iv.from - tolerance > from) return false;
      if (iv.to + tolerance < from) continue;
      started = true;
    } else if (iv.from - reached > tolerance) {
      break;
    }
    reached = std::max(reached, iv.to);
    if (reached + tolerance >= to) return true;
  }
  return false;
}

} // namespace gis
