#pragma once

#include "data/store/Model.h"

#include <string>

namespace data {

// "feature 12 (HD-001)", "feature HD-001" before it has an id, "new feature" without either.
std::string featureLabel(const Feature &f);

// The geometry as the layer stores it: Point, LineString (a one-part MultiLineString is
// accepted) or MultiPolygon (from Polygon or MultiPolygon); empty stays empty (not located yet).
// Throws StoreError(Invalid) naming the feature for a wrong type, too few vertices or
// non-finite coordinates.
gis::Geometry storedGeometry(const LayerDef &layer, const Feature &f);
// The geometry as callers see it: a one-part MultiPolygon comes back as a Polygon.
gis::Geometry loadedGeometry(gis::Geometry g);

// Checks the attributes against the layer's fields (required, type, value list) and returns
// them with numbers typed as the field says (an integer given for a real field becomes a double).
Attributes checkedAttributes(const LayerDef &layer, const Feature &f);

// Layer definitions: id and field names usable as SQL identifiers, known types, no clashes with
// the columns every layer view has. Throws StoreError(Invalid).
void checkLayerDef(const LayerDef &layer);

} // namespace data
