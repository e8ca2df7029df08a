#include "layers/plan/TargetRules.h"

#include "gis/Geodesic.h"

#include <algorithm>
#include <cmath>

namespace layers {

bool passesFilter(const Target &t, const data::Feature &f)
{
  if (t.filterAttr.empty()) return true;
  auto it = f.attributes.find(t.filterAttr);
  return it != f.attributes.end() && data::valueToString(it->second) == t.filterValue;
}

double featureLength(const data::Feature &f)
{
  return f.lengthM > 0 ? f.lengthM : gis::geodesicLength(f.geometry);
}

double featureArea(const data::Feature &f)
{
  return f.areaM2 > 0 ? f.areaM2 : gis::geodesicArea(f.geometry);
}

double lengthInUnit(double metres, const std::string &unitEn)
{
  return unitEn == "m" ? metres : metres / 1000.0;
}

double areaInUnit(double m2, const std::string &unitEn)
{
  if (unitEn == "m2" || unitEn == "m²") return m2;
  if (unitEn == "ha") return m2 / 1e4;
  if (unitEn == "km2" || unitEn == "km²") return m2 / 1e6;
  return gis::squareMetresToMu(m2);
}

Contribution contributionOf(const Target &t, const data::Feature &f)
{
  switch (t.kind) {
  case data::TargetKind::Count:
    return {1, false};
  case data::TargetKind::Length:
    return {featureLength(f), false};
  case data::TargetKind::Area:
    return {featureArea(f), false};
  case data::TargetKind::AttributeSum: {
    auto it = f.attributes.find(t.attribute);
    return {it == f.attributes.end() ? 0 : data::valueToDouble(it->second).value_or(0), false};
  }
  case data::TargetKind::Ratio: {
    auto it = f.attributes.find(t.attribute);
    const std::string cls = it == f.attributes.end() ? std::string() : data::valueToString(it->second);
    const bool bad = std::find(t.ratioValues.begin(), t.ratioValues.end(), cls) != t.ratioValues.end();
    return {f.geometry.dimension() == 1 ? featureLength(f) : 0, bad};
  }
  case data::TargetKind::Indicator:
    break;
  }
  return {};
}

void judge(TargetProgress &p, data::Comparator comparator, bool measured)
{
  const double eps = 1e-9 * std::max(1.0, std::fabs(p.goal));
  if (comparator == data::Comparator::AtMost) {
    p.met = p.value <= p.goal + eps;
    p.percent = p.met ? 100 : p.goal / p.value * 100;
  } else if (comparator == data::Comparator::Equal) {
    p.met = std::fabs(p.value - p.goal) <= eps;
    const double hi = std::max(std::fabs(p.value), std::fabs(p.goal));
    p.percent = p.met ? 100 : std::min(std::fabs(p.value), std::fabs(p.goal)) / hi * 100;
  } else {
    p.met = p.value >= p.goal - eps;
    p.percent = p.goal > 0 ? p.value / p.goal * 100 : (p.met ? 100 : 0);
  }
  if (!measured) p.met = false, p.percent = 0;
}

} // namespace layers
