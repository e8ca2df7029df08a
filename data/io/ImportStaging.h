#pragma once

#include <string>

namespace data {

// A private copy of an input file and its side files (same name stem: .shp/.dbf/.shx/.prj/.cpg,
// .gml/.xsd/.gfs, ...) in a fresh temporary folder, removed on destruction. GDAL writes next to
// some inputs (GML .gfs, restored .shx); reading the copy leaves the user's folder untouched.
class ImportStaging
{
public:
  // Throws std::runtime_error naming the file when it does not exist or cannot be copied.
  explicit ImportStaging(const std::string &file);
  ~ImportStaging();
  ImportStaging(const ImportStaging &) = delete;
  ImportStaging &operator=(const ImportStaging &) = delete;

  const std::string &path() const { return mPath; } // the copy of `file`

private:
  std::string mDir;
  std::string mPath;
};

} // namespace data
