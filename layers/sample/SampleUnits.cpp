#include "layers/sample/SampleUnits.h"

#include "layers/plan/PlanEdit.h"

#include <map>

namespace layers {

namespace {

struct Units
{
  const char *prefix; // target ids starting with it
  const char *lead;
  std::vector<std::string> support;
};

// First match wins; the group's unit covers the rest.
const std::vector<Units> &unitTable()
{
  static const std::vector<Units> table{
      {"agri_", "镇农业农村办", {"镇市场监管所"}},
      {"vegetable_", "镇农业农村办", {}},
      {"green_food", "镇农业农村办", {"镇市场监管所"}},
      {"housing_", "镇房屋管理办", {"镇建设管理中心"}},
      {"scenic_", "镇经济发展办", {"镇文体中心"}},
      {"tourist_", "镇经济发展办", {"镇文体中心"}},
      {"health_", "镇社区卫生服务中心", {"镇社会事业发展办"}},
      {"culture_", "镇文体中心", {"镇社会事业发展办"}},
      {"sports_", "镇文体中心", {}},
      {"markets_", "镇市场监管所", {"镇经济发展办"}},
      {"accessibility_", "镇残疾人联合会", {"镇社会事业发展办", "各居委会"}},
      {"old_housing", "镇房屋管理办", {"各居委会"}},
      {"estate_", "镇房屋管理办", {"各居委会"}},
      {"toilet_", "镇绿化市容所", {"镇城市运行管理中心"}},
      {"waste_", "镇绿化市容所", {"镇城市运行管理中心"}},
      {"public_forest", "镇农业农村办", {"镇绿化市容所"}},
      {"lianhang_", "镇绿化市容所", {"镇建设管理中心"}},
      {"aqi_", "镇生态环境办", {"镇城市运行管理中心"}},
      {"pm25_", "镇生态环境办", {"镇城市运行管理中心"}},
      {"river_", "镇水务站", {"各村委会"}},
      {"lake_", "镇水务站", {"镇生态环境办"}},
      {"beautiful_villages", "镇农业农村办", {"相关村委会"}},
  };
  return table;
}

const std::map<std::string, Units> kGroupUnits{
    {"product", {"", "镇市场监管所", {"镇经济发展办"}}},
    {"engineering", {"", "镇建设管理中心", {"镇安全生产监督管理所"}}},
    {"services", {"", "镇社会事业发展办", {"镇社区事务受理服务中心"}}},
    {"environment", {"", "镇生态环境办", {}}},
};

} // namespace

Plan withSampleUnits(const Plan &plan)
{
  std::vector<std::pair<std::string, Responsibility>> changes;
  for (const Target &t : plan.targets) {
    const Units *units = nullptr;
    for (const Units &u : unitTable())
      if (!units && t.id.rfind(u.prefix, 0) == 0) units = &u;
    if (!units) {
      const auto it = kGroupUnits.find(t.group);
      if (it == kGroupUnits.end()) continue;
      units = &it->second;
    }
    Responsibility r;
    r.lead = units->lead;
    r.support = units->support;
    changes.emplace_back(t.id, r);
  }
  return withResponsibilities(plan, changes, plan.id + " (sample units)");
}

} // namespace layers
