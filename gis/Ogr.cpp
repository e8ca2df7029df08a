#include "gis/Ogr.h"

#include "gis/Error.h"

#include <cpl_error.h>

#include <mutex>

namespace gis {

namespace {

thread_local std::string tLastError;

// GDAL's default handler prints to stderr; PlanMap shows GDAL's reason in its own messages instead.
void CPL_STDCALL recordError(CPLErr level, CPLErrorNum, const char *message)
{
  if (level >= CE_Failure) tLastError = message ? message : "";
}

} // namespace

void ensureGdalRegistered()
{
  static std::once_flag once;
  std::call_once(once, [] {
    CPLSetErrorHandler(recordError);
    GDALAllRegister();
  });
}

GdalDataset openVector(const std::string &path, bool update)
{
  ensureGdalRegistered();
  tLastError.clear();
  const unsigned flags =
      GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY);
  GdalDataset ds(GDALOpenEx(path.c_str(), flags, nullptr, nullptr, nullptr));
  if (!ds) {
    const std::string reason = tLastError.empty() ? "not a vector data source GDAL can read" : tLastError;
    throw Error(Error::Kind::Gdal,
                "cannot open '" + path + "'" + (update ? " for writing" : "") + ": " + reason);
  }
  return ds;
}

std::string lastGdalError()
{
  return tLastError;
}

} // namespace gis
