// Lead units, supporting units and milestones in the plan file, and the bundled plans.
#include "layers/plan/PlanEdit.h"

#include <gtest/gtest.h>

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
