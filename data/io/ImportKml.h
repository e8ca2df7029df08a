#pragma once

#include <deque>
#include <map>
#include <string>

namespace data {

// GDAL reads KML through libkml, which takes a coordinate it cannot parse as 0: "abc,def" in a
// river's line becomes a vertex at 0° 0°, thousands of kilometres away, and a point of such
// coordinates an empty one. So the file's own text is checked: every <coordinates> of every
// Placemark must be numbers. Placemarks are matched to the features GDAL returns by name, in
// file order (GDAL gives a placemark's <name> as the field Name).
class KmlCoordinateCheck
{
public:
  // Reads a .kml file, or the first .kml inside a .kmz; checks nothing when it cannot be read as
  // XML (GDAL's own reading then says what is wrong).
  explicit KmlCoordinateCheck(const std::string &path);
  // Why the next placemark called `name` (in file order) has coordinates that are not numbers,
  // "" when they are.
  std::string problem(const std::string &name);

private:
  std::map<std::string, std::deque<std::string>> mByName; // per name, each placemark's problem
};

} // namespace data
