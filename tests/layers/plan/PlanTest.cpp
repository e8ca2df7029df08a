#include "layers/plan/Plan.h"
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>

namespace {

layers::Plan bundled()
{
  return layers::Plan::fromFile(layers::bundledPlanPath("pujiang-2020"));
}

// The error message of parsing the bundled plan after `edit`, "" when it parses.
using Json = nlohmann::json;

std::string errorAfter(const std::function<void(Json &)> &edit)
{
  Json root = Json::parse(bundled().json);
  edit(root);
  try {
    layers::Plan::fromJson(root.dump(2), "broken.json");
  } catch (const std::runtime_error &e) {
    return e.what();
  }
  return {};
}

// Applies `edit` to the target with id `id`.
std::function<void(Json &)> onTarget(const std::string &id, std::function<void(Json &)> edit)
{
  return [id, edit](Json &root) {
    for (Json &t : root["targets"])
      if (t["id"] == id) edit(t);
  };
}

bool contains(const std::string &text, const std::string &part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST(Plan, BundledPlanHasItsHeader)
{
  const layers::Plan p = bundled();
  EXPECT_EQ(p.id, "pujiang-2020");
  EXPECT_EQ(p.docNumber, "闵浦府[2020]41号");
  EXPECT_EQ(p.startDate, "2020-05-15");
  EXPECT_EQ(p.deadline, "2020-12-31");
  EXPECT_EQ(p.town, "浦江镇");
  EXPECT_FALSE(p.titleZh.empty());
  EXPECT_FALSE(p.titleEn.empty());
}

TEST(Plan, HasEveryTargetOfTablesOneToFourAndTheLocatedMeasures)
{
  const layers::Plan p = bundled();
  // Table 1 (10 rows), table 2 (5), table 3 (12), table 4 (14 rows, rivers counted twice: km and
  // number), and the located measures of section 三.7.
  const char *ids[] = {"product_spot_check_pass",
                       "food_safety_pass",
                       "drug_spot_check_pass",
                       "medical_device_coverage",
                       "agri_product_pass",
                       "agri_standard_bases",
                       "agri_traceability_coverage",
                       "vegetable_green_control",
                       "vegetable_waste_equipment",
                       "green_food_certification",
                       "general_accidents",
                       "major_accidents",
                       "major_project_acceptance",
                       "housing_main_items_pass",
                       "housing_general_items_pass",
                       "scenic_areas_4a",
                       "tourist_info_centers",
                       "elder_home_completed",
                       "elder_home_opened",
                       "care_home_opened",
                       "basic_elder_beds",
                       "care_home_beds",
                       "health_center_completed",
                       "health_stations_opened",
                       "culture_sports_center_completed",
                       "sports_venues_built",
                       "markets_standardised",
                       "accessibility_households",
                       "old_housing_renovation",
                       "estate_leak_repair",
                       "estate_insulation",
                       "toilet_overhaul",
                       "toilet_beautiful",
                       "waste_room_rebuild",
                       "public_forest",
                       "aqi_good_rate",
                       "pm25_daily",
                       "river_subgrade_v",
                       "river_remediation",
                       "river_count",
                       "waste_harmless_treatment",
                       "lake_projects",
                       "lianhang_greening",
                       "beautiful_villages_accepted",
                       "beautiful_villages_started"};
  for (const char *id : ids)
    EXPECT_NE(p.target(id), nullptr) << id;
  EXPECT_EQ(p.targets.size(), std::size(ids));
  for (const char *group : {"product", "engineering", "services", "environment"})
    EXPECT_TRUE(std::any_of(p.targets.begin(), p.targets.end(), [&](auto &t) { return t.group == group; }))
        << group;
}

TEST(Plan, SpotChecksTargets)
{
  const layers::Plan p = bundled();
  const layers::Target *river = p.target("river_remediation");
  ASSERT_TRUE(river);
  EXPECT_STREQ(river->kindName(), "length");
  EXPECT_DOUBLE_EQ(river->goal, 87.1);
  EXPECT_EQ(river->unit, "km");
  EXPECT_EQ(river->layerId, "rivers");
  EXPECT_EQ(river->minStatus, data::Status::Completed);
  EXPECT_DOUBLE_EQ(p.target("river_count")->goal, 263);

  const layers::Target *subV = p.target("river_subgrade_v");
  EXPECT_STREQ(subV->kindName(), "ratio");
  EXPECT_DOUBLE_EQ(subV->goal, 5);
  EXPECT_STREQ(subV->comparatorSymbol(), "<=");
  EXPECT_EQ(subV->attribute, "wq_class");
  EXPECT_EQ(subV->ratioValues, std::vector<std::string>{"劣V"});

  const layers::Target *toilets = p.target("toilet_overhaul");
  EXPECT_STREQ(toilets->kindName(), "count");
  EXPECT_DOUBLE_EQ(toilets->goal, 4);
  EXPECT_EQ(toilets->unit, "座");
  EXPECT_EQ(toilets->filterAttr, "project");
  EXPECT_EQ(toilets->filterValue, "overhaul");

  const layers::Target *forest = p.target("public_forest");
  EXPECT_STREQ(forest->kindName(), "area");
  EXPECT_DOUBLE_EQ(forest->goal, 150);
  EXPECT_EQ(forest->unit, "亩");
  EXPECT_EQ(forest->unitEn, "mu");

  const layers::Target *beds = p.target("care_home_beds");
  EXPECT_STREQ(beds->kindName(), "attribute_sum");
  EXPECT_DOUBLE_EQ(beds->goal, 129);
  EXPECT_EQ(beds->attribute, "beds");
  EXPECT_DOUBLE_EQ(p.target("basic_elder_beds")->goal, 180);

  EXPECT_EQ(p.target("beautiful_villages_accepted")->minStatus, data::Status::Accepted);
  EXPECT_DOUBLE_EQ(p.target("beautiful_villages_accepted")->goal, 7);
  EXPECT_EQ(p.target("beautiful_villages_started")->minStatus, data::Status::InProgress);

  const layers::Target *spot = p.target("product_spot_check_pass");
  EXPECT_STREQ(spot->kindName(), "indicator");
  EXPECT_DOUBLE_EQ(spot->goal, 95);
  EXPECT_STREQ(spot->comparatorSymbol(), ">=");
  EXPECT_EQ(spot->unit, "%");
  EXPECT_TRUE(spot->layerId.empty());
  EXPECT_STREQ(p.target("pm25_daily")->comparatorSymbol(), "<=");
  EXPECT_DOUBLE_EQ(p.target("pm25_daily")->goal, 50);
}

TEST(Plan, DeclaresTheContractLayers)
{
  const layers::Plan p = bundled();
  const std::pair<const char *, const char *> expected[] = {
      {"boundary", "Polygon"},  {"villages", "Polygon"},
      {"roads", "LineString"},  {"water", "Polygon"},
      {"rivers", "LineString"}, {"toilets", "Point"},
      {"waste_rooms", "Point"}, {"forest_plots", "Polygon"},
      {"elder_care", "Point"},  {"beautiful_villages", "Polygon"}};
  for (auto [id, type] : expected) {
    auto l = std::find_if(p.layers.begin(), p.layers.end(), [&](auto &x) { return x.id == id; });
    ASSERT_NE(l, p.layers.end()) << id;
    EXPECT_EQ(l->geometryType, type) << id;
    EXPECT_FALSE(l->nameZh.empty());
    EXPECT_FALSE(l->nameEn.empty());
  }
  auto rivers = std::find_if(p.layers.begin(), p.layers.end(), [](auto &x) { return x.id == "rivers"; });
  EXPECT_TRUE(rivers->tracked);
  const auto &wq = rivers->fields.front();
  EXPECT_EQ(wq.name, "wq_class");
  EXPECT_EQ(wq.values, (std::vector<std::string>{"I", "II", "III", "IV", "V", "劣V"}));
}

TEST(Plan, RecordsForTheStore)
{
  const layers::Plan p = bundled();
  const data::PlanRecord r = p.record();
  EXPECT_EQ(r.id, p.id);
  EXPECT_EQ(r.docNumber, p.docNumber);
  EXPECT_EQ(layers::Plan::fromJson(r.json, "stored").targets.size(), p.targets.size());
  const auto records = p.targetRecords();
  ASSERT_EQ(records.size(), p.targets.size());
  for (const auto &rec : records) {
    EXPECT_TRUE(Json::accept(rec.ruleJson)) << rec.id << ": " << rec.ruleJson;
  }
  const auto river =
      std::find_if(records.begin(), records.end(), [](auto &x) { return x.id == "river_subgrade_v"; });
  EXPECT_TRUE(contains(river->ruleJson, "wq_class"));
}

TEST(Plan, RejectsBrokenPlansNamingTheField)
{
  std::string e = errorAfter(onTarget("toilet_overhaul", [](Json &t) { t["kind"] = "cnt"; }));
  EXPECT_TRUE(contains(e, "broken.json")) << e;
  EXPECT_TRUE(contains(e, "targets[")) << e;
  EXPECT_TRUE(contains(e, ".kind")) << e;
  EXPECT_TRUE(contains(e, "cnt")) << e;

  e = errorAfter(onTarget("river_remediation", [](Json &t) { t.erase("goal"); }));
  EXPECT_TRUE(contains(e, ".goal: missing")) << e;

  e = errorAfter(onTarget("river_remediation", [](Json &t) { t["goal"] = "87.1"; }));
  EXPECT_TRUE(contains(e, ".goal: must be a number")) << e;

  e = errorAfter(onTarget("toilet_overhaul", [](Json &t) { t["layer"] = "loos"; }));
  EXPECT_TRUE(contains(e, ".layer")) << e;
  EXPECT_TRUE(contains(e, "loos")) << e;

  e = errorAfter(onTarget("river_subgrade_v", [](Json &t) { t["rule"].erase("ratio_values"); }));
  EXPECT_TRUE(contains(e, ".rule.ratio_values")) << e;

  e = errorAfter(onTarget("toilet_overhaul", [](Json &t) { t["rule"]["min_status"] = "finished"; }));
  EXPECT_TRUE(contains(e, ".rule.min_status")) << e;

  e = errorAfter(onTarget("toilet_overhaul", [](Json &t) { t["rule"]["filter"]["value"] = "gold_plated"; }));
  EXPECT_TRUE(contains(e, ".rule.filter.value")) << e;

  e = errorAfter([](Json &root) { root["startDate"] = "15.05.2020"; });
  EXPECT_TRUE(contains(e, "broken.json: startDate")) << e;

  e = errorAfter([](Json &root) { root["targets"].push_back(root["targets"][0]); });
  EXPECT_TRUE(contains(e, "appears twice")) << e;

  e = errorAfter([](Json &root) { root["layers"][0]["fields"][0]["name"] = "status"; });
  EXPECT_TRUE(contains(e, "broken.json: layers[0]")) << e;
  EXPECT_TRUE(contains(e, "status")) << e;

  EXPECT_TRUE(errorAfter([](Json &) {}).empty());
}

TEST(Plan, RejectsTextThatIsNotJsonAndMissingFiles)
{
  try {
    layers::Plan::fromJson("{\"id\": \"x\",", "cut.json");
    FAIL() << "parsed a cut-off file";
  } catch (const std::runtime_error &e) {
    EXPECT_TRUE(contains(e.what(), "cut.json: not valid JSON")) << e.what();
  }
  testutil::TempDir dir;
  const std::string missing = dir.file("nope.json");
  try {
    layers::Plan::fromFile(missing);
    FAIL() << "read a missing file";
  } catch (const std::runtime_error &e) {
    EXPECT_TRUE(contains(e.what(), missing)) << e.what();
  }
}

namespace {

TEST(Plan, TheVillageLayerIsDeclaredByThePlan)
{
  EXPECT_EQ(bundled().villageLayer, "villages"); // no key: the layer with that id

  std::string e = errorAfter([](Json &root) { root["village_layer"] = "rivers"; });
  EXPECT_TRUE(contains(e, "village_layer")) << e;
  EXPECT_TRUE(contains(e, "not a Polygon layer")) << e;
  e = errorAfter([](Json &root) { root["village_layer"] = "hamlets"; });
  EXPECT_TRUE(contains(e, "'hamlets' is not one of the plan's layers")) << e;

  Json root = Json::parse(bundled().json);
  root["village_layer"] = "beautiful_villages";
  const auto p = layers::Plan::fromJson(root.dump(), "other.json");
  EXPECT_EQ(p.villageLayer, "beautiful_villages");
}

} // namespace
