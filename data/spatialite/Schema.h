#pragma once

#include "data/spatialite/Sqlite.h"

#include <functional>

namespace data::schema {

// Version history (each step is kept so any older project upgrades):
//   1  meta, app_user, layer, plan, target, feature (point/line/polygon geometry columns with
//      spatial indexes), append-only progress_event and measurement
//   2  feature.last_event_date (filled from the events) and the attachment table (photos)
//   3  progress_event.entered_by (who entered the event; '' for events recorded before)
//   4  app_password and app_session (planmap-server's accounts, AccountStore.h)
constexpr int kCurrentVersion = 4;
constexpr const char *kApplication = "PlanMap";

// Builds the version-1 layout in an empty SpatiaLite database, exactly as version 1 did.
void createVersion1(Database &db);

// The schema version of a PlanMap project. Throws StoreError(NotAProject) naming the file and the
// reason when it is not SQLite or not a PlanMap project. Reads only.
int projectVersion(const Database &db);

// Runs the migrations after `from` up to kCurrentVersion inside the caller's transaction, then
// rebuilds the layer views. `recomputeDerived` refreshes every feature's derived progress columns
// (migrations that add such a column call it).
void upgrade(Database &db, int from, const std::function<void()> &recomputeDerived);

} // namespace data::schema
