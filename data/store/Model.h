#pragma once

#include "gis/Geometry.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace data {

enum class Role { Planner, Engineer, Leader };
const char *roleName(Role r); // "planner", "engineer", "leader"
std::optional<Role> roleFromName(const std::string &s);

// Forward-only life cycle of a plan feature.
enum class Status { Planned = 0, InProgress = 1, Completed = 2, Accepted = 3 };
const char *statusName(Status s); // "planned", "in_progress", "completed", "accepted"
std::optional<Status> statusFromName(const std::string &s);

// What a target counts, as the plan file names it: located targets count features of a layer
// (sites, km of river, mu of plots, a summed attribute, the share of a class); indicators are
// measured values entered over time.
enum class TargetKind { Count, Length, Area, AttributeSum, Ratio, Indicator };
constexpr int kTargetKindCount = 6;
const char *targetKindName(TargetKind k); // "count", "length", "area", "attribute_sum", "ratio", "indicator"
std::optional<TargetKind> targetKindFromName(const std::string &s);

// How a target's value meets its goal.
enum class Comparator { AtLeast, AtMost, Equal };
constexpr int kComparatorCount = 3;
const char *comparatorSymbol(Comparator c); // ">=", "<=", "=="
std::optional<Comparator> comparatorFromSymbol(const std::string &s);

// The geometry a layer holds (stored as Point, LineString and MultiPolygon), in the order of the
// feature table's geom_point, geom_line and geom_poly columns.
enum class GeometryType { Point, LineString, Polygon };
const char *geometryTypeName(GeometryType t); // "Point", "LineString", "Polygon"
std::optional<GeometryType> geometryTypeFromName(const std::string &s);

struct User
{
  std::string name;
  Role role = Role::Leader;
  std::string displayName;
};

struct FieldDef
{
  std::string name;          // column name in the layer's view, ASCII
  std::string type = "text"; // "text" | "integer" | "real"
  bool required = false;
  std::vector<std::string> values; // value list, empty = free
  std::string labelZh;
  std::string labelEn;
};

struct LayerDef
{
  std::string id; // "rivers", "toilets", ...
  std::string nameZh;
  std::string nameEn;
  std::string geometryType; // "Point" | "LineString" | "Polygon"
  bool tracked = false;     // carries plan progress (has statuses)
  int sortOrder = 0;        // drawing order, low first (bottom)
  std::vector<FieldDef> fields;
};
// The layer's geometry type; checkLayerDef admits only the three names, anything else reads as
// Polygon as the stores always have.
GeometryType geometryTypeOf(const LayerDef &layer);
// A layer's field list as the layer table's fields_json keeps it, and back.
std::string fieldsToJson(const std::vector<FieldDef> &fields);
std::vector<FieldDef> fieldsFromJson(const std::string &json);

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Attributes = std::map<std::string, Value>;
std::string valueToString(const Value &v); // "" for null
std::optional<double> valueToDouble(const Value &v);
std::string attributesToJson(const Attributes &a);
Attributes attributesFromJson(const std::string &json); // flat object of numbers/strings/null

struct Feature
{
  std::int64_t id = 0; // assigned by the store
  std::string layerId;
  std::string code; // human id, e.g. "HD-001"; unique per project when set
  std::string name;
  gis::Geometry geometry; // EPSG:4326 lon/lat
  Attributes attributes;
  // Derived from events (cache kept by the store on every event write; never set by callers):
  Status status = Status::Planned;
  double doneM = 0;   // completed chainage length, lines only
  double lengthM = 0; // geodesic length (lines) — computed by the store on write
  double areaM2 = 0;  // geodesic area (polygons) — computed by the store on write
  int version = 1;    // bumped on each geometry/attribute edit
};

enum class EventKind {
  Status,     // feature status moves to `status` (forward only)
  Stretch,    // chainage interval [fromM, toM] of a line is done (completed)
  Correction, // sets status back (or removes a stretch when fromM/toM given); needs a note
  Retraction  // cancels the event whose uuid is `retracts` (undo); needs nothing else
};
const char *eventKindName(EventKind k); // "status", "stretch", "correction", "retraction"
std::optional<EventKind> eventKindFromName(const std::string &s);

struct Event
{
  std::int64_t id = 0; // local row id (assigned)
  std::string uuid;    // global identity (assigned when empty)
  std::int64_t featureId = 0;
  EventKind kind = EventKind::Status;
  Status status = Status::Completed;
  std::optional<double> fromM;
  std::optional<double> toM;
  std::string date; // YYYY-MM-DD, the day the work was done
  std::string user; // on whose word the event is recorded
  std::string note;
  std::string retracts;   // uuid of the retracted event (Retraction only)
  std::string recordedAt; // ISO timestamp, assigned by the store
  std::string enteredBy;  // who entered it, set by the store ("" = before stores kept it)
};

struct Measurement
{
  std::int64_t id = 0;
  std::string uuid;
  std::string targetId;
  double value = 0;
  std::string date;
  std::string user;
  std::string note;
  std::string recordedAt;
};

struct Attachment
{
  std::int64_t id = 0;
  std::string uuid;
  std::string eventUuid;
  std::string fileName;
  std::string mime = "image/jpeg";
  std::string data;      // bytes
  std::string thumbnail; // bytes (JPEG/PNG)
  std::optional<gis::Point> position;
  std::string takenAt;
};

// The plan as stored: the plan file's JSON text is kept verbatim (layers/ parses it); the
// scalar fields are copied out so SQL readers and QGIS users can see them.
struct PlanRecord
{
  std::string id; // "pujiang-2020"
  std::string titleZh;
  std::string titleEn;
  std::string docNumber; // 闵浦府[2020]41号
  std::string startDate; // YYYY-MM-DD
  std::string deadline;  // YYYY-MM-DD
  std::string json;      // the whole plan file
};

// A target row as SQL readers see it (one per plan target).
struct TargetRecord
{
  std::string id;
  std::string group;
  std::string nameZh;
  std::string nameEn;
  std::string kind; // count | length | area | attribute_sum | ratio | indicator
  double goal = 0;
  std::string comparator; // ">=", "<=", "=="
  std::string unit;
  std::string layerId;  // "" for indicator targets
  std::string ruleJson; // the target's rule object from the plan file
};

} // namespace data
