#pragma once

// Shared by the import/export tests: a small real project and a writer for test input files
// through GDAL itself.
#include "data/io/Importer.h"
#include "data/store/Store.h"
#include "gis/Ogr.h"
#include "tests/common/TestUtil.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace importtest {

// Pujiang-sized box: the boundary of the test town.
inline const char *kBoundaryWkt =
    "POLYGON ((121.45 30.98, 121.58 30.98, 121.58 31.13, 121.45 31.13, 121.45 30.98))";

inline std::unique_ptr<data::Store> makeProject(const std::string &path, bool withBoundary = true)
{
  auto s = data::createProject(path);
  s->addUser("", {"planner1", data::Role::Planner, "Planner"});
  s->addUser("planner1", {"leader1", data::Role::Leader, "Leader"});
  s->addUser("planner1", {"engineer1", data::Role::Engineer, "Engineer"});
  data::LayerDef rivers{"rivers", "河道", "Rivers", "LineString", true, 10, {}};
  rivers.fields = {data::FieldDef{"grade", "text"}, data::FieldDef{"width_m", "real"}};
  rivers.fields[0].labelZh = "水质";
  data::LayerDef toilets{"toilets", "公厕", "Toilets", "Point", true, 20, {}};
  toilets.fields = {data::FieldDef{"beds", "integer"}, data::FieldDef{"kind", "text"}};
  toilets.fields[1].values = {"overhaul", "beautiful"};
  data::LayerDef forest{"forest", "公益林", "Forest", "Polygon", true, 30, {}};
  forest.fields = {data::FieldDef{"species", "text"}};
  s->addLayer("planner1", rivers);
  s->addLayer("planner1", toilets);
  s->addLayer("planner1", forest);
  if (withBoundary) {
    s->addLayer("planner1", data::LayerDef{"boundary", "镇界", "Boundary", "Polygon", false, 0, {}});
    data::Feature b;
    b.layerId = "boundary";
    b.name = "浦江镇";
    b.geometry = gis::Geometry::fromWkt(kBoundaryWkt);
    s->addFeature("planner1", b);
  }
  return s;
}

using Cell = std::variant<std::monostate, long long, double, std::string>;

struct InFeature
{
  std::string wkt; // "" = no geometry
  std::vector<Cell> values;
};

struct InField
{
  std::string name;
  OGRFieldType type = OFTString;
};

// Writes one layer with GDAL. `epsg` 0 writes no CRS.
inline void writeVector(const std::string &path, const std::string &driver, const std::string &layerName,
                        int epsg, OGRwkbGeometryType type, const std::vector<InField> &fields,
                        const std::vector<InFeature> &features,
                        const std::vector<std::string> &layerOptions = {})
{
  gis::ensureGdalRegistered();
  GDALDriverH drv = GDALGetDriverByName(driver.c_str());
  ASSERT_NE(drv, nullptr) << driver;
  gis::GdalDataset ds(GDALCreate(drv, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(ds) << path << ": " << CPLGetLastErrorMsg();
  OGRSpatialReferenceH srs = nullptr;
  if (epsg) {
    srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, epsg);
  }
  std::vector<const char *> opts;
  for (const auto &o : layerOptions)
    opts.push_back(o.c_str());
  opts.push_back(nullptr);
  OGRLayerH l =
      GDALDatasetCreateLayer(ds.get(), layerName.c_str(), srs, type, const_cast<char **>(opts.data()));
  if (srs) OSRRelease(srs);
  ASSERT_NE(l, nullptr) << CPLGetLastErrorMsg();
  for (const auto &f : fields) {
    OGRFieldDefnH fd = OGR_Fld_Create(f.name.c_str(), f.type);
    OGR_L_CreateField(l, fd, TRUE);
    OGR_Fld_Destroy(fd);
  }
  for (const auto &in : features) {
    gis::OgrFeature f(OGR_F_Create(OGR_L_GetLayerDefn(l)));
    for (std::size_t i = 0; i < in.values.size(); ++i) {
      const int fi = static_cast<int>(i);
      if (const auto *v = std::get_if<long long>(&in.values[i]))
        OGR_F_SetFieldInteger64(f.get(), fi, *v);
      else if (const auto *d = std::get_if<double>(&in.values[i]))
        OGR_F_SetFieldDouble(f.get(), fi, *d);
      else if (const auto *s = std::get_if<std::string>(&in.values[i]))
        OGR_F_SetFieldString(f.get(), fi, s->c_str());
    }
    if (!in.wkt.empty()) {
      OGRGeometryH g = nullptr;
      char *p = const_cast<char *>(in.wkt.c_str());
      ASSERT_EQ(OGR_G_CreateFromWkt(&p, nullptr, &g), OGRERR_NONE) << in.wkt;
      OGR_F_SetGeometryDirectly(f.get(), g);
    }
    ASSERT_EQ(OGR_L_CreateFeature(l, f.get()), OGRERR_NONE) << CPLGetLastErrorMsg();
  }
}

inline void writeText(const std::string &path, const std::string &text)
{
  FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

// Largest coordinate difference between two geometries of the same shape, in degrees; 1e9 when
// their shapes differ.
inline double maxVertexDiff(const gis::Geometry &a, const gis::Geometry &b)
{
  if (a.parts().size() != b.parts().size()) return 1e9;
  double worst = 0;
  for (std::size_t i = 0; i < a.parts().size(); ++i) {
    if (a.parts()[i].size() != b.parts()[i].size()) return 1e9;
    for (std::size_t j = 0; j < a.parts()[i].size(); ++j) {
      const auto &pa = a.parts()[i][j];
      const auto &pb = b.parts()[i][j];
      if (pa.size() != pb.size()) return 1e9;
      // Writers may reverse a ring's orientation (Shapefile outer rings go clockwise).
      double forward = 0, backward = 0;
      for (std::size_t k = 0; k < pa.size(); ++k) {
        const auto &q = pb[pa.size() - 1 - k];
        forward = std::max({forward, std::fabs(pa[k].x - pb[k].x), std::fabs(pa[k].y - pb[k].y)});
        backward = std::max({backward, std::fabs(pa[k].x - q.x), std::fabs(pa[k].y - q.y)});
      }
      worst = std::max(worst, std::min(forward, backward));
    }
  }
  return worst;
}

// The importer's tests: a fresh project and the options for one file and layer.
class ImportTest : public ::testing::Test
{
protected:
  void SetUp() override { store = makeProject(dir.file("p.planmap")); }

  data::ImportOptions options(const std::string &file, const std::string &layer)
  {
    data::ImportOptions o;
    o.file = file;
    o.layer = layer;
    o.user = "planner1";
    return o;
  }
  data::ImportReport run(const data::ImportOptions &o) { return data::Importer(*store).run(o); }

  testutil::TempDir dir;
  std::unique_ptr<data::Store> store;
};

// The message of what `fn` throws ("" when it throws nothing).
inline std::string errorOf(const std::function<void()> &fn)
{
  try {
    fn();
  } catch (const std::exception &e) {
    return e.what();
  }
  return {};
}

} // namespace importtest
