#pragma once

#include "gis/Geometry.h"

#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>

// OGR handles and the conversion between OGR geometries and gis::Geometry, shared by the importer
// and the exporter.
namespace data {

struct OgrGeometryDeleter
{
  void operator()(OGRGeometryH h) const
  {
    if (h) OGR_G_DestroyGeometry(h);
  }
};
using OgrGeometry = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, OgrGeometryDeleter>;

struct OgrSrsReleaser
{
  void operator()(OGRSpatialReferenceH h) const
  {
    if (h) OSRRelease(h);
  }
};
using OgrSrs = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, OgrSrsReleaser>;

struct OgrTransformDeleter
{
  void operator()(OGRCoordinateTransformationH h) const
  {
    if (h) OCTDestroyCoordinateTransformation(h);
  }
};
using OgrTransform =
    std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, OgrTransformDeleter>;

// A spatial reference from what a user types ("EPSG:4549", "CGCS2000", "WGS84", "Beijing1954",
// "Xian1980", WKT, PROJ string), in lon/lat (traditional GIS) axis order. Throws
// std::invalid_argument naming the definition when GDAL/PROJ cannot make sense of it.
OgrSrs spatialRefFromUser(const std::string &definition);
// A copy of `srs` set to lon/lat axis order.
OgrSrs cloneTraditional(OGRSpatialReferenceH srs);
// A short readable name with the EPSG code when known: "CGCS2000 / 3-degree Gauss-Kruger CM 120E
// (EPSG:4549)".
std::string srsDescription(OGRSpatialReferenceH srs);
// The transformation from `from` to `to`, or nullptr when they are the same CRS. Throws
// std::runtime_error with GDAL's reason when PROJ has no way between them.
OgrTransform transformBetween(OGRSpatialReferenceH from, OGRSpatialReferenceH to);

// The geometry as a gis::Geometry: curves linearized, Z/M dropped, TINs and polyhedral surfaces as
// polygons, collections of one dimension as the matching multi type, single-part multis as single,
// polygon rings closed. Throws gis::Error(Input) for what has no such form (a collection mixing
// points and lines, a ring of fewer than 4 points). `g` may be null (→ empty geometry).
gis::Geometry geometryFromOgr(OGRGeometryH g);
// The gis::Geometry as an OGR geometry; `asMulti` promotes single types to their multi type.
OgrGeometry geometryToOgr(const gis::Geometry &g, bool asMulti = false);

} // namespace data
