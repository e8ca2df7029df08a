#pragma once

#include "data/store/Model.h"

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
  std::string planStart; // YYYY-MM-DD, "" when the project has no plan
};

// "12.5 m": a length for messages.
std::string metresText(double m, int decimals = 1);

// True for a real calendar date written YYYY-MM-DD.
bool isIsoDate(const std::string &s);
// True for a real date and time as the stores write it: YYYY-MM-DDTHH:MM:SS, optional fraction and
// zone (Z or +HH[:MM]); a space may stand for the T (PostgreSQL's text form).
bool isIsoTimestamp(const std::string &s);
// The local calendar date today, YYYY-MM-DD.
std::string todayIso();

// Why the day a fact is dated is refused ("" when it is fine): not a date, before the plan
// started (`planStart`, "" = no plan) or after today. Progress and measurements are facts about
// work done: nothing can be done before the plan or tomorrow.
std::string dateProblem(const std::string &date, const std::string &planStart);

// The range a measured value of `unit` lies in: a percentage 0–100, every other unit of the plans
// (counts, lengths, areas, concentrations) 0 or more; always finite. Why `value` is outside it, or "".
std::string valueProblem(double value, const std::string &unit);
// Checks a measurement before it is stored (date, value, note); `unit` is its target's.
// Throws StoreError(Invalid) "measurement for TARGET: …".
void checkMeasurement(const Measurement &m, const std::string &unit, const std::string &planStart);

// The text an event carries is UTF-8: throws StoreError(Invalid) "LABEL: note is not valid UTF-8 …".
void checkEventText(const std::string &label, const Event &e);

// Checks `e` against the feature and its stored events (the rules in Store.h) and returns it
// normalised (chainage ordered and clamped to the line). Throws StoreError(Invalid / NotFound)
// with a one-line message naming the feature.
Event checkEvent(const Event &e, const EventTarget &target, const std::vector<Event> &existing);

// A photo for an event: a file name and data, text in UTF-8. Throws StoreError(Invalid).
void checkAttachment(const Attachment &a);

} // namespace data
