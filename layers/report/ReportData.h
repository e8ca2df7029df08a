#pragma once

#include "data/store/Store.h"
#include "layers/plan/BurnUp.h"
#include "layers/plan/Forecast.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace layers {

// Features of one tracked layer by status (planned, in progress, completed, accepted).
struct LayerStatus
{
  std::string layerId;
  std::string nameZh;
  std::string nameEn;
  std::array<int, 4> counts{};
};

// Everything the leadership view shows for one as-of date, computed once and shared by the PDF
// report, the table exports and the command line.
struct ReportData
{
  std::string asOf;                                     // the effective date (today when none was asked)
  bool synthetic = false;                               // the project says its data is a generated sample
  Rollup rollup;                                        // town-wide and by village
  BurnUp burnUp;                                        // every event date up to asOf
  std::vector<Forecast> forecasts;                      // same order as plan.targets
  std::vector<LayerStatus> layerStatus;                 // layers the plan's targets count, plan order
  std::vector<std::vector<TargetFeature>> openFeatures; // per target: located features not yet done
};

// asOf "" = today. Throws data::StoreError with the store's message.
ReportData collectReportData(const data::Store &store, const Plan &plan, const std::string &asOf = {});

// A table as the report and the exports write it: text for people, numbers kept as numbers.
struct ReportCell
{
  std::string text;
  std::optional<double> number;
};

struct ReportTable
{
  std::vector<std::string> header;
  std::vector<std::vector<ReportCell>> rows;
};

// Value formatting shared by every output: decimals by kind (km 2, area/ratio/indicator 1, else 0).
int valueDecimals(const Target &t);
std::string formatNumber(double v, int decimals);

// One row per target (plan order): group, name, goal, value, unit, percent, features done/total,
// schedule, forecast date at the recent pace.
ReportTable targetTable(const Plan &plan, const ReportData &data, bool zh);
// The located targets that a village breakdown makes sense for (counted features in villages).
std::vector<std::size_t> villageTargets(const Plan &plan);
// One row per village: for each village target the features done and planned, and the value for
// targets measured in a unit other than features; a last row with the town totals.
ReportTable villageTable(const Plan &plan, const ReportData &data, bool zh);

const char *groupLabel(const std::string &group, bool zh); // "product" -> "产品质量" / "Product quality"
std::string targetName(const Target &t, bool zh);
std::string targetUnit(const Target &t, bool zh);

} // namespace layers
