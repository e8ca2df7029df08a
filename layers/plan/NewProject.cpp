#include "layers/plan/NewProject.h"

#include "data/io/Importer.h"
#include "data/store/NewFile.h"
#include "data/store/OutputPath.h"
#include "data/store/Store.h"

#include <algorithm>

namespace layers {

namespace {

data::ImportReport importInto(data::Store &store, const std::string &user, const std::string &file,
                              const std::string &layer)
{
  data::ImportOptions o;
  o.file = file;
  o.layer = layer;
  o.user = user;
  data::ImportReport report = data::Importer(store).run(o);
  if (report.blocked())
    throw NewProjectImportBlocked(file + ": nothing imported, so no project written: " +
                                      std::to_string(report.blockingCount()) + " feature(s) with errors",
                                  report);
  return report;
}

void requireLayer(const Plan &plan, const std::string &layer, const std::string &option)
{
  const bool has =
      std::any_of(plan.layers.begin(), plan.layers.end(), [&](const auto &l) { return l.id == layer; });
  if (layer.empty() || !has)
    throw std::runtime_error(plan.id + ": the plan has no " +
                             (layer.empty() ? "village" : "'" + layer + "'") + " layer for " + option);
}

} // namespace

std::vector<data::ImportReport> createProjectFromPlan(const NewProjectOptions &o)
{
  if (!o.boundary.empty()) requireLayer(o.plan, "boundary", "--boundary");
  if (!o.villages.empty()) requireLayer(o.plan, o.plan.villageLayer, "--villages");
  data::checkOutput("", o.path, data::Replace::NewOnly);
  std::vector<data::ImportReport> reports;
  // Written under a temporary name and moved in whole: a refused import leaves nothing behind.
  data::NewFile file(o.path, true);
  {
    std::unique_ptr<data::Store> store = data::createProject(file.path());
    store->addUser("", {o.user, data::Role::Planner, o.user});
    store->transaction([&] {
      store->setMeta(o.user, "town", o.plan.town);
      store->setPlan(o.user, o.plan.record(), o.plan.targetRecords());
      for (const data::LayerDef &layer : o.plan.layers)
        store->addLayer(o.user, layer);
    });
    // The boundary first: the importer measures how far villages lie outside it.
    if (!o.boundary.empty()) reports.push_back(importInto(*store, o.user, o.boundary, "boundary"));
    if (!o.villages.empty()) reports.push_back(importInto(*store, o.user, o.villages, o.plan.villageLayer));
  }
  file.commit(false);
  return reports;
}

} // namespace layers
