#include "layers/sample/Generate.h"

#include "data/store/Store.h"
#include "gis/Geodesic.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace {

std::unique_ptr<data::Store> generate(const testutil::TempDir &dir, const std::string &name,
                                      const layers::GenerateOptions &options)
{
  const std::string path = dir.file(name);
  layers::writeGeneratedProject(path, options);
  return data::openProject(path);
}

// Everything that identifies a project's features and events, in store order.
std::vector<std::string> content(const data::Store &store)
{
  std::vector<std::string> rows;
  for (const auto &layer : store.layers())
    for (const auto &f : store.features(layer.id))
      rows.push_back(layer.id + "|" + f.code + "|" + f.name + "|" + f.geometry.toWkt(17) + "|" +
                     data::attributesToJson(f.attributes));
  for (const auto &e : store.allEvents())
    rows.push_back(std::to_string(e.featureId) + "|" + data::eventKindName(e.kind) + "|" + e.date + "|" +
                   std::to_string(e.fromM.value_or(-1)) + "|" + std::to_string(e.toM.value_or(-1)));
  return rows;
}

layers::GenerateOptions options(int rivers, std::uint64_t seed = 7)
{
  layers::GenerateOptions o;
  o.rivers = rivers;
  o.seed = seed;
  return o;
}

} // namespace

TEST(Generate, SameSeedSameProjectOtherSeedOtherProject)
{
  testutil::TempDir dir;
  const auto a = content(*generate(dir, "a.planmap", options(400, 11)));
  const auto b = content(*generate(dir, "b.planmap", options(400, 11)));
  const auto c = content(*generate(dir, "c.planmap", options(400, 12)));
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Generate, WritesTheRequestedCounts)
{
  testutil::TempDir dir;
  layers::GenerateOptions o = options(500);
  o.sites = 321;
  o.plots = 17;
  o.villages = 37; // not a square: the last grid row is partial
  const auto store = generate(dir, "p.planmap", o);
  EXPECT_EQ(store->featureCount("rivers"), 500u);
  EXPECT_EQ(store->featureCount("villages"), 37u);
  EXPECT_EQ(store->featureCount("forest_plots"), 17u);
  std::size_t sites = 0;
  for (const char *layer : {"toilets", "waste_rooms", "households", "elder_care", "facilities"}) {
    EXPECT_GT(store->featureCount(layer), 0u) << layer;
    sites += store->featureCount(layer);
  }
  EXPECT_EQ(sites, 321u);
  EXPECT_EQ(store->featureCount("boundary"), 1u);
  std::set<std::string> codes;
  for (const auto &f : store->features("rivers"))
    codes.insert(f.code);
  EXPECT_EQ(codes.size(), 500u);
  EXPECT_TRUE(store->isSynthetic());
}

TEST(Generate, AreaAndRiverLengthScaleWithTheRiverCount)
{
  testutil::TempDir dir;
  for (int towns : {1, 4}) {
    const auto store = generate(dir, "t" + std::to_string(towns) + ".planmap", options(263 * towns));
    const auto boundary = store->features("boundary");
    ASSERT_EQ(boundary.size(), 1u);
    EXPECT_NEAR(gis::geodesicArea(boundary[0].geometry) / 1e6, 102.0 * towns, 0.05 * 102 * towns) << towns;
    double total = 0;
    for (const auto &r : store->features("rivers"))
      total += gis::geodesicLength(r.geometry);
    EXPECT_NEAR(total / 1000, 87.1 * towns, 0.001 * 87.1 * towns) << towns;
    // Every river lies inside the region (to a metre: the length fit scales about the source).
    const auto villages = store->features("villages");
    gis::Envelope e = boundary[0].geometry.envelope();
    for (const auto &r : store->features("rivers")) {
      const gis::Envelope re = r.geometry.envelope();
      EXPECT_TRUE(re.minX > e.minX - 1e-4 && re.maxX < e.maxX + 1e-4 && re.minY > e.minY - 1e-4 &&
                  re.maxY < e.maxY + 1e-4)
          << r.code;
    }
  }
}

TEST(Generate, CarriesTheScaledPlanAndAHalfDoneHistory)
{
  testutil::TempDir dir;
  const auto store = generate(dir, "h.planmap", options(263 * 3));
  const layers::Plan plan = layers::Plan::fromJson(store->plan()->json, "stored plan");
  const layers::Rollup rollup = layers::computeRollup(*store, plan);
  ASSERT_NE(plan.target("river_count"), nullptr);
  EXPECT_DOUBLE_EQ(plan.target("river_count")->goal, 789); // the stored plan text carries the goals
  std::map<std::string, double> goals;
  for (const auto &t : store->targets())
    goals[t.id] = t.goal;
  EXPECT_DOUBLE_EQ(goals["river_count"], 789);
  EXPECT_NEAR(goals["river_remediation"], 3 * 87.1, 0.05);
  EXPECT_DOUBLE_EQ(goals["toilet_overhaul"], 12);
  EXPECT_DOUBLE_EQ(goals["river_subgrade_v"], 5); // a rate does not scale

  const layers::TargetProgress *km = rollup.target("river_remediation");
  ASSERT_NE(km, nullptr);
  // About half the network done, as in the sample town: more than a third, less than two thirds.
  EXPECT_GT(km->value, 87.1 * 3 / 3);
  EXPECT_LT(km->value, 87.1 * 3 * 2 / 3);
  EXPECT_GT(km->featuresDone, 0);
  EXPECT_FALSE(store->allEvents().empty());
}

TEST(Generate, RefusesBadCountsAndExistingFiles)
{
  testutil::TempDir dir;
  layers::GenerateOptions o = options(0);
  EXPECT_THROW(o.resolved(), std::invalid_argument);
  o = options(100);
  o.villages = 0;
  EXPECT_THROW(layers::writeGeneratedProject(dir.file("x.planmap"), o), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.planmap")));
  const std::string existing = dir.file("y.planmap");
  std::ofstream(existing) << "keep";
  EXPECT_THROW(layers::writeGeneratedProject(existing, options(100)), std::runtime_error);
  EXPECT_EQ(testutil::readFile(existing), "keep");
}
