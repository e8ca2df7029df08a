#pragma once

#include "data/postgis/PgConnection.h"

#include <string>

namespace data::pgschema {

// The PostGIS side of the project schema: the same tables, columns and layer views as the
// SpatiaLite store (Schema.h), in PostgreSQL's dialect, plus what a shared server needs: database
// roles, column grants and row-level security, derived progress kept by the database, typed dates
// and times, and change notifications.
//
// Versions: 2 the first server schema (kept as createVersion2 so an older server upgrades the way
// a new one is made); 3 dates typed `date`, recorded times `timestamptz` set by the server, event
// and measurement authors that exist, progress_event.entered_by, derived progress written only by
// a trigger on events (planmap_replay: the rules of data/Progress.h) and column grants; 4 the
// accounts of planmap-server (app_password, app_session: read and written by the server's own
// login only; planmap_set_password lets a planner set anyone's password and others their own).
//
// Roles: three group roles per database, "<db>_planner", "<db>_engineer" and "<db>_leader"
// (per database, so one login may be a planner of one plan and an engineer of another on the same
// cluster). Each project user is a LOGIN role that is a member of one group.
//   leader   — SELECT only
//   engineer — SELECT; INSERT progress events as himself only (RLS) and photos of his own events
//   planner  — features, layers, plan, users; progress in the name of a planner or an engineer;
//              never the derived columns (status, done_m, last_event_date), UPDATE/DELETE of events
//              and measurements (append-only for all), recorded_at or entered_by
// Only the owner writes the derived columns, recorded times and entered_by; the database fills
// them (triggers, now(), current_user).
// Users are added through planmap_add_user() (SECURITY DEFINER: creates the login role, grants
// its group and inserts the app_user row), so planners need no CREATEROLE.
constexpr const char *kChangeChannel = "planmap_change";

// Group role name of a role in the connected database.
std::string groupRole(PgConnection &db, const std::string &role);

// True when the connected database holds a PlanMap project (meta table with application PlanMap).
bool isProject(PgConnection &db);

// Creates the schema, the group roles, grants, policies, triggers and functions in the connected
// database (which must have no PlanMap schema yet), at schema::kCurrentVersion. Runs in the
// caller's transaction.
void create(PgConnection &db);
// The version-2 layout, exactly as version 2 made it (create() upgrades it from there).
void createVersion2(PgConnection &db);

// True when the connected role owns the project's tables (only the owner may upgrade them).
bool ownsSchema(PgConnection &db);
// Runs the steps after `from` up to schema::kCurrentVersion in the caller's transaction. A step
// refuses (PgError, naming the records) rows it cannot carry over.
void upgrade(PgConnection &db, int from);
void migrateTo3(PgConnection &db); // PgSchemaUpgrade.cpp
void migrateTo4(PgConnection &db); // PgSchemaUpgrade.cpp

// SQL text of a timestamptz column as the stores write times (2020-05-01T08:30:00.000Z) and of a
// date column as YYYY-MM-DD, whatever the session's DateStyle and time zone.
std::string isoTime(const std::string &column);
std::string isoDate(const std::string &column);

// The layer's view (same columns as the SpatiaLite view) is created by a trigger on `layer`,
// so a planner needs no DDL rights.

} // namespace data::pgschema
