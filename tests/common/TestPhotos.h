#pragma once

// Real JPEG photos with EXIF written by real tools (GDAL, exiftool from libimage-exiftool-perl), for
// the photo-evidence tests of several test programs. Header-only so it needs no build change.

#include "gis/Geometry.h"
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace testutil {

// Writes DIR/NAME (a 320×240 JPEG) with the GPS position and DateTimeOriginal given ("" = none);
// returns its path, or "" after reporting a test failure when a tool failed.
inline std::string writeTestPhoto(const TempDir &dir, const std::string &name,
                                  std::optional<gis::Point> position, const std::string &exifDateTime)
{
  const std::string tif = dir.file(name + ".tif");
  const std::string jpg = dir.file(name);
  auto r = run("/usr/bin/gdal_create", {"-q", "-of", "GTiff", "-outsize", "320", "240", "-bands", "3",
                                        "-burn", "90", "-burn", "140", "-burn", "60", "-ot", "Byte", tif});
  if (r.exitCode != 0) {
    ADD_FAILURE() << "gdal_create: " << r.err;
    return "";
  }
  r = run("/usr/bin/gdal_translate", {"-q", "-of", "JPEG", tif, jpg});
  if (r.exitCode != 0) {
    ADD_FAILURE() << "gdal_translate: " << r.err;
    return "";
  }
  std::vector<std::string> args = {"-q", "-overwrite_original"};
  if (position) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.8f", std::abs(position->y));
    args.push_back(std::string("-GPSLatitude=") + buf);
    args.push_back(std::string("-GPSLatitudeRef=") + (position->y < 0 ? "S" : "N"));
    std::snprintf(buf, sizeof buf, "%.8f", std::abs(position->x));
    args.push_back(std::string("-GPSLongitude=") + buf);
    args.push_back(std::string("-GPSLongitudeRef=") + (position->x < 0 ? "W" : "E"));
  }
  if (!exifDateTime.empty()) args.push_back("-DateTimeOriginal=" + exifDateTime);
  if (args.size() > 2) {
    args.push_back(jpg);
    r = run("/usr/bin/exiftool", args);
    if (r.exitCode != 0) {
      ADD_FAILURE() << "exiftool: " << r.err;
      return "";
    }
  }
  return jpg;
}

} // namespace testutil
