#include "layers/sample/SampleTown.h"
#include "data/store/Store.h"
#include "gis/Geodesic.h"
#include "gis/Geos.h"
#include "layers/plan/Plan.h"
#include "layers/sample/SampleGeometry.h"
#include "tests/common/SampleFixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace {

using layers::SampleGeometry;

class SampleTown : public ::testing::Test
{
protected:
  void SetUp() override { mStore = data::openProject(testutil::sampleProjectCopy(mDir)); }
  testutil::TempDir mDir;
  std::unique_ptr<data::Store> mStore;
};

std::string attr(const data::Feature &f, const char *name)
{
  auto it = f.attributes.find(name);
  return it == f.attributes.end() ? std::string() : data::valueToString(it->second);
}

// Everything that identifies a feature table's content, in store order.
std::vector<std::string> table(const data::Store &store)
{
  std::vector<std::string> rows;
  for (const auto &layer : store.layers())
    for (const auto &f : store.features(layer.id))
      rows.push_back(layer.id + "|" + f.code + "|" + f.name + "|" + f.geometry.toWkt(17) + "|" +
                     data::attributesToJson(f.attributes));
  for (const auto &e : store.allEvents())
    rows.push_back(std::to_string(e.featureId) + "|" + data::eventKindName(e.kind) + "|" + e.date + "|" +
                   std::to_string(e.fromM.value_or(-1)) + "|" + std::to_string(e.toM.value_or(-1)) + "|" +
                   e.user);
  return rows;
}

} // namespace

TEST_F(SampleTown, Has263RiversAddingUpTo87Point1Km)
{
  const auto rivers = mStore->features("rivers");
  ASSERT_EQ(rivers.size(), 263u);
  double total = 0;
  std::set<std::string> names, codes;
  for (const auto &r : rivers) {
    ASSERT_EQ(r.geometry.type(), gis::Geometry::Type::LineString) << r.code;
    total += gis::geodesicLength(r.geometry);
    names.insert(r.name);
    codes.insert(r.code);
    EXPECT_FALSE(attr(r, "wq_class").empty()) << r.code;
  }
  EXPECT_NEAR(total / 1000, 87.1, 0.05);
  EXPECT_EQ(names.size(), rivers.size());
  EXPECT_EQ(codes.size(), rivers.size());
}

TEST_F(SampleTown, BoundaryHasTheTownsSizeAndPlace)
{
  const auto boundary = mStore->features("boundary");
  ASSERT_EQ(boundary.size(), 1u);
  const double km2 = gis::geodesicArea(boundary[0].geometry) / 1e6;
  EXPECT_GE(km2, 95);
  EXPECT_LE(km2, 110);
  const gis::Envelope e = boundary[0].geometry.envelope();
  EXPECT_GE(e.minX, SampleGeometry::kMinLon);
  EXPECT_LE(e.maxX, SampleGeometry::kMaxLon);
  EXPECT_GE(e.minY, SampleGeometry::kMinLat);
  EXPECT_LE(e.maxY, SampleGeometry::kMaxLat);
  EXPECT_TRUE(gis::isValid(boundary[0].geometry));
  // Every generated feature lies inside the box too (the Huangpu included).
  for (const auto &layer : mStore->layers())
    for (const auto &f : mStore->features(layer.id)) {
      const gis::Envelope fe = f.geometry.envelope();
      EXPECT_TRUE(fe.minX >= SampleGeometry::kMinLon && fe.maxX <= SampleGeometry::kMaxLon &&
                  fe.minY >= SampleGeometry::kMinLat && fe.maxY <= SampleGeometry::kMaxLat)
          << f.code;
    }
}

TEST_F(SampleTown, VillagesCoverTheBoundary)
{
  const gis::Geometry boundary = mStore->features("boundary").at(0).geometry;
  const auto villages = mStore->features("villages");
  EXPECT_GE(villages.size(), 15u);
  EXPECT_LE(villages.size(), 25u);
  gis::Geometry all;
  double sum = 0;
  std::set<std::string> names;
  for (const auto &v : villages) {
    all = all.isEmpty() ? v.geometry : gis::unionOf(all, v.geometry);
    sum += gis::geodesicArea(v.geometry);
    names.insert(v.name);
  }
  const double town = gis::geodesicArea(boundary);
  EXPECT_LT(gis::geodesicArea(gis::difference(boundary, all)), town * 1e-6);
  EXPECT_NEAR(sum, town, town * 1e-6); // no overlaps either
  for (const char *name : {"革新村", "建东村", "建新村"})
    EXPECT_TRUE(names.count(name)) << name;
}

