#pragma once

#include "data/spatialite/Sqlite.h"
#include "data/store/Model.h"

#include <string>
#include <vector>

namespace data {

// Each layer is a SQL view named by its id over the feature table, registered in SpatiaLite's
// views_geometry_columns so ogrinfo and QGIS list it as a layer with typed attribute columns.
namespace layerviews {

// The feature table's geometry column (and its spatial index) for a layer geometry type.
std::string geometryColumn(GeometryType type);    // "geom_point" | "geom_line" | "geom_poly"
std::string spatialIndexTable(GeometryType type); // "idx_feature_geom_line", ...

std::vector<LayerDef> readLayers(const Database &db); // sorted by sort_order, id
void createView(Database &db, const LayerDef &layer); // replaces an existing view of that name
void rebuildViews(Database &db);

} // namespace layerviews
} // namespace data
