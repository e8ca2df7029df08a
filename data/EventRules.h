#pragma once

#include "data/Model.h"

#include <string>
#include <vector>

namespace data {

// What appendEvent needs to know about the feature an event is for.
struct EventTarget
{
  std::string label; // "feature 12 (HD-001)" for messages
  std::string layerId;
  bool tracked = false;
  bool isLine = false;
  double lengthM = 0;
};

// True for a real calendar date written YYYY-MM-DD.
bool isIsoDate(const std::string &s);

// Checks `e` against the feature and its stored events (the rules in Store.h) and returns it
// normalised (chainage ordered and clamped to the line). Throws StoreError(Invalid / NotFound)
// with a one-line message naming the feature.
Event checkEvent(const Event &e, const EventTarget &target, const std::vector<Event> &existing);

} // namespace data
