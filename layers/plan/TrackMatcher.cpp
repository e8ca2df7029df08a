#include "layers/plan/TrackMatcher.h"

#include "gis/Error.h"
#include "gis/Geodesic.h"
#include "gis/Ogr.h"

#include <ogr_srs_api.h>

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <stdexcept>

namespace layers {

namespace {

struct SrsDeleter
{
  void operator()(OGRSpatialReferenceH h) const { OSRDestroySpatialReference(h); }
};
using Srs = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsDeleter>;

struct TransformDeleter
{
  void operator()(OGRCoordinateTransformationH h) const { OCTDestroyCoordinateTransformation(h); }
};
using CoordTransform = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDeleter>;

// A transformation from the layer's CRS to lon/lat WGS84; null when the layer
// has no CRS (GPX and most GPS exports are WGS84 already).
CoordTransform toWgs84(OGRLayerH layer, const std::string &path)
{
  OGRSpatialReferenceH source = OGR_L_GetSpatialRef(layer);
  if (!source) return nullptr;
  Srs from(OSRClone(source));
  Srs to(OSRNewSpatialReference(nullptr));
  OSRImportFromEPSG(to.get(), 4326);
  OSRSetAxisMappingStrategy(from.get(), OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(to.get(), OAMS_TRADITIONAL_GIS_ORDER);
  CoordTransform ct(OCTNewCoordinateTransformation(from.get(), to.get()));
  if (!ct)
    throw std::runtime_error(path + ": cannot transform layer " + OGR_L_GetName(layer) + " to WGS84 (" +
                             gis::lastGdalError() + ")");
  return ct;
}

gis::Geometry readGeometry(OGRGeometryH g, OGRCoordinateTransformationH ct, const std::string &path)
{
  OGR_G_FlattenTo2D(g);
  if (ct && OGR_G_Transform(g, ct) != OGRERR_NONE)
    throw std::runtime_error(path + ": a track coordinate cannot be transformed to WGS84");
  std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)), '\0');
  OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char *>(wkb.data()));
  return gis::Geometry::fromWkb(reinterpret_cast<const unsigned char *>(wkb.data()), wkb.size());
}

// Inserts points so no two consecutive points are more than `step` metres
// apart; linear in lon/lat, which is exact enough over a few metres.
gis::LineString densify(const gis::LineString &path, double step)
{
  gis::LineString out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) {
      const auto &a = path[i - 1];
      const auto &b = path[i];
      const int n = static_cast<int>(std::ceil(gis::geodesicDistance(a, b) / step));
      for (int k = 1; k < n; ++k) {
        const double t = double(k) / n;
        out.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
      }
    }
    out.push_back(path[i]);
  }
  return out;
}

gis::Envelope envelopeOf(const gis::LineString &path)
{
  gis::Envelope e;
  for (const auto &p : path)
    e.expand(p);
  return e;
}

// Grows an envelope by `metres` on the ground (a generous degree margin: the
// exact test follows).
gis::Envelope grown(gis::Envelope e, double metres)
{
  const double lat = std::max(std::abs(e.minY), std::abs(e.maxY));
  const double dy = metres / 110000.0;
  const double dx = metres / (111000.0 * std::max(0.01, std::cos(lat * std::numbers::pi / 180.0)));
  e.minX -= dx;
  e.maxX += dx;
  e.minY -= dy;
  e.maxY += dy;
  return e;
}

bool contains(const gis::Envelope &e, const gis::Point &p)
{
  return p.x >= e.minX && p.x <= e.maxX && p.y >= e.minY && p.y <= e.maxY;
}

} // namespace

std::vector<gis::LineString> readTrack(const std::string &path)
{
  gis::GdalDataset ds = [&] {
    try {
      return gis::openVector(path);
    } catch (const gis::Error &e) {
      throw std::runtime_error(e.what());
    }
  }();
  const bool gpx = std::string(GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()))) == "GPX";
  std::vector<gis::LineString> lines;
  std::vector<gis::LineString> pointPaths; // used only when the file has no lines
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), i);
    const std::string name = OGR_L_GetName(layer);
    // GPX waypoints are places of interest, not a walk.
    if (gpx && name == "waypoints") continue;
    const CoordTransform ct = toWgs84(layer, path);
    gis::LineString points;
    OGR_L_ResetReading(layer);
    while (gis::OgrFeature f{OGR_L_GetNextFeature(layer)}) {
      OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
      if (!g) continue;
      gis::Geometry geom;
      try {
        geom = readGeometry(g, ct.get(), path);
      } catch (const gis::Error &e) {
        throw std::runtime_error(path + ": layer " + name + ", feature " +
                                 std::to_string(OGR_F_GetFID(f.get())) + ": " + e.what());
      }
      if (geom.dimension() == 1) {
        for (auto &l : geom.lines())
          if (l.size() >= 2) lines.push_back(std::move(l));
      } else if (geom.dimension() == 0) {
        for (const auto &part : geom.parts())
          points.push_back(part.front().front());
      }
    }
    if (points.size() >= 2) pointPaths.push_back(std::move(points));
  }
  if (lines.empty()) lines = std::move(pointPaths);
  if (lines.empty())
    throw std::runtime_error(path + ": no track in the file (no lines and "
                                    "fewer than 2 points in any layer)");
  return lines;
}

