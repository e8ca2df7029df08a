#pragma once

#include "data/store/Model.h"
#include "gis/Geometry.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace data {

// Offline field copies of a server project. A field copy is an ordinary SpatiaLite
// project (it works exactly like one) holding the layers and plan, the features in an area and
// their events and photos, plus bookkeeping tables (sync_state, sync_feature) that tie it to the
// server. Synchronising merges by rule, never by "last upload wins":
//   - events and photos are facts identified by UUID: pushed and pulled as a set difference, so
//     a sync that breaks off and is repeated leaves no duplicate and no gap;
//   - derived progress is recomputed from all events on both sides (stretches merge as a union);
//     a status recorded in the copy that would take a feature back from what the server's events
//     say on that day is not pushed but listed as a conflict, someone has to choose;
//   - one record the server refuses (bad text, a rule) is listed, the rest still goes up;
//   - a planner's geometry/attribute edit in the copy carries the version it was based on; when
//     the server's feature moved on meanwhile the edit is not applied but listed as a conflict.

struct CheckoutRequest
{
  std::string server;                // connection string
  std::string user;                  // who will work with the copy (must exist on the server)
  std::string village;               // area: a village (villageLayerOf) by name or code, or
  std::optional<gis::Envelope> bbox; // area: lon/lat box
  std::string out;                   // new .sqlite / .planmap file
};

struct CheckoutResult
{
  gis::Envelope area;
  std::size_t features = 0;
  std::size_t events = 0;
  std::size_t photos = 0;
};

// Throws StoreError naming what is wrong (unknown village or user, existing output file, …); on
// failure no output file is left behind.
CheckoutResult checkout(const CheckoutRequest &request);

// A feature edited in the copy and on the server since (an edit conflict), or a status recorded in
// the copy that would take the feature back from what the server says on that day (a status
// conflict: eventUuid is set). Nothing of it is applied until someone chooses (resolveConflict).
struct SyncConflict
{
  std::int64_t serverId = 0;
  std::string code;
  std::string name;
  int baseVersion = 0;   // the server version the field edit started from
  int serverVersion = 0; // the server's version now
  std::string eventUuid; // status conflict: the copy's event that was not pushed
  std::string reason;    // status conflict: one line, "this copy records in_progress on … but …"
};

// A feature created in the field copy that the server would not take (its code is already another
// feature's on the server, or the server refused it): it stays in the copy, unlinked, with its
// events, and goes up on a later sync once the reason is dealt with (e.g. the code changed).
// Likewise an event of the copy the server would not take (its text is not UTF-8, a rule refuses
// it: eventUuid is set) or a planner edit it refused (edit): it stays in the copy and is listed
// again at every sync until mended.
struct SyncRefused
{
  std::int64_t localId = 0; // the feature's id in the copy
  std::string layerId;
  std::string code;
  std::string name;
  std::string reason;    // one line a user can read
  std::string eventUuid; // the event that was not pushed ("" for a feature)
  bool edit = false;     // an edit of a feature the server has, not a new feature
};

struct SyncResult
{
  std::string server;
  std::size_t pushedEvents = 0;
  std::size_t pushedPhotos = 0;
  std::size_t pushedEdits = 0;
  std::size_t pushedFeatures = 0; // features created in the copy, now on the server
  std::size_t pulledEvents = 0;
  std::size_t pulledPhotos = 0;
  std::size_t pulledEdits = 0;
  std::vector<SyncConflict> conflicts;
  std::vector<SyncRefused> refused; // the rest of the sync went through
};

// Steps reported to `progress` (tests use it to break a sync off half way): "pushed-edits",
// "pushed-features", "pushed-events", "pushed-photos", "pulled".
using SyncProgress = std::function<void(const std::string &step)>;

// Synchronises a field copy with its server. Throws StoreError(NotAProject) for a file that is not
// a field copy.
SyncResult synchronise(const std::string &fieldCopy, const SyncProgress &progress = {});

// True when the project file is a field copy (has sync bookkeeping).
bool isFieldCopy(const std::string &path);

// How a planner settles a conflict: the copy's edit replaces the server's feature (keep mine), or
// the server's feature replaces the copy's (keep theirs). Either way the two agree afterwards.
// For a status conflict: keep mine sends the copy's status up with a correction of that day, keep
// theirs withdraws the copy's event.
enum class Resolution { KeepMine, KeepTheirs };

struct ConflictSides
{
  Feature mine;   // the field copy's feature (its local id)
  Feature theirs; // the server's feature now (its server id)
};

// Both sides of a conflict listed by synchronise(), to look at them before choosing.
ConflictSides conflictSides(const std::string &fieldCopy, const SyncConflict &conflict);
// Applies the choice on the server or in the copy and records both at the same version, so the
// next sync no longer lists the conflict. Throws StoreError when the feature is gone or the
// server refuses the write (e.g. the copy's user is not a planner).
void resolveConflict(const std::string &fieldCopy, const SyncConflict &conflict, Resolution resolution);

} // namespace data
