// PostgisStore::upload: a local project becomes the server's project.
#include "data/postgis/PostgisStore.h"

#include "data/spatialite/SpatiaLiteStore.h"

#include <algorithm>

namespace data {

using Kind = StoreError::Kind;

void PostgisStore::upload(const Store &from)
{
  std::lock_guard lock(mMutex);
  if (!users().empty() || mDb->queryInt("SELECT count(*) FROM layer") > 0)
    throw StoreError(Kind::Invalid,
                     displayName() + ": the server project is not empty; upload needs a new one");
  // Runs as the connected owner (no SET ROLE): the upload copies everyone's events as they are.
  transaction([&] {
    std::vector<User> users = from.users();
    std::stable_sort(users.begin(), users.end(), [](const User &a, const User &b) {
      return a.role == Role::Planner && b.role != Role::Planner;
    });
    for (const User &u : users)
      insertUser(u);

    // Every metadata key of the file (the Store interface reads keys one at a time).
    if (const auto *local = dynamic_cast<const SpatiaLiteStore *>(&from)) {
      Statement st = const_cast<SpatiaLiteStore *>(local)->database().prepare(
          "SELECT key, value FROM meta WHERE key NOT IN ('application', 'schema_version')");
      while (st.step())
        mDb->exec("INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = "
                  "excluded.value",
                  {PgParam::text(st.text(0)), PgParam::text(st.text(1))});
    }

    const std::vector<LayerDef> layers = from.layers();
    for (const LayerDef &l : layers)
      insertLayer(l);
    if (const auto p = from.plan()) writePlan(*p, from.targets());

    for (const LayerDef &l : layers)
      for (const Feature &f : from.features(l.id)) {
        Feature checked = f; // checked as a new feature, stored with its own id and version
        checked.id = 0;
        insertFeatureRow(l, checked, checkFeature(l, checked), f.id, f.version);
      }
    mDb->exec("SELECT setval('feature_id_seq', GREATEST((SELECT max(id) FROM feature), 1))");

    // Events keep their ids, times and who entered them (the owner may write them; the database
    // derives each feature's progress as they come in): derived progress applies events in
    // (date, id) order.
    for (const Event &e : from.allEvents()) {
      mDb->exec("INSERT INTO progress_event(id, uuid, feature_id, kind, status, from_m, to_m, date, "
                "user_name, note, retracts, recorded_at, entered_by) "
                "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                {PgParam::integer(e.id), PgParam::text(e.uuid), PgParam::integer(e.featureId),
                 PgParam::text(eventKindName(e.kind)), PgParam::text(statusName(e.status)),
                 e.fromM ? PgParam::real(*e.fromM) : PgParam::null(),
                 e.toM ? PgParam::real(*e.toM) : PgParam::null(), PgParam::text(e.date),
                 PgParam::text(e.user), PgParam::text(e.note), PgParam::textOrNull(e.retracts),
                 PgParam::text(e.recordedAt), PgParam::textOrNull(e.enteredBy)});
      for (const Attachment &a : from.attachments(e.uuid))
        mDb->exec("INSERT INTO attachment(uuid, event_uuid, file_name, mime, data, thumbnail, taken_at, "
                  "recorded_at, "
                  "position) VALUES($1, $2, $3, $4, $5::bytea, $6::bytea, $7, $8, "
                  "ST_SetSRID(ST_MakePoint($9::float8, $10::float8), 4326))",
                  {PgParam::text(a.uuid), PgParam::text(a.eventUuid), PgParam::text(a.fileName),
                   PgParam::text(a.mime), PgParam::bytes(a.data),
                   a.thumbnail.empty() ? PgParam::null() : PgParam::bytes(a.thumbnail),
                   PgParam::text(a.takenAt), PgParam::text(e.recordedAt),
                   a.position ? PgParam::real(a.position->x) : PgParam::null(),
                   a.position ? PgParam::real(a.position->y) : PgParam::null()});
    }
    mDb->exec("SELECT setval('progress_event_id_seq', GREATEST((SELECT max(id) FROM progress_event), 1))");

    for (const Measurement &m : from.measurements())
      mDb->exec("INSERT INTO measurement(uuid, target_id, value, date, user_name, note, recorded_at) "
                "VALUES($1, $2, $3, $4, $5, $6, $7)",
                {PgParam::text(m.uuid), PgParam::text(m.targetId), PgParam::real(m.value),
                 PgParam::text(m.date), PgParam::text(m.user), PgParam::text(m.note),
                 PgParam::text(m.recordedAt)});
  });
}

} // namespace data
