#pragma once

#include <stdexcept>
#include <string>

namespace gis {

// Errors from GEOS, PROJ, GDAL and bad geometric input become one typed error with a readable
// message; callers that care about the source switch on kind().
class Error : public std::runtime_error
{
public:
  enum class Kind { Geos, Proj, Gdal, Input };
  Error(Kind kind, const std::string &message)
      : std::runtime_error(message)
      , mKind(kind)
  {
  }
  Kind kind() const { return mKind; }

private:
  Kind mKind;
};

} // namespace gis
