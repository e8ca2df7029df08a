#pragma once

#include "gis/Geometry.h"

namespace gis {

// GCJ-02 ("Mars coordinates", the mandated offset of Chinese web maps: AutoNavi/Gaode, Tencent) and
// BD-09 (Baidu, a further offset of GCJ-02). The forward formulas are the published obfuscation; the
// inverses iterate the forward formula to better than 1e-9 degrees (~0.1 mm). Points outside the
// rectangle where the offset applies (roughly China's extent) pass unchanged, as the map services do.
bool insideChinaOffsetArea(const Point &p);

Point gcj02FromWgs84(const Point &wgs);
Point wgs84FromGcj02(const Point &gcj);
Point bd09FromGcj02(const Point &gcj);
Point gcj02FromBd09(const Point &bd);
Point wgs84FromBd09(const Point &bd);
Point bd09FromWgs84(const Point &wgs);

// Applies one of the conversions above to every vertex.
Geometry wgs84FromGcj02(const Geometry &g);
Geometry wgs84FromBd09(const Geometry &g);

} // namespace gis
