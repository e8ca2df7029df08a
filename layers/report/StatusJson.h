#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"
#include "layers/plan/StatusFigures.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// The JSON documents the command line prints with --json and the server serves: one builder per
// document, so both front ends give the same keys, in the same order, with the same rounding.
namespace layers {

// Keys stay in the order they are added (scripts and people read them in that order).
using Json = nlohmann::ordered_json;

// A number rounded to `decimals` places: whole numbers as integers (4, not 4.0), null when not
// finite; numbers of 1e15 and more as they are (rounding means nothing there).
Json jsonNumber(double v, int decimals = 6);

// Compact JSON text, one line; bytes that are not UTF-8 become U+FFFD so the text stays JSON.
std::string dumpJson(const Json &json);

// One target's figures: id, group, names, kind, comparator, goal, value, unit, percent, met, and
// the counting details its kind has (layer and features, rivers, ratio shares, latest measurement).
Json targetJson(const Target &t, const TargetProgress &p);

// The responsibility and schedule of a target against its figures: lead (null when none),
// support, state and expected; value_then and delta when `then` is given.
void addScheduleJson(Json &target, const Target &t, const Forecast &f, const TargetProgress *then,
                     const TargetProgress &now);

// `status --json`: the plan's titles, the as-of date ("" = null) and every target with its
// schedule; villages when byVillage; "compare" (the earlier date) when the figures have one.
Json statusJson(const std::string &project, const data::Store &store, const Plan &plan,
                const StatusFigures &figures, bool byVillage);

// `status --by unit --json`: per lead unit its targets, the targets it supports and how many of its
// targets are in each state (keys done, on_track, behind, will_miss, missed).
Json unitsJson(const std::vector<UnitProgress> &units);

// A target's responsibility and milestones, as `targets list --json` shows them and the plan file
// holds them: id, names, lead, support, milestones [{date, value}].
Json targetPlanJson(const Target &t);

// `history --json`: the feature and its events, oldest first, each with its attachments.
Json historyJson(const data::Store &store, const data::Feature &feature,
                 const std::vector<data::Event> &events);

// `features --json`: every feature of a layer with its status and geodesic length or area.
Json featuresJson(const std::string &project, const data::Store &store, const data::LayerDef &layer,
                  const std::vector<data::Feature> &features);

} // namespace layers