std::string readTrackDate(const std::string &path)
{
  gis::GdalDataset ds = [&] {
    try {
      return gis::openVector(path);
    } catch (const gis::Error &e) {
      throw std::runtime_error(e.what());
    }
  }();
  std::string last;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), i);
    const int field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "time");
    if (field < 0) continue;
    OGR_L_ResetReading(layer);
    while (gis::OgrFeature f{OGR_L_GetNextFeature(layer)}) {
      int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
      float s = 0;
      if (!OGR_F_IsFieldSetAndNotNull(f.get(), field) ||
          !OGR_F_GetFieldAsDateTimeEx(f.get(), field, &y, &mo, &d, &h, &mi, &s, &tz))
        continue;
      QDateTime t(QDate(y, mo, d), QTime(h, mi, static_cast<int>(s)));
      // OGR's zone flag: 100 is UTC, each step 15 minutes; 0 and 1 say nothing
      // of the zone, so the time is taken as written.
      if (tz > 1) t = QDateTime(t.date(), t.time(), QTimeZone::utc()).addSecs(-(tz - 100) * 15 * 60);
      const QDate day = tz > 1 ? t.toLocalTime().date() : t.date();
      if (day.isValid()) last = day.toString(Qt::ISODate).toStdString();
    }
  }
  return last;
}

TrackMatcher::TrackMatcher(const std::vector<data::Feature> &lines, TrackOptions options)
    : mOptions(options)
{
  if (!(mOptions.distanceM > 0) || !(mOptions.minLengthM >= 0) || !(mOptions.stepM > 0))
    throw std::invalid_argument("track matching needs a positive distance and "
                                "step and a non-negative minimum length");
  for (const auto &f : lines) {
    if (f.geometry.type() != gis::Geometry::Type::LineString || f.geometry.asLineString().size() < 2)
      continue;
    gis::LinearRef ref(f.geometry.asLineString());
    const gis::Envelope box = grown(envelopeOf(ref.line()), mOptions.distanceM);
    mLines.push_back({f.id, f.code, f.name, std::move(ref), box});
  }
}

ProposedStretch TrackMatcher::toEnds(ProposedStretch s) const
{
  // A walk from end to end rarely reaches the ends to the metre: within the
  // match distance of an end it means the end, or the river would never be
  // completed by its walk.
  if (s.fromM > 0 && s.fromM <= mOptions.distanceM) {
    s.fromM = 0;
    s.extendedFrom = true;
  }
  if (s.toM < s.lineLengthM && s.lineLengthM - s.toM <= mOptions.distanceM) {
    s.toM = s.lineLengthM;
    s.extendedTo = true;
  }
  return s;
}

std::vector<ProposedStretch> TrackMatcher::match(const std::vector<gis::LineString> &track) const
{
  std::vector<gis::LineString> paths;
  for (const auto &t : track)
    paths.push_back(densify(t, mOptions.stepM));

  std::vector<ProposedStretch> out;
  for (const auto &line : mLines) {
    // Runs separated by less than the match distance are one walk with a GPS
    // hiccup.
    gis::IntervalSet walked(mOptions.distanceM);
    for (const auto &path : paths) {
      if (!line.searchBox.intersects(envelopeOf(path))) continue;
      bool inRun = false;
      gis::Interval run;
      auto closeRun = [&] {
        if (inRun) walked.add(run);
        inRun = false;
      };
      for (const auto &p : path) {
        if (!contains(line.searchBox, p)) {
          closeRun();
          continue;
        }
        const auto n = line.ref.nearest(p);
        if (n.distance > mOptions.distanceM) {
          closeRun();
          continue;
        }
        if (!inRun) run = {n.chainage, n.chainage};
        run.from = std::min(run.from, n.chainage);
        run.to = std::max(run.to, n.chainage);
        inRun = true;
      }
      closeRun();
    }
    for (const auto &iv : walked.intervals())
      if (iv.length() >= mOptions.minLengthM && iv.length() > 0)
        out.push_back(toEnds({line.id, line.code, line.name, iv.from, iv.to, line.ref.length()}));
  }
  std::sort(out.begin(), out.end(), [](const ProposedStretch &a, const ProposedStretch &b) {
    return a.featureId != b.featureId ? a.featureId < b.featureId : a.fromM < b.fromM;
  });
  return out;
}

} // namespace layers
