#pragma once

#include "data/PgConnection.h"

#include <string>

namespace data::pgschema {

// The PostGIS side of the project schema: the same tables, columns and layer views as the
// SpatiaLite store (Schema.h, version 2), in PostgreSQL's dialect, plus what a shared server
// needs: database roles and row-level security, and change notifications.
//
// Roles: three group roles per database, "<db>_planner", "<db>_engineer" and "<db>_leader"
// (per database, so one login may be a planner of one plan and an engineer of another on the same
// cluster). Each project user is a LOGIN role that is a member of one group.
//   leader   — SELECT only
//   engineer — SELECT; INSERT progress events as himself only (RLS) and photos of his own events;
//              UPDATE of the derived progress columns of feature only (never geometry/attributes)
//   planner  — everything but UPDATE/DELETE of events and measurements (append-only for all)
// Users are added through planmap_add_user() (SECURITY DEFINER: creates the login role, grants
// its group and inserts the app_user row), so planners need no CREATEROLE.
constexpr const char *kChangeChannel = "planmap_change";

// Group role name of a role in the connected database.
std::string groupRole(PgConnection &db, const std::string &role);

// True when the connected database holds a PlanMap project (meta table with application PlanMap).
bool isProject(PgConnection &db);

// Creates the schema, the group roles, grants, policies, triggers and functions in the connected
// database (which must have no PlanMap schema yet). Runs in the caller's transaction.
void create(PgConnection &db);

// The layer's view (same columns as the SpatiaLite view) is created by a trigger on `layer`,
// so a planner needs no DDL rights.

} // namespace data::pgschema
