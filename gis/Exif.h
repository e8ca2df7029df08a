#pragma once

#include "gis/Geometry.h"

#include <optional>
#include <string>

namespace gis {

// What a photo's EXIF says about where and when it was taken.
struct ExifInfo
{
  std::optional<Point> position; // WGS84 lon/lat from the GPS tags
  std::string takenAt;           // "YYYY-MM-DDTHH:MM:SS" camera time, "" when the photo has no date
  std::string date() const { return takenAt.substr(0, 10); }
};

// Reads the GPS position and DateTimeOriginal of a JPEG through GDAL's JPEG driver (EXIF_* items of
// the default metadata domain). A photo without those tags gives an empty position/date; a file
// that is not a JPEG throws gis::Error(Gdal) naming the file.
ExifInfo readExif(const std::string &path);

} // namespace gis
