#pragma once

#include "gis/Geometry.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace data {

// What an import found before writing anything. The importer fills it; the CLI prints text() and
// the GUI wizard shows the same lists.
struct ImportReport
{
  struct Item
  {
    // What the message says, for a GUI that words it in its own language (classify() fills it
    // from the list the item is in and the importer's wording; text() does not use it).
    enum class Kind {
      Other,
      NoGeometry,        // "no geometry"
      WrongGeometryType, // "is a Polygon; layer toilets takes Point"
      NotInteger,        // "field beds: 'abc' is not an integer"
      NotNumber,         // "field depth: 'abc' is not a number" / "... is not a finite number"
      NotInValueList,    // "field project: 'x' is not one of a, b"
      RequiredEmpty,     // "field project is required but empty"
      RequiredMissing,   // "field project is required and the file has no field for it"
      Unrepairable,      // "invalid geometry (Self-intersection) that cannot be repaired"
      InvalidGeometry,   // "invalid geometry: ..."
      Repaired,          // an item of `repaired`: the reason GEOS gave
      Duplicate,         // "same geometry and attributes as feature 3"
      Outside,           // "at least 2.5 km outside the town boundary (wrong CRS?)"
      CodeTwice,         // "code R-1 appears twice in the file"
      CodeUsed,          // "code R-1 is already used in the project"
    };
    std::string feature; // "feature 12 (黄浦江)"
    std::string message;
    Kind kind = Kind::Other;
  };

  std::string file;
  std::string driver;
  std::vector<std::string> sourceLayers; // with counts: "tracks: 3"
  std::string crs;                       // the source CRS as read
  std::string targetLayer;
  bool newLayer = false;
  std::size_t read = 0;    // features read from the file
  std::size_t toWrite = 0; // features the import writes (splits counted)
  std::map<std::string, std::string>
      fieldMapping;               // source field -> layer field ("name"/"code" for the feature's own)
  std::vector<std::string> notes; // encoding, CRS, unmapped fields, splits
  std::vector<Item> repaired;     // invalid geometries fixed by makeValid
  std::vector<Item> empty;        // features without geometry: skipped (they cannot go on a map)
  std::vector<Item> duplicates;   // same geometry and attributes as an earlier feature
  std::vector<Item> outside;      // beyond the town boundary by more than the tolerance
  std::vector<Item> errors;       // anything else that blocks the import
  // Each list above keeps the first kKeptItems items it is given (the CLI prints 20, the wizard
  // 200); `counts` says how many features each list stands for, kept or not. A 1M-point file far
  // from the town had 717,641 "outside" items: 140 MB of a 292 MB import.
  static constexpr std::size_t kKeptItems = 200;
  struct Counts
  {
    std::size_t repaired = 0, empty = 0, duplicates = 0, outside = 0, errors = 0;
  };
  Counts counts;
  double totalLengthM = 0;
  double totalAreaM2 = 0;
  bool dryRun = false;
  bool written = false;
  // A dry run's features that would be written, in EPSG:4326 lon/lat (for a map preview).
  std::vector<gis::Geometry> preview;

  // Errors block the import; features without geometry are skipped (every layer is a map layer);
  // repairs, duplicates and outside features are warnings the user reads before confirming.
  bool blocked() const { return !errors.empty(); }
  std::size_t blockingCount() const { return std::max(counts.errors, errors.size()); }
  // The report as printed by `planmap-cli import`; lists are cut after `maxItems` entries each.
  std::string text(std::size_t maxItems = 20) const;
  // Sets Item::kind of every listed item (an error joining several problems with "; " gets the
  // kind of its first).
  void classify();
  static Item::Kind kindOf(const std::string &message);

private:
  std::string skipped() const; // " (3 without geometry skipped)" or ""
};

} // namespace data
