#pragma once

#include "data/store/EventRules.h"
#include "data/store/FeatureRules.h"
#include "data/store/StoreError.h"
#include "gis/Error.h"

// One decoding of each stored row for both backends. A Row reads column `c` of the current row:
// isNull(c), text(c) ("" for NULL), integer(c), real(c), blob(c); the columns come in the order
// each function names. SQLite's Statement is such a row; PostgreSQL's result rows are read
// through PgRow (PgConnection.h).
namespace data::rows {

// name, role, display_name
template <class Row> User user(const Row &r)
{
  return User{r.text(0), roleFromName(r.text(1)).value_or(Role::Leader), r.text(2)};
}

// id, name_zh, name_en, geometry_type, tracked, sort_order, fields_json
template <class Row> LayerDef layer(const Row &r)
{
  LayerDef l;
  l.id = r.text(0);
  l.nameZh = r.text(1);
  l.nameEn = r.text(2);
  l.geometryType = r.text(3);
  l.tracked = r.integer(4) != 0;
  l.sortOrder = static_cast<int>(r.integer(5));
  l.fields = fieldsFromJson(r.text(6));
  return l;
}

// id, title_zh, title_en, doc_number, start_date, deadline, json
template <class Row> PlanRecord plan(const Row &r)
{
  return PlanRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}

// id, grp, name_zh, name_en, kind, goal, comparator, unit, layer_id, rule_json
template <class Row> TargetRecord target(const Row &r)
{
  return TargetRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                      r.real(5), r.text(6), r.text(7), r.text(8), r.text(9)};
}

// id, uuid, target_id, value, date, user_name, note, recorded_at
template <class Row> Measurement measurement(const Row &r)
{
  return Measurement{r.integer(0), r.text(1), r.text(2), r.real(3),
                     r.text(4),    r.text(5), r.text(6), r.text(7)};
}

// id, layer_id, code, name, attrs, status, done_m, length_m, area_m2, version, WKB geometry
template <class Row> Feature feature(const Row &r)
{
  Feature f;
  f.id = r.integer(0);
  f.layerId = r.text(1);
  f.code = r.text(2);
  f.name = r.text(3);
  f.attributes = attributesFromJson(r.text(4));
  f.status = statusFromName(r.text(5)).value_or(Status::Planned);
  f.doneM = r.real(6);
  f.lengthM = r.real(7);
  f.areaM2 = r.real(8);
  f.version = static_cast<int>(r.integer(9));
  if (!r.isNull(10)) {
    const std::string wkb = r.blob(10);
    try {
      f.geometry = loadedGeometry(
          gis::Geometry::fromWkb(reinterpret_cast<const unsigned char *>(wkb.data()), wkb.size()));
    } catch (const gis::Error &e) {
      throw StoreError(StoreError::Kind::Database,
                       featureLabel(f) + ": stored geometry is unreadable: " + e.what());
    }
  }
  return f;
}

// id, uuid, feature_id, kind, status, from_m, to_m, date, user_name, note, retracts, recorded_at,
// entered_by
template <class Row> Event event(const Row &r)
{
  Event e;
  e.id = r.integer(0);
  e.uuid = r.text(1);
  e.featureId = r.integer(2);
  e.kind = eventKindFromName(r.text(3)).value_or(EventKind::Status);
  e.status = statusFromName(r.text(4)).value_or(Status::Planned);
  if (!r.isNull(5)) e.fromM = r.real(5);
  if (!r.isNull(6)) e.toM = r.real(6);
  e.date = r.text(7);
  e.user = r.text(8);
  e.note = r.text(9);
  e.retracts = r.text(10);
  e.recordedAt = r.text(11);
  e.enteredBy = r.text(12);
  return e;
}

// id, uuid, event_uuid, file_name, mime, data, thumbnail, position x, position y, taken_at
template <class Row> Attachment attachment(const Row &r)
{
  Attachment a;
  a.id = r.integer(0);
  a.uuid = r.text(1);
  a.eventUuid = r.text(2);
  a.fileName = r.text(3);
  a.mime = r.text(4);
  a.data = r.blob(5);
  a.thumbnail = r.blob(6);
  if (!r.isNull(7)) a.position = gis::Point{r.real(7), r.real(8)};
  a.takenAt = r.text(9);
  return a;
}

// The feature an event is for: code, layer_id, tracked, geometry_type, length_m, plan start date.
template <class Row> EventTarget eventTarget(std::int64_t featureId, const Row &r)
{
  Feature label;
  label.id = featureId;
  label.code = r.text(0);
  const bool isLine = geometryTypeFromName(r.text(3)) == GeometryType::LineString;
  return EventTarget{featureLabel(label), r.text(1), r.integer(2) != 0, isLine, r.real(4), r.text(5)};
}

} // namespace data::rows
