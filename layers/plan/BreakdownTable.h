#pragma once

#include "layers/plan/Plan.h"
#include "layers/plan/PlanEdit.h"

#include <string>
#include <vector>

namespace layers {

// One row of a task-breakdown table (任务分解表) matched to a target of the plan.
struct BreakdownMatch
{
  int row = 0;          // spreadsheet row, the header being row 1
  std::string cell;     // what the row named the target by (its id, Chinese or English name)
  std::string targetId; // the target it names
  Responsibility change;
};

// Unit names in one cell, split on , ， 、 ; and ；, trimmed; empty parts dropped.
std::vector<std::string> splitUnits(const std::string &cell);

// Reads a task-breakdown table, CSV (UTF-8) or XLSX (its first sheet), header in the first row:
//   a target column  — id, target, name, name_zh, name_en, 目标, 任务, 指标 (a target's id or name)
//   lead             — lead, 牵头单位, 责任单位
//   support          — support, 配合单位 (units separated by , ， 、 ; or ；)
//   milestones       — milestones, 时间节点 ("2020-06-30=10; 2020-09-30=20"), or one column per
//                      milestone whose header is its date YYYY-MM-DD (the value in the cell)
// Columns the table has replace what the plan says (an empty cell clears); columns it lacks leave the
// plan as it is; other columns are named in `ignored`. Throws std::runtime_error with one line
// "FILE: row N: what is wrong" (a target no row can be matched to, a target named twice, a bad
// date or number) before anything is changed.
std::vector<BreakdownMatch> readBreakdownTable(const std::string &path, const Plan &plan,
                                               std::vector<std::string> &ignored);

} // namespace layers
