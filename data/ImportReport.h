#pragma once

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
    std::string feature; // "feature 12 (黄浦江)"
    std::string message;
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
  double totalLengthM = 0;
  double totalAreaM2 = 0;
  bool dryRun = false;
  bool written = false;

  // Errors block the import; features without geometry are skipped (every layer is a map layer);
  // repairs, duplicates and outside features are warnings the user reads before confirming.
  bool blocked() const { return !errors.empty(); }
  std::size_t blockingCount() const { return errors.size(); }
  // The report as printed by `planmap-cli import`; lists are cut after `maxItems` entries each.
  std::string text(std::size_t maxItems = 20) const;

private:
  std::string skipped() const; // " (3 without geometry skipped)" or ""
};

} // namespace data
