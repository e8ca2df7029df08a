#include "gis/Exif.h"

#include "gis/Error.h"
#include "gis/Ogr.h"

#include <cmath>
#include <cstdio>

namespace gis {

namespace {

std::string metadataItem(GDALDatasetH ds, const char *name)
{
  const char *v = GDALGetMetadataItem(ds, name, nullptr);
  return v ? v : "";
}

// GDAL prints EXIF rationals as "(31) (3) (4.4442)": degrees, minutes, seconds.
std::optional<double> degreesFromDms(const std::string &text)
{
  double dms[3] = {0, 0, 0};
  int n = std::sscanf(text.c_str(), " (%lf) (%lf) (%lf)", &dms[0], &dms[1], &dms[2]);
  if (n < 1) return std::nullopt;
  const double deg = dms[0] + dms[1] / 60.0 + dms[2] / 3600.0;
  if (!std::isfinite(deg)) return std::nullopt;
  return deg;
}

// EXIF dates are "YYYY:MM:DD HH:MM:SS"; cameras without a clock write blanks or zeros.
std::string isoFromExifDate(const std::string &text)
{
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(text.c_str(), "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6 || y < 1900 ||
      mo < 1 || mo > 12 || d < 1 || d > 31)
    return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
  return buf;
}

} // namespace

ExifInfo readExif(const std::string &path)
{
  ensureGdalRegistered();
  const char *const drivers[] = {"JPEG", nullptr};
  GdalDataset ds(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!ds) {
    const std::string reason = lastGdalError();
    throw Error(Error::Kind::Gdal,
                path + ": not a readable JPEG photo" + (reason.empty() ? "" : " (" + reason + ")"));
  }
  ExifInfo info;
  const auto lat = degreesFromDms(metadataItem(ds.get(), "EXIF_GPSLatitude"));
  const auto lon = degreesFromDms(metadataItem(ds.get(), "EXIF_GPSLongitude"));
  if (lat && lon && *lat <= 90 && *lon <= 180) {
    const bool south = metadataItem(ds.get(), "EXIF_GPSLatitudeRef") == "S";
    const bool west = metadataItem(ds.get(), "EXIF_GPSLongitudeRef") == "W";
    info.position = Point{west ? -*lon : *lon, south ? -*lat : *lat};
  }
  info.takenAt = isoFromExifDate(metadataItem(ds.get(), "EXIF_DateTimeOriginal"));
  return info;
}

} // namespace gis
