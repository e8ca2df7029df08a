#pragma once

#include "data/io/ImportReport.h"
#include "layers/plan/Plan.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace layers {

// What a new project starts with: a plan, its first user (a planner) and optionally the town's
// boundary and village polygons from any file GDAL reads.
struct NewProjectOptions
{
  std::string path; // the project file to create; must not exist
  Plan plan;
  std::string user;     // the first user, a planner
  std::string boundary; // "" = none; imported into layer "boundary"
  std::string villages; // "" = none; imported into the plan's village layer
};

// An import the importer refused feature by feature: `report` says which features and why.
class NewProjectImportBlocked : public std::runtime_error
{
public:
  NewProjectImportBlocked(const std::string &what, data::ImportReport report)
      : std::runtime_error(what)
      , report(std::move(report))
  {
  }
  data::ImportReport report;
};

// Creates the project with the plan's layers and targets, the user as planner, and the files
// imported through the normal importer (its validation and CRS rules). The file appears whole or
// not at all: any problem (a refused import included) throws and leaves no file behind.
std::vector<data::ImportReport> createProjectFromPlan(const NewProjectOptions &options);

} // namespace layers