TEST_F(SampleTown, HasTheSitesOfEveryLocatedTarget)
{
  const layers::Plan plan = layers::Plan::fromFile(layers::bundledPlanPath("pujiang-2020"));
  for (const auto &t : plan.targets) {
    if (!t.isLocated() || t.kind == data::TargetKind::Ratio) continue;
    double planned = 0;
    for (const auto &f : mStore->features(t.layerId)) {
      if (!t.filterAttr.empty() && attr(f, t.filterAttr.c_str()) != t.filterValue) continue;
      if (t.kind == data::TargetKind::Count) planned += 1;
      if (t.kind == data::TargetKind::Length) planned += gis::geodesicLength(f.geometry) / 1000;
      if (t.kind == data::TargetKind::Area) planned += gis::squareMetresToMu(gis::geodesicArea(f.geometry));
      if (t.kind == data::TargetKind::AttributeSum) planned += std::stod("0" + attr(f, t.attribute.c_str()));
    }
    EXPECT_GE(planned, t.goal - 0.05) << t.id;
  }
  // The sums the plan states exactly.
  double careBeds = 0, basicBeds = 0;
  for (const auto &f : mStore->features("elder_care")) {
    if (attr(f, "project") == "care_home_open") careBeds += std::stod(attr(f, "beds"));
    if (!attr(f, "basic_beds").empty()) basicBeds += std::stod(attr(f, "basic_beds"));
  }
  EXPECT_DOUBLE_EQ(careBeds, 129);
  EXPECT_DOUBLE_EQ(basicBeds, 180);
  double forestMu = 0;
  for (const auto &f : mStore->features("forest_plots"))
    forestMu += gis::squareMetresToMu(gis::geodesicArea(f.geometry));
  EXPECT_GE(forestMu, 150);
  std::set<std::string> started;
  int accept = 0;
  for (const auto &f : mStore->features("beautiful_villages")) {
    if (attr(f, "phase") == "start") started.insert(attr(f, "village"));
    accept += attr(f, "phase") == "accept";
  }
  EXPECT_EQ(accept, 7);
  EXPECT_EQ(started, (std::set<std::string>{"建东村", "建新村"}));
  std::set<std::string> lakes;
  for (const auto &f : mStore->features("water"))
    if (attr(f, "project") == "lake_project") lakes.insert(f.name);
  EXPECT_EQ(lakes, (std::set<std::string>{"榃湖", "涔湖"}));
}

TEST_F(SampleTown, SaysItIsSyntheticAndHasItsUsers)
{
  EXPECT_TRUE(mStore->isSynthetic());
  EXPECT_NE(mStore->meta("notice").find("ynthetic"), std::string::npos);
  EXPECT_FALSE(mStore->meta("title").empty());
  ASSERT_TRUE(mStore->plan());
  EXPECT_EQ(mStore->plan()->id, "pujiang-2020");
  EXPECT_EQ(mStore->user("planner1")->role, data::Role::Planner);
  EXPECT_EQ(mStore->user("engineer1")->role, data::Role::Engineer);
  EXPECT_EQ(mStore->user("leader1")->role, data::Role::Leader);
}

TEST_F(SampleTown, HistoryStaysInsideThePlanPeriod)
{
  const auto events = mStore->allEvents();
  ASSERT_FALSE(events.empty());
  bool stretches = false;
  for (const auto &e : events) {
    EXPECT_GE(e.date, "2020-05-15");
    EXPECT_LE(e.date, "2020-11-30");
    EXPECT_TRUE(e.user == "engineer1" || e.user == "planner1") << e.user;
    stretches |= e.kind == data::EventKind::Stretch;
  }
  EXPECT_TRUE(stretches);
  EXPECT_FALSE(mStore->measurements("aqi_good_rate").empty());
}

TEST(SampleTownGeneration, IsDeterministicForASeed)
{
  testutil::TempDir dir;
  layers::writeSampleTown(dir.file("a.planmap"));
  layers::writeSampleTown(dir.file("b.planmap"));
  layers::writeSampleTown(dir.file("c.planmap"), {7});
  const auto a = table(*data::openProject(dir.file("a.planmap")));
  const auto b = table(*data::openProject(dir.file("b.planmap")));
  const auto c = table(*data::openProject(dir.file("c.planmap")));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(SampleTownGeneration, RefusesAnExistingFileAndLeavesItAlone)
{
  testutil::TempDir dir;
  const std::string path = dir.file("taken.planmap");
  {
    std::ofstream(path) << "mine";
  }
  EXPECT_THROW(layers::writeSampleTown(path), std::runtime_error);
  EXPECT_EQ(testutil::readFile(path), "mine");
}
