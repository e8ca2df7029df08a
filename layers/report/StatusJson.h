#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

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

// `status --json`: the plan's titles, the as-of date ("" = null) and every target; with villages
// when the roll-up has them (byVillage).
Json statusJson(const std::string &project, const data::Store &store, const Plan &plan, const Rollup &rollup,
                bool byVillage);

// `history --json`: the feature and its events, oldest first, each with its attachments.
Json historyJson(const data::Store &store, const data::Feature &feature,
                 const std::vector<data::Event> &events);

// `features --json`: every feature of a layer with its status and geodesic length or area.
Json featuresJson(const std::string &project, const data::Store &store, const data::LayerDef &layer,
                  const std::vector<data::Feature> &features);

} // namespace layers
