#pragma once

#include <gdal.h>
#include <ogr_api.h>

#include <memory>
#include <string>

namespace gis {

// RAII owners for GDAL/OGR handles; GDAL errors become gis::Error(Gdal) with CPLGetLastErrorMsg().
struct GdalDatasetCloser
{
  void operator()(GDALDatasetH h) const
  {
    if (h) GDALClose(h);
  }
};
using GdalDataset = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, GdalDatasetCloser>;

struct OgrFeatureDeleter
{
  void operator()(OGRFeatureH h) const
  {
    if (h) OGR_F_Destroy(h);
  }
};
using OgrFeature = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, OgrFeatureDeleter>;

// GDALAllRegister once, quiet error handler that records the message; safe to call repeatedly.
void ensureGdalRegistered();
// Opens a vector dataset read-only; throws gis::Error(Gdal) naming the file and GDAL's reason.
GdalDataset openVector(const std::string &path, bool update = false);
// The last GDAL error message of this thread ("" when none).
std::string lastGdalError();

} // namespace gis
