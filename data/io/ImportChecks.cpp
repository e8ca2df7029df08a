#include "data/io/ImportChecks.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace data {

namespace {

constexpr double kMetresPerDegree = 111320.0;

} // namespace

bool needsSplit(const gis::Geometry &g, GeometryType layerType)
{
  using T = gis::Geometry::Type;
  return (g.type() == T::MultiPoint && layerType == GeometryType::Point) ||
         (g.type() == T::MultiLineString && layerType == GeometryType::LineString);
}

std::vector<gis::Geometry> splitParts(const gis::Geometry &g)
{
  std::vector<gis::Geometry> out;
  for (const auto &part : g.parts()) {
    if (g.type() == gis::Geometry::Type::MultiPoint)
      out.push_back(gis::Geometry::point(part.at(0).at(0)));
    else
      out.push_back(gis::Geometry::lineString(part.at(0)));
  }
  return out;
}

bool plainlyValid(const gis::Geometry &g)
{
  if (g.dimension() == 0) return true;
  if (g.dimension() != 1) return false;
  for (const auto &part : g.parts())
    for (const auto &path : part) {
      bool twoDistinct = false;
      for (std::size_t i = 1; i < path.size() && !twoDistinct; ++i)
        twoDistinct = !(path[i] == path[0]);
      if (!twoDistinct) return false;
    }
  return true;
}

BoundaryCheck::BoundaryCheck(const Store &store, const std::string &targetLayer)
{
  if (targetLayer == "boundary" || !store.layer("boundary")) return;
  for (const auto &f : store.features("boundary")) {
    if (f.geometry.dimension() != 2) continue;
    mGeoms.push_back(f.geometry);
    mEnvelopes.push_back(f.geometry.envelope());
    mPrepared.push_back(std::make_unique<gis::PreparedGeometry>(f.geometry));
  }
}

double BoundaryCheck::distanceM(const gis::Geometry &g, double toleranceM) const
{
  double best = 1e300;
  const gis::Envelope env = g.envelope();
  const double maxAbsLat = std::max(std::fabs(env.minY), std::fabs(env.maxY));
  // A degree of longitude shrinks with latitude; the smallest scale keeps this a lower bound.
  const double scale = kMetresPerDegree * std::cos(std::min(maxAbsLat, 89.0) * std::numbers::pi / 180.0);
  std::vector<double> envelopeM(mGeoms.size());
  bool allFar = true;
  for (std::size_t i = 0; i < mGeoms.size(); ++i) {
    const gis::Envelope &b = mEnvelopes[i];
    const double dx = std::max({0.0, b.minX - env.maxX, env.minX - b.maxX});
    const double dy = std::max({0.0, b.minY - env.maxY, env.minY - b.maxY});
    envelopeM[i] = std::hypot(dx, dy) * scale;
    allFar = allFar && envelopeM[i] > toleranceM;
  }
  if (allFar) return *std::min_element(envelopeM.begin(), envelopeM.end());
  for (std::size_t i = 0; i < mGeoms.size(); ++i) {
    if (envelopeM[i] > 0) {
      best =
          std::min(best, envelopeM[i] > toleranceM ? envelopeM[i] : gis::distanceDeg(g, mGeoms[i]) * scale);
      continue;
    }
    if (mPrepared[i]->intersects(g)) return 0;
    best = std::min(best, gis::distanceDeg(g, mGeoms[i]) * scale);
  }
  return best;
}

} // namespace data
