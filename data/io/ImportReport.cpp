#include "data/io/ImportReport.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace data {

namespace {

std::string fixed(double v, int decimals)
{
  // Sized to the number: 1e308 has 309 digits, and a fixed buffer would cut it short.
  std::string s(static_cast<std::size_t>(std::snprintf(nullptr, 0, "%.*f", decimals, v)), '\0');
  std::snprintf(s.data(), s.size() + 1, "%.*f", decimals, v);
  return s;
}

// `count` features, of which `items` are the first ones kept.
void list(std::ostringstream &o, const char *title, const std::vector<ImportReport::Item> &items,
          std::size_t count, std::size_t max)
{
  count = std::max(count, items.size());
  if (count == 0) return;
  o << title << ": " << count << "\n";
  std::size_t shown = 0;
  for (; shown < items.size() && shown < max; ++shown) {
    o << "  " << items[shown].feature;
    if (!items[shown].message.empty()) o << ": " << items[shown].message;
    o << "\n";
  }
  if (count > shown) o << "  ... and " << (count - shown) << " more\n";
}

} // namespace

std::string ImportReport::skipped() const
{
  const std::size_t n = std::max(counts.empty, empty.size());
  return n == 0 ? "" : " (" + std::to_string(n) + " without geometry skipped)";
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
  list(o, "invalid geometries repaired", repaired, counts.repaired, maxItems);
  list(o, "without geometry (skipped: cannot be placed on a map)", empty, counts.empty, maxItems);
  list(o, "duplicates", duplicates, counts.duplicates, maxItems);
  list(o, "outside the town boundary", outside, counts.outside, maxItems);
  list(o, "errors", errors, counts.errors, maxItems);
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

ImportReport::Item::Kind ImportReport::kindOf(const std::string &message)
{
  using K = Item::Kind;
  const std::string m = message.substr(
      0, message.find("; field ") == std::string::npos ? message.size() : message.find("; field "));
  auto starts = [&](const char *p) { return m.rfind(p, 0) == 0; };
  auto has = [&](const char *p) { return m.find(p) != std::string::npos; };
  if (m == "no geometry") return K::NoGeometry;
  if (starts("is a ") && has("; layer ") && has(" takes ")) return K::WrongGeometryType;
  if (starts("field ")) {
    if (has(" is not an integer")) return K::NotInteger;
    if (has(" is not a finite number") || has(" is not a number")) return K::NotNumber;
    if (has(" is not one of ")) return K::NotInValueList;
    if (has(" is required but empty")) return K::RequiredEmpty;
    if (has(" is required and the file has no field for it")) return K::RequiredMissing;
  }
  if (starts("invalid geometry (") && has(") that cannot be repaired")) return K::Unrepairable;
  if (starts("invalid geometry: ")) return K::InvalidGeometry;
  if (starts("same geometry and attributes as ")) return K::Duplicate;
  if (starts("at least ") && has(" outside the town boundary")) return K::Outside;
  if (starts("code ") && has(" appears twice in the file")) return K::CodeTwice;
  if (starts("code ") && has(" is already used in the project")) return K::CodeUsed;
  return K::Other;
}

void ImportReport::classify()
{
  for (auto *items : {&empty, &duplicates, &outside, &errors})
    for (auto &i : *items)
      i.kind = kindOf(i.message);
  for (auto &i : repaired)
    i.kind = Item::Kind::Repaired;
}

} // namespace data
