#pragma once

#include "data/spatialite/SpatiaLiteStore.h"
#include "gis/Geodesic.h"
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace testdata {

// Near Pujiang: rivers run east from here, sites sit around it.
inline gis::Point origin()
{
  return {121.50, 31.05};
}

// A straight river `metres` long starting `northM` metres north of origin().
inline gis::Geometry riverLine(double metres, double northM = 0)
{
  const gis::Point a = gis::geodesicDirect(origin(), 0, northM);
  return gis::Geometry::lineString(
      {a, gis::geodesicDirect(a, 90, metres / 2), gis::geodesicDirect(a, 90, metres)});
}

inline gis::Geometry square(gis::Point sw, double sideM)
{
  const gis::Point se = gis::geodesicDirect(sw, 90, sideM), nw = gis::geodesicDirect(sw, 0, sideM);
  const gis::Point ne{se.x, nw.y};
  return gis::Geometry::polygon({{{sw, se, ne, nw, sw}}});
}

inline data::LayerDef riversLayer()
{
  data::LayerDef l;
  l.id = "rivers";
  l.nameZh = "河道";
  l.nameEn = "Rivers";
  l.geometryType = "LineString";
  l.tracked = true;
  l.sortOrder = 20;
  l.fields = {{"village", "text", false, {}, "村", "Village"},
              {"width", "real", false, {}, "宽度", "Width"},
              {"grade", "text", false, {"II", "III", "IV", "V", "worse"}, "水质", "Water quality"}};
  return l;
}

inline data::LayerDef toiletsLayer()
{
  data::LayerDef l;
  l.id = "toilets";
  l.nameZh = "公厕";
  l.nameEn = "Public toilets";
  l.geometryType = "Point";
  l.tracked = true;
  l.sortOrder = 30;
  l.fields = {{"beds", "integer", false, {}, "", ""}};
  return l;
}

inline data::LayerDef forestLayer()
{
  data::LayerDef l;
  l.id = "forest";
  l.nameZh = "公益林";
  l.nameEn = "Public-welfare forest";
  l.geometryType = "Polygon";
  l.tracked = true;
  l.sortOrder = 10;
  return l;
}

inline data::LayerDef roadsLayer()
{
  data::LayerDef l;
  l.id = "roads";
  l.nameZh = "道路";
  l.nameEn = "Roads";
  l.geometryType = "LineString";
  l.sortOrder = 5;
  return l;
}

inline data::Feature river(const std::string &code, double metres, double northM = 0)
{
  data::Feature f;
  f.layerId = "rivers";
  f.code = code;
  f.name = "河 " + code;
  f.geometry = riverLine(metres, northM);
  f.attributes = {{"village", std::string("建东村")}, {"width", 4.5}, {"grade", std::string("IV")}};
  return f;
}

inline data::Event stretch(std::int64_t featureId, double from, double to, const std::string &date)
{
  data::Event e;
  e.featureId = featureId;
  e.kind = data::EventKind::Stretch;
  e.fromM = from;
  e.toM = to;
  e.date = date;
  return e;
}

inline data::Event statusEvent(std::int64_t featureId, data::Status s, const std::string &date)
{
  data::Event e;
  e.featureId = featureId;
  e.kind = data::EventKind::Status;
  e.status = s;
  e.date = date;
  return e;
}

// A fresh project with a planner, an engineer and a leader and four layers (rivers, toilets,
// forest tracked; roads not).
// The users (planner1, engineer1, leader1) and the layers every store test starts with.
inline void addUsersAndLayers(data::Store &store)
{
  store.addUser("", {"planner1", data::Role::Planner, "规划员"});
  store.addUser("planner1", {"engineer1", data::Role::Engineer, "工程师"});
  store.addUser("planner1", {"leader1", data::Role::Leader, "领导"});
  for (const auto &l : {riversLayer(), toiletsLayer(), forestLayer(), roadsLayer()})
    store.addLayer("planner1", l);
}

class StoreTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    path = dir.file("test.planmap");
    store = data::SpatiaLiteStore::create(path);
    addUsersAndLayers(*store);
  }

  std::int64_t addToilet(const std::string &code, gis::Point p)
  {
    data::Feature f;
    f.layerId = "toilets";
    f.code = code;
    f.geometry = gis::Geometry::point(p);
    return store->addFeature("planner1", f);
  }

  testutil::TempDir dir;
  std::string path;
  std::unique_ptr<data::SpatiaLiteStore> store;
};

// Everything a user can see in the project, as text: two equal snapshots mean nothing changed.
std::string snapshot(const data::Store &s);

} // namespace testdata
