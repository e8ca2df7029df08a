// libFuzzer target: one input is the text of a GeoJSON file (when it starts with '{' or '[' after
// white space) or of a CSV file (anything else). It goes through the importer as a user's file
// would: staged copy, GDAL, CRS, encoding detection, field mapping, geometry checks and repairs,
// boundary distance, duplicates, the report text. A dry run, so the project stays as it is and
// every input meets the same project. Refusals (ImportError, StoreError, gis::Error) are answers;
// a crash, a sanitizer report or an exception of another kind is a finding.
#include "data/io/ImportSource.h"
#include "data/io/Importer.h"
#include "data/store/Store.h"
#include "data/store/StoreError.h"
#include "gis/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace {

struct Fixture
{
  std::string dir;
  std::unique_ptr<data::Store> store;
};

Fixture &fixture()
{
  static Fixture f = [] {
    Fixture x;
    std::string tmpl = (std::filesystem::temp_directory_path() / "planmap-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    x.dir = tmpl;
    x.store = data::createProject(x.dir + "/p.planmap");
    x.store->addUser("", {"planner1", data::Role::Planner, "Planner"});
    data::LayerDef rivers{"rivers", "河道", "Rivers", "LineString", true, 10, {}};
    rivers.fields = {data::FieldDef{"grade", "text"}, data::FieldDef{"width_m", "real"}};
    data::LayerDef toilets{"toilets", "公厕", "Toilets", "Point", true, 20, {}};
    toilets.fields = {data::FieldDef{"beds", "integer"}, data::FieldDef{"kind", "text"}};
    toilets.fields[1].values = {"overhaul", "beautiful"};
    data::LayerDef forest{"forest", "公益林", "Forest", "Polygon", true, 30, {}};
    x.store->addLayer("planner1", rivers);
    x.store->addLayer("planner1", toilets);
    x.store->addLayer("planner1", forest);
    x.store->addLayer("planner1", data::LayerDef{"boundary", "镇界", "Boundary", "Polygon", false, 0, {}});
    data::Feature b;
    b.layerId = "boundary";
    b.name = "浦江镇";
    b.geometry = gis::Geometry::fromWkt(
        "POLYGON ((121.45 30.98, 121.58 30.98, 121.58 31.13, 121.45 31.13, 121.45 30.98))");
    x.store->addFeature("planner1", b);
    return x;
  }();
  return f;
}

bool looksLikeJson(const std::uint8_t *data, std::size_t size)
{
  for (std::size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
  Fixture &fx = fixture();
  const bool json = looksLikeJson(data, size);
  const std::string path = fx.dir + (json ? "/in.geojson" : "/in.csv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
  }
  data::ImportOptions o;
  o.file = path;
  o.user = "planner1";
  o.dryRun = true;
  // The target follows from the input, so a replay meets the same one.
  static const char *kTargets[] = {"", "rivers", "toilets", "forest"};
  const std::size_t pick = size % 4;
  o.layer = pick == 0 ? "fuzzed" : kTargets[pick];
  o.newLayer = pick == 0;
  if (!json) o.crs = "EPSG:4326"; // a CSV carries no CRS; without one it is refused up front
  try {
    const data::ImportReport r = data::Importer(*fx.store).run(o);
    (void)r.text();
  } catch (const data::ImportError &) {
  } catch (const data::StoreError &) {
  } catch (const gis::Error &) {
  } catch (const std::runtime_error &) {
    // ImportStaging and GDAL wrappers report unreadable files as runtime_error.
  }
  std::remove(path.c_str());
  return 0;
}
