// planmap-cli plan / new / targets and the schedule keys of status, run as a user runs them: the
// real binary on real project files, plan files and GeoJSON, CSV and XLSX tables.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include "data/store/Store.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using testutil::runCli;
using Json = nlohmann::json;

namespace {

std::string bundledPlan(const std::string &id)
{
  return std::string(PLANMAP_BUILD_DIR) + "/share/planmap/plans/" + id + ".json";
}

void writeText(const std::string &path, const std::string &text)
{
  std::ofstream(path, std::ios::binary) << text;
}

int lines(const std::string &text)
{
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// What a command must leave alone: the stored plan, the users, every event.
std::string projectState(const std::string &path)
{
  auto store = data::openProject(path);
  std::string s = store->plan() ? store->plan()->json : "-";
  for (const auto &u : store->users())
    s += "|" + u.name;
  return s + "|" + std::to_string(store->allEvents().size());
}

Json statusJson(const std::vector<std::string> &args)
{
  const auto r = runCli(args);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return Json::parse(r.out);
}

const Json &targetOf(const Json &status, const std::string &id)
{
  for (const auto &t : status["targets"])
    if (t["id"] == id) return t;
  static const Json none;
  ADD_FAILURE() << "no target " << id;
  return none;
}

// A square polygon feature in GeoJSON around (x, y), `d` degrees a side.
std::string square(double x, double y, double d, const std::string &name)
{
  auto p = [](double a, double b) { return "[" + std::to_string(a) + "," + std::to_string(b) + "]"; };
  return R"({"type":"Feature","properties":{"name":")" + name +
         R"("},"geometry":{"type":"Polygon","coordinates":[[)" + p(x, y) + "," + p(x + d, y) + "," +
         p(x + d, y + d) + "," + p(x, y + d) + "," + p(x, y) + "]]}}";
}

std::string collection(const std::vector<std::string> &features)
{
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i)
    out += (i ? "," : "") + features[i];
  return out + "]}";
}

class PlanCliTest : public ::testing::Test
{
protected:
  testutil::TempDir dir;
};

TEST_F(PlanCliTest, PlanListNamesBothBundledPlans)
{
  const auto r = runCli({"plan", "list"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("pujiang-2020"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("town-template"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("plan.schema"), std::string::npos) << r.out;
}

TEST_F(PlanCliTest, PlanCheckPassesTheBundledPlansAndListsEveryProblemOfABrokenOne)
{
  for (const char *id : {"pujiang-2020", "town-template"}) {
    const auto ok = runCli({"plan", "check", bundledPlan(id)});
    EXPECT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_NE(ok.out.find("OK"), std::string::npos) << ok.out;
  }
  Json plan = Json::parse(testutil::readFile(bundledPlan("pujiang-2020")));
  auto &targets = plan["targets"];
  auto index = [&](const std::string &id) {
    for (std::size_t i = 0; i < targets.size(); ++i)
      if (targets[i]["id"] == id) return i;
    return std::size_t(0);
  };
  const auto toilets = index("toilet_overhaul"), ratio = index("river_subgrade_v"),
             beds = index("basic_elder_beds");
  const auto rivers = index("river_remediation"), lakes = index("lake_projects");
  targets[toilets]["layer"] = "latrines";           // unknown layer
  targets[beds]["rule"]["attribute"] = "bed_count"; // a field the layer lacks
  targets[ratio]["rule"].erase("ratio_values");     // a ratio without its values
  targets[rivers]["milestones"] =
      Json::array({{{"date", "2021-03-31"}, {"value", 10}}}); // after the deadline
  targets[lakes]["lead_unit"] = "镇水务站";                   // not a key of the format
  const std::string file = dir.file("broken.json");
  writeText(file, plan.dump(2));

  const auto r = runCli({"plan", "check", file});
  EXPECT_NE(r.exitCode, 0);
  const std::string at = file + ": targets[";
  for (const std::string &expected :
       {at + std::to_string(toilets) + "].layer: 'latrines' is not one of the plan's layers",
        at + std::to_string(beds) + "].rule.attribute: layer 'elder_care' has no field 'bed_count'",
        at + std::to_string(ratio) + "].rule.ratio_values: a ratio target needs at least one value",
        at + std::to_string(rivers) + "].milestones[0].date: 2021-03-31 is outside the plan's period",
        at + std::to_string(lakes) + "].lead_unit: is not a key of the plan format"})
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << r.err;
  EXPECT_EQ(lines(r.err), 6) << r.err; // five problems and the count
}

TEST_F(PlanCliTest, PlanCheckNamesAFileThatIsNotJson)
{
  const std::string file = dir.file("bad.json");
  writeText(file, "{\"id\": \"x\",");
  const auto r = runCli({"plan", "check", file});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find(file + ": not valid JSON"), std::string::npos) << r.err;
}

TEST_F(PlanCliTest, PlanExportWritesTheProjectsPlanAndNeverOverTheProject)
{
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string before = projectState(project);
  const std::string out = dir.file("plan-out.json");
  const auto r = runCli({"plan", project, "export", out});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(runCli({"plan", "check", out}).exitCode, 0);
  EXPECT_EQ(Json::parse(testutil::readFile(out)), Json::parse(data::openProject(project)->plan()->json));

  const auto again = runCli({"plan", project, "export", out});
  EXPECT_NE(again.exitCode, 0);
  EXPECT_EQ(lines(again.err), 1) << again.err;
  EXPECT_EQ(runCli({"plan", project, "export", out, "--overwrite"}).exitCode, 0);
  const auto overProject = runCli({"plan", project, "export", project, "--overwrite"});
  EXPECT_NE(overProject.exitCode, 0);
  EXPECT_EQ(lines(overProject.err), 1) << overProject.err;
  EXPECT_EQ(projectState(project), before);
}

// A town that is not Pujiang: the template with other goals, one target less and a layer more.
std::string inventedTownPlan(const std::string &path)
{
  Json plan = Json::parse(testutil::readFile(bundledPlan("town-template")));
  plan["id"] = "qiancun-2021";
  plan["town"] = "前村镇";
  Json targets = Json::array();
  for (auto &t : plan["targets"]) {
    if (t["id"] == "river_count") continue;
    if (t["id"] == "toilet_overhaul") t["goal"] = 3;
    if (t["id"] == "river_remediation") t["goal"] = 12.5;
    targets.push_back(t);
  }
  plan["layers"].push_back({{"id", "ponds"},
                            {"name_zh", "池塘"},
                            {"name_en", "Ponds"},
                            {"geometry", "Polygon"},
                            {"tracked", true},
                            {"sort_order", 25}});
  targets.push_back({{"id", "pond_cleanup"},
                     {"group", "environment"},
                     {"name_zh", "池塘清淤"},
                     {"name_en", "Pond clean-up"},
                     {"kind", "count"},
                     {"goal", 5},
                     {"comparator", ">="},
                     {"unit", "个"},
                     {"unit_en", "ponds"},
                     {"layer", "ponds"},
                     {"lead", "镇水务站"}});
  plan["targets"] = targets;
  writeText(path, plan.dump(2));
  return path;
}

TEST_F(PlanCliTest, NewProjectFromAnInventedTownsPlanWithItsBoundaryAndVillages)
{
  const std::string plan = inventedTownPlan(dir.file("qiancun.json"));
  const std::string boundary = dir.file("boundary.geojson"), villages = dir.file("villages.geojson");
  writeText(boundary, collection({square(120.0, 30.0, 0.1, "前村镇")}));
  writeText(villages, collection({square(120.01, 30.01, 0.04, "东村"), square(120.05, 30.05, 0.04, "西村")}));
  const std::string project = dir.file("qiancun.planmap");
  const auto r = runCli(
      {"new", project, "--plan", plan, "--boundary", boundary, "--villages", villages, "--user", "wang"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;

  auto store = data::openProject(project);
  ASSERT_EQ(store->users().size(), 1u);
  EXPECT_EQ(store->users()[0].role, data::Role::Planner);
  EXPECT_EQ(store->featureCount("boundary"), 1u);
  EXPECT_EQ(store->featureCount("villages"), 2u);
  ASSERT_TRUE(store->layer("ponds"));
  const Json status = statusJson({"status", project, "--json"});
  EXPECT_EQ(status["plan"], "qiancun-2021");
  ASSERT_EQ(status["targets"].size(), Json::parse(testutil::readFile(plan))["targets"].size());
  EXPECT_EQ(targetOf(status, "toilet_overhaul")["goal"], 3);
  EXPECT_EQ(targetOf(status, "pond_cleanup")["lead"], "镇水务站");
  EXPECT_EQ(targetOf(status, "pond_cleanup")["layer"], "ponds");
  const auto byVillage = statusJson({"status", project, "--by", "village", "--json"});
  EXPECT_EQ(byVillage["villages"].size(), 2u);
}

TEST_F(PlanCliTest, NewProjectIsRefusedWholeWhenAnImportIsRefused)
{
  const std::string villages = dir.file("villages.geojson");
  // A point where village polygons belong: the importer refuses the file feature by feature.
  writeText(villages,
            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},)"
            R"("geometry":{"type":"Point","coordinates":[120.0,30.0]}}]})");
  const std::string project = dir.file("none.planmap");
  const auto r =
      runCli({"new", project, "--plan", "town-template", "--villages", villages, "--user", "wang"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(villages), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(project));
  for (const auto &entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().rfind(".planmap-new", 0), std::string::npos) << entry.path();

  const auto badPlan = runCli({"new", project, "--plan", dir.file("missing.json"), "--user", "wang"});
  EXPECT_NE(badPlan.exitCode, 0);
  EXPECT_EQ(lines(badPlan.err), 1) << badPlan.err;
  EXPECT_FALSE(std::filesystem::exists(project));
}

TEST_F(PlanCliTest, TargetsSetGivesStatusItsLeadSupportAndMilestoneSchedule)
{
  const std::string project = testutil::sampleProjectCopy(dir);
  const auto r = runCli({"targets", project, "set", "river_remediation", "--lead", "镇水务站", "--support",
                         "镇城建办、各村委会", "--milestone", "2020-09-30=60", "--milestone", "2020-06-30=30",
                         "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const Json list = statusJson({"targets", project, "list", "--json"});
  const Json &listed = targetOf(list, "river_remediation");
  EXPECT_EQ(listed["lead"], "镇水务站");
  EXPECT_EQ(listed["support"], Json::array({"镇城建办", "各村委会"}));
  EXPECT_EQ(listed["milestones"][0]["date"], "2020-06-30");

  // 2020-08-15 lies 46 of the 92 days from 30 km (06-30) to 60 km (09-30): 45 km expected.
  const Json status = statusJson({"status", project, "--as-of", "2020-08-15", "--json"});
  const Json &river = targetOf(status, "river_remediation");
  EXPECT_EQ(river["lead"], "镇水务站");
  EXPECT_DOUBLE_EQ(river["expected"].get<double>(), 45);
  EXPECT_EQ(river["state"], river["value"].get<double>() >= 45 ? "on_track" : "will_miss") << river.dump();
  for (const auto &t : status["targets"])
    EXPECT_TRUE(t["state"] == "done" || t["state"] == "on_track" || t["state"] == "behind" ||
                t["state"] == "will_miss" || t["state"] == "missed")
        << t.dump();
}

TEST_F(PlanCliTest, TargetsSetRefusesBadInputAndLeadersWithOneLineAndChangesNothing)
{
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string before = projectState(project);
  const std::vector<std::vector<std::string>> bad{
      {"targets", project, "set", "river_remediation", "--lead", "X", "--user", "leader1"},
      {"targets", project, "set", "no_such_target", "--lead", "X", "--user", "planner1"},
      {"targets", project, "set", "river_remediation", "--milestone", "2021-06-30=5", "--user", "planner1"},
      {"targets", project, "set", "river_remediation", "--milestone", "2020-06-31=5", "--user", "planner1"},
      {"targets", project, "set", "river_remediation", "--milestone", "2020-06-30=lots", "--user",
       "planner1"},
      {"targets", project, "set", "river_remediation", "--user", "planner1"},
  };
  for (const auto &args : bad) {
    const auto r = runCli(args);
    EXPECT_NE(r.exitCode, 0) << args[4];
    EXPECT_EQ(lines(r.err), 1) << r.err;
  }
  EXPECT_EQ(projectState(project), before);
}

TEST_F(PlanCliTest, TargetsImportReadsACsvAndAnXlsxBreakdownTable)
{
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string csv = dir.file("分解表.csv");
  writeText(csv, "目标,牵头单位,配合单位,2020-06-30,2020-09-30,备注\n"
                 "河道整治,镇水务站,\"镇城建办，各村委会\",20,50,note\n"
                 "toilet_overhaul,镇绿化市容所,,1,3,\n");
  const auto r = runCli({"targets", project, "import", csv, "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("row 2: 河道整治 → river_remediation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("row 3: toilet_overhaul → toilet_overhaul"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ignored column(s): 备注"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not in the table (left as they were): product_spot_check_pass"), std::string::npos)
      << r.out;
  const Json list = statusJson({"targets", project, "list", "--json"});
  EXPECT_EQ(targetOf(list, "river_remediation")["support"], Json::array({"镇城建办", "各村委会"}));
  EXPECT_EQ(targetOf(list, "toilet_overhaul")["milestones"].size(), 2u);

  const std::string xlsx = dir.file("breakdown.xlsx");
  const auto convert = testutil::run("/usr/bin/ogr2ogr", {"-f", "XLSX", xlsx, csv});
  ASSERT_EQ(convert.exitCode, 0) << convert.err;
  const std::string fresh = testutil::sampleProjectCopy(dir, "fresh.planmap");
  const auto x = runCli({"targets", fresh, "import", xlsx, "--user", "planner1"});
  ASSERT_EQ(x.exitCode, 0) << x.err;
  const Json fromXlsx = statusJson({"targets", fresh, "list", "--json"});
  EXPECT_EQ(targetOf(fromXlsx, "river_remediation")["lead"], "镇水务站");
  EXPECT_EQ(targetOf(fromXlsx, "river_remediation")["milestones"][1]["value"], 50);
}

TEST_F(PlanCliTest, TargetsImportRefusesAnUnknownTargetAndChangesNothing)
{
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string before = projectState(project);
  const std::string csv = dir.file("t.csv");
  writeText(csv, "id,lead\nriver_remediation,镇水务站\nflying_cars,镇交通办\n");
  const auto r = runCli({"targets", project, "import", csv, "--user", "planner1"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(csv + ": row 3: no target with the id or name 'flying_cars'"), std::string::npos)
      << r.err;
  EXPECT_EQ(projectState(project), before);
}

TEST_F(PlanCliTest, StatusByUnitAddsUpToEveryTargetAndCompareGivesTheChange)
{
  const std::string project = testutil::sampleProjectCopy(dir);
  const Json s = statusJson(
      {"status", project, "--as-of", "2020-10-31", "--compare", "2020-07-31", "--by", "unit", "--json"});
  int total = 0;
  for (const auto &u : s["units"]) {
    EXPECT_FALSE(u["unit"].is_null()) << u.dump(); // the sample names a lead unit for every target
    total += u["done"].get<int>() + u["on_track"].get<int>() + u["behind"].get<int>() +
             u["will_miss"].get<int>() + u["missed"].get<int>();
  }
  EXPECT_EQ(total, static_cast<int>(s["targets"].size()));
  EXPECT_EQ(s["compare"], "2020-07-31");
  const Json &river = targetOf(s, "river_remediation");
  EXPECT_NEAR(river["delta"].get<double>(), river["value"].get<double>() - river["value_then"].get<double>(),
              1e-5);
  EXPECT_GT(river["delta"].get<double>(), 0);
  const Json then = statusJson({"status", project, "--as-of", "2020-07-31", "--json"});
  EXPECT_EQ(river["value_then"], targetOf(then, "river_remediation")["value"]);

  const auto later = runCli({"status", project, "--as-of", "2020-07-31", "--compare", "2020-10-31"});
  EXPECT_NE(later.exitCode, 0);
  EXPECT_EQ(lines(later.err), 1) << later.err;
}

} // namespace
