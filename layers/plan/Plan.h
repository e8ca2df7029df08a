#pragma once

#include "data/store/Model.h"

#include <optional>
#include <string>
#include <vector>

namespace layers {

// A point of a target's schedule: the value expected by the end of `date`.
struct Milestone
{
  std::string date; // YYYY-MM-DD, within the plan's period
  double value = 0; // in the target's unit
};

// One target of a plan, parsed from the plan file (data/plans/*.json). See that file for the rule
// fields each kind uses.
struct Target
{
  std::string id;    // "river_remediation", "toilet_overhaul", ...
  std::string group; // "product" | "engineering" | "services" | "environment"
  std::string nameZh;
  std::string nameEn;
  data::TargetKind kind = data::TargetKind::Count;
  double goal = 0;
  data::Comparator comparator = data::Comparator::AtLeast;
  std::string unit;    // "km", "座", "亩", "%", "张", ...
  std::string unitEn;  // "km", "sites", "mu", "%", "beds", ...
  std::string layerId; // layer it counts ("" for indicator)
  // Rule: which features count and how.
  std::string filterAttr; // only features whose attribute filterAttr == filterValue count
  std::string filterValue;
  data::Status minStatus = data::Status::Completed; // a feature counts once at this status
  std::string attribute;                // attribute_sum: the summed attribute; ratio: the class attribute
  std::vector<std::string> ratioValues; // ratio: attribute values that count as "bad" (e.g. "劣V")
  std::string ruleJson;                 // the rule object as in the file
  std::string source;                   // where the plan text states it: "表4", "措施7", ...
  // Responsibility and schedule (the task-breakdown table): optional in a plan file.
  std::string lead;                  // lead unit (牵头单位), "" when not assigned
  std::vector<std::string> support;  // supporting units (配合单位)
  std::vector<Milestone> milestones; // ascending dates

  bool isLocated() const { return kind != data::TargetKind::Indicator; }
  const char *kindName() const { return data::targetKindName(kind); }
  const char *comparatorSymbol() const { return data::comparatorSymbol(comparator); }
};

struct Plan
{
  std::string id;
  std::string titleZh;
  std::string titleEn;
  std::string docNumber;
  std::string town;
  std::string townEn;
  std::string startDate;              // YYYY-MM-DD
  std::string deadline;               // YYYY-MM-DD
  std::vector<data::LayerDef> layers; // layers the plan needs (ids, names, schemas)
  std::string villageLayer;           // polygons progress is rolled up by ("" = none)
  std::vector<Target> targets;
  std::string json; // source text

  const Target *target(const std::string &id) const;
  // Throws std::runtime_error naming the file/field that is wrong.
  static Plan fromJson(const std::string &json, const std::string &sourceName);
  static Plan fromFile(const std::string &path);
  // Every problem of a plan text, one line each: "SOURCE: targets[3].rule.attribute: what is
  // wrong" (each layer and target is read on past the first problem of another); empty when the
  // plan loads.
  static std::vector<std::string> check(const std::string &json, const std::string &sourceName);
  // The plan record/targets as the store keeps them.
  data::PlanRecord record() const;
  std::vector<data::TargetRecord> targetRecords() const;
};

// The text of a plan file; throws std::runtime_error naming the file when it cannot be read.
std::string readPlanFile(const std::string &path);

// The folder of the bundled plan files: $PLANMAP_DATA_DIR/plans, else share/planmap/plans beside
// the program's bin folder (installed, or the build folder, where the build copies them).
std::string bundledPlanDir();
// The bundled plan file <id>.json in that folder.
std::string bundledPlanPath(const std::string &planId);

} // namespace layers
