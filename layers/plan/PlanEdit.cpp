#include "layers/plan/PlanEdit.h"

#include "data/store/NewFile.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace layers {

namespace {

using Doc = nlohmann::ordered_json; // keeps the file's key order

Doc milestonesJson(const std::vector<Milestone> &milestones)
{
  Doc list = Doc::array();
  for (const Milestone &m : milestones) {
    Doc value = m.value;
    if (m.value == std::floor(m.value) && std::fabs(m.value) < 9.0e15)
      value = static_cast<std::int64_t>(m.value);
    list.push_back({{"date", m.date}, {"value", value}});
  }
  return list;
}

void apply(Doc &target, const Responsibility &change)
{
  auto set = [&](const char *key, bool empty, Doc value) {
    if (empty)
      target.erase(key);
    else
      target[key] = std::move(value);
  };
  if (change.lead) set("lead", change.lead->empty(), *change.lead);
  if (change.support) set("support", change.support->empty(), *change.support);
  if (change.milestones) set("milestones", change.milestones->empty(), milestonesJson(*change.milestones));
}

} // namespace

Plan withResponsibilities(const Plan &plan,
                          const std::vector<std::pair<std::string, Responsibility>> &changes,
                          const std::string &sourceName)
{
  Doc doc = Doc::parse(plan.json);
  for (const auto &[id, change] : changes) {
    bool found = false;
    for (auto &t : doc["targets"])
      if (t.is_object() && t.value("id", "") == id) {
        apply(t, change);
        found = true;
      }
    if (!found) throw std::runtime_error(sourceName + ": the plan has no target '" + id + "'");
  }
  return Plan::fromJson(doc.dump(2, ' ', false, Doc::error_handler_t::replace) + "\n", sourceName);
}

void storePlan(data::Store &store, const std::string &actor, const Plan &plan)
{
  store.setPlan(actor, plan.record(), plan.targetRecords());
}

void writePlanFile(const Plan &plan, const std::string &project, const std::string &out,
                   data::Replace replace)
{
  data::checkOutput(project, out, replace);
  data::NewFile file(out);
  {
    std::ofstream f(file.path(), std::ios::binary | std::ios::trunc);
    f << plan.json;
    if (!plan.json.empty() && plan.json.back() != '\n') f << '\n';
    f.flush();
    if (!f || data::fileSystemFull(file.path()))
      throw std::runtime_error(out + ": cannot write the plan: " +
                               (data::fileSystemFull(file.path()) ? "disk full" : std::strerror(errno)) +
                               ", nothing written");
  }
  file.commit(replace != data::Replace::No && replace != data::Replace::NewOnly);
}

} // namespace layers
