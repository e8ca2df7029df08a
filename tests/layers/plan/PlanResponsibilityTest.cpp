// Lead units, supporting units and milestones in the plan file, and the bundled plans.
#include "layers/plan/PlanEdit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace layers;

namespace {

Plan bundled(const std::string &id)
{
  return Plan::fromFile(bundledPlanPath(id));
}

} // namespace

TEST(PlanResponsibility, ChangesAreWrittenIntoThePlanTextAndReadBack)
{
  const Plan plan = bundled("pujiang-2020");
  Responsibility r;
  r.lead = "镇水务站";
  r.support = std::vector<std::string>{"镇城建办", "各村委会"};
  r.milestones = std::vector<Milestone>{{"2020-06-30", 30}, {"2020-09-30", 60.5}};
  const Plan changed = withResponsibilities(plan, {{"river_remediation", r}}, "test");
  const Plan reread = Plan::fromJson(changed.json, "reread");
  const Target *t = reread.target("river_remediation");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->lead, "镇水务站");
  EXPECT_EQ(t->support, (std::vector<std::string>{"镇城建办", "各村委会"}));
  ASSERT_EQ(t->milestones.size(), 2u);
  EXPECT_EQ(t->milestones[1].date, "2020-09-30");
  EXPECT_DOUBLE_EQ(t->milestones[1].value, 60.5);
  EXPECT_EQ(reread.targets.size(), plan.targets.size());

  // An empty lead and list clear them; what is not given stays.
  Responsibility clear;
  clear.lead = "";
  clear.milestones = std::vector<Milestone>{};
  const Target *cleared =
      withResponsibilities(reread, {{"river_remediation", clear}}, "test").target("river_remediation");
  EXPECT_EQ(cleared->lead, "");
  EXPECT_TRUE(cleared->milestones.empty());
  EXPECT_EQ(cleared->support.size(), 2u);
}

TEST(PlanResponsibility, MilestonesOutOfOrderOrOutsideThePlanAreRefusedWithTheirPath)
{
  const Plan plan = bundled("pujiang-2020");
  Responsibility r;
  r.milestones = std::vector<Milestone>{{"2020-09-30", 60}, {"2020-06-30", 30}};
  try {
    withResponsibilities(plan, {{"river_remediation", r}}, "edit");
    FAIL() << "milestones out of order were taken";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(
        std::string(e.what()).find("milestones[1].date: 2020-06-30 is not after the milestone before it"),
        std::string::npos)
        << e.what();
  }
  EXPECT_THROW(withResponsibilities(plan, {{"no_such_target", r}}, "edit"), std::runtime_error);
}

TEST(PlanResponsibility, TheTownTemplateHasThePujiangKindsOfTargetsAndNoGoalsYet)
{
  const Plan pujiang = bundled("pujiang-2020");
  const Plan town = bundled("town-template");
  std::set<data::TargetKind> kinds, templateKinds;
  for (const auto &t : pujiang.targets)
    kinds.insert(t.kind);
  for (const auto &t : town.targets) {
    templateKinds.insert(t.kind);
    EXPECT_EQ(t.goal, 0) << t.id;
  }
  EXPECT_EQ(templateKinds, kinds);
  EXPECT_EQ(town.villageLayer, "villages");
  EXPECT_TRUE(Plan::check(town.json, "town-template.json").empty());
}

// The JSON Schema beside the plans names every key the reader takes: each key a schema object lists
// is accepted where the schema puts it, and a key it does not list is refused with its path.
TEST(PlanSchema, TheSchemaAndThePlanReaderKnowTheSameKeys)
{
  using Json = nlohmann::json;
  const Json schema = Json::parse(readPlanFile(bundledPlanDir() + "/plan.schema.json"));
  const Json plan = Json::parse(bundled("pujiang-2020").json);
  std::size_t river = 0;
  for (std::size_t i = 0; i < plan["targets"].size(); ++i)
    if (plan["targets"][i]["id"] == "river_remediation") river = i;
  // Where each schema object sits in a plan, and a value of the right type for each key.
  Json sample = Json::parse(bundled("pujiang-2020").json);
  sample["village_layer"] = "villages";
  sample["targets"][river]["lead"] = "镇水务站";
  sample["targets"][river]["support"] = {"镇城建办"};
  sample["targets"][river]["milestones"] = {{{"date", "2020-06-30"}, {"value", 10}}};
  sample["targets"][river]["rule"]["filter"] = {{"attr", "level"}, {"value", "town"}};
  EXPECT_TRUE(Plan::check(sample.dump(), "sample").empty()) << Plan::check(sample.dump(), "sample")[0];
  const std::vector<std::pair<Json, Json>> objects{
      {schema["properties"], sample},
      {schema["$defs"]["layer"]["properties"], sample["layers"][0]},
      {schema["$defs"]["target"]["properties"], sample["targets"][river]},
      {schema["$defs"]["rule"]["properties"], sample["targets"][river]["rule"]},
      {schema["$defs"]["milestone"]["properties"], sample["targets"][river]["milestones"][0]}};
  auto listed = [](const Json &properties, const Json &used) {
    for (const auto &item : used.items())
      EXPECT_TRUE(properties.contains(item.key())) << "the schema does not list '" << item.key() << "'";
  };
  for (const auto &[properties, used] : objects)
    listed(properties, used);
  for (const auto &layer : sample["layers"])
    for (const auto &field : layer["fields"])
      listed(schema["$defs"]["field"]["properties"], field);
  for (const auto &[where, name] : std::vector<std::pair<Json::json_pointer, std::string>>{
           {Json::json_pointer("/targets/0"), "targets[0].lead_unit"},
           {Json::json_pointer("/layers/0"), "layers[0].lead_unit"}}) {
    Json broken = plan;
    broken[where]["lead_unit"] = "x";
    const auto problems = Plan::check(broken.dump(), "p");
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find(name + ": is not a key of the plan format"), std::string::npos) << problems[0];
  }
}
