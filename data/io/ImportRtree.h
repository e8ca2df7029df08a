#pragma once

#include <cstddef>
#include <string>

namespace data {

class Database;

// Rebuilds SpatiaLite's R-tree `idx_<table>_<column>` (a 2-D SQLite rtree: pkid, xmin, xmax, ymin,
// ymax) from every row of <table> whose <column> is not NULL, packed bottom-up: the boxes
// (MbrMinX..MbrMaxY, rounded outwards to float as the rtree module rounds them) sorted into
// tiles (sort-tile-recursive), nodes filled evenly, written straight into the rtree's node,
// rowid and parent tables in the module's own format. Inserting row by row costs the module
// ~55,000 instructions a row (ChooseLeaf over every cell of each level, splits, forced
// reinserts, a nested statement per node): half of a 50,000-river import. The result passes
// SQLite's rtreecheck() and later inserts, deletes and queries work on it as on any rtree.
// Runs inside the caller's transaction; returns the number of entries. `expected`, when known, is
// the number of entries to reserve room for (so a million boxes are not copied while growing).
std::size_t packRtree(Database &db, const std::string &table, const std::string &column,
                      std::size_t expected = 0);

} // namespace data
