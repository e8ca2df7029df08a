#include "data/io/ImportStaging.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace data {

namespace {

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Hard links cost nothing for big inputs and are safe because the copy is only read; side files
// GDAL creates are new files in the staging folder. Falls back to a copy across file systems.
void linkOrCopy(const fs::path &from, const fs::path &to)
{
  std::error_code ec;
  fs::create_hard_link(from, to, ec);
  if (ec) fs::copy(from, to, fs::copy_options::recursive);
}

} // namespace

ImportStaging::ImportStaging(const std::string &file)
{
  const fs::path src(file);
  std::error_code ec;
  if (!fs::exists(src, ec)) throw std::runtime_error(file + ": no such file");
  std::string tmpl = (fs::temp_directory_path() / "planmap-import-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder to read " + file);
  mDir = tmpl;
  try {
    const fs::path dst = fs::path(mDir) / src.filename();
    if (fs::is_directory(src)) {
      fs::copy(src, dst, fs::copy_options::recursive);
    } else {
      linkOrCopy(src, dst);
      const std::string stem = lower(src.stem().string());
      const fs::path dir = src.has_parent_path() ? src.parent_path() : fs::path(".");
      for (const auto &entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().filename() == src.filename()) continue;
        // "roads.shp" pulls in "roads.dbf" and "roads.shp.xml"; "a.gml" its "a.xsd".
        const std::string name = lower(entry.path().filename().string());
        if (name.rfind(stem + ".", 0) == 0)
          linkOrCopy(entry.path(), fs::path(mDir) / entry.path().filename());
      }
    }
    mPath = dst.string();
  } catch (const fs::filesystem_error &e) {
    fs::remove_all(mDir, ec);
    throw std::runtime_error(file + ": cannot copy to a temporary folder (" + e.code().message() + ")");
  }
}

ImportStaging::~ImportStaging()
{
  std::error_code ec;
  fs::remove_all(mDir, ec);
}

} // namespace data
