#include "data/ImportReport.h"

#include <cstdio>
#include <sstream>

namespace data {

namespace {

std::string fixed(double v, int decimals)
{
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void list(std::ostringstream &o, const char *title, const std::vector<ImportReport::Item> &items,
          std::size_t max)
{
  if (items.empty()) return;
  o << title << ": " << items.size() << "\n";
  for (std::size_t i = 0; i < items.size() && i < max; ++i) {
    o << "  " << items[i].feature;
    if (!items[i].message.empty()) o << ": " << items[i].message;
    o << "\n";
  }
  if (items.size() > max) o << "  ... and " << (items.size() - max) << " more\n";
}

} // namespace

std::string ImportReport::skipped() const
{
  return empty.empty() ? "" : " (" + std::to_string(empty.size()) + " without geometry skipped)";
}

std::string ImportReport::text(std::size_t maxItems) const
{
  std::ostringstream o;
  o << "file: " << file << " (" << driver << ")\n";
  if (!sourceLayers.empty()) {
    o << "source layers:";
    for (const auto &l : sourceLayers)
      o << " " << l << ";";
    o << "\n";
  }
  o << "coordinate system: " << crs << " -> WGS84 (EPSG:4326)\n";
  o << "target layer: " << targetLayer << (newLayer ? " (new)" : "") << "\n";
  if (!fieldMapping.empty()) {
    o << "fields:";
    for (const auto &[src, dst] : fieldMapping)
      o << " " << src << "->" << dst;
    o << "\n";
  }
  for (const auto &n : notes)
    o << "note: " << n << "\n";
  o << "features read: " << read << "\n";
  list(o, "invalid geometries repaired", repaired, maxItems);
  list(o, "without geometry (skipped: cannot be placed on a map)", empty, maxItems);
  list(o, "duplicates", duplicates, maxItems);
  list(o, "outside the town boundary", outside, maxItems);
  list(o, "errors", errors, maxItems);
  if (totalLengthM > 0) o << "total length: " << fixed(totalLengthM / 1000.0, 3) << " km\n";
  if (totalAreaM2 > 0)
    o << "total area: " << fixed(totalAreaM2, 0) << " m² (" << fixed(totalAreaM2 * 15.0 / 10000.0, 1)
      << " mu)\n";
  if (blocked())
    o << "nothing imported: " << blockingCount() << " feature(s) with errors\n";
  else if (dryRun)
    o << "dry run: " << toWrite << " feature(s) would be imported" << skipped() << "; nothing written\n";
  else if (written)
    o << "imported " << toWrite << " feature(s) into layer " << targetLayer << skipped() << "\n";
  return o.str();
}

} // namespace data
