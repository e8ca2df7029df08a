#include "data/spatialite/Schema.h"

#include "data/spatialite/LayerViews.h"
#include "data/store/StoreError.h"

#include <string>
#include <vector>

namespace data::schema {

namespace {

// SpatiaLite's metadata functions report failure as 0, not as an SQL error.
void spatialCall(Database &db, const std::string &sql)
{
  if (db.queryInt("SELECT " + sql) != 1)
    throw StoreError(StoreError::Kind::Schema, "SpatiaLite refused " + sql);
}

void addIndexedGeometry(Database &db, const std::string &table, const std::string &column,
                        const std::string &type)
{
  spatialCall(db, "AddGeometryColumn('" + table + "', '" + column + "', 4326, '" + type + "', 'XY')");
  spatialCall(db, "CreateSpatialIndex('" + table + "', '" + column + "')");
}

void appendOnly(Database &db, const std::string &table)
{
  for (const char *op : {"UPDATE", "DELETE"}) {
    const std::string lower = op == std::string("UPDATE") ? "update" : "delete";
    db.exec("CREATE TRIGGER " + table + "_no_" + lower + " BEFORE " + op + " ON " + table +
            " BEGIN SELECT RAISE(ABORT, '" + table +
            " is append-only: add a correction or retraction instead'); END");
  }
}

constexpr const char *kStatusCheck = "('planned','in_progress','completed','accepted')";

void migrateTo2(Database &db, const std::function<void()> &recomputeDerived)
{
  db.exec("ALTER TABLE feature ADD COLUMN last_event_date TEXT NOT NULL DEFAULT ''");
  db.exec(R"(CREATE TABLE attachment(
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    event_uuid TEXT NOT NULL REFERENCES progress_event(uuid),
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    thumbnail BLOB,
    taken_at TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL))");
  db.exec("CREATE INDEX attachment_event ON attachment(event_uuid)");
  addIndexedGeometry(db, "attachment", "position", "POINT");
  recomputeDerived();
}

// Who entered an event (a planner may enter an engineer's word); "" for events kept before.
void migrateTo3(Database &db, const std::function<void()> &)
{
  db.exec("ALTER TABLE progress_event ADD COLUMN entered_by TEXT NOT NULL DEFAULT ''");
}

// Server accounts: argon2id password hashes and the sessions of planmap-server, kept in the
// project so every instance on it accepts them. A session is stored by the hash of its token.
void migrateTo4(Database &db, const std::function<void()> &)
{
  db.exec("CREATE TABLE app_password(name TEXT PRIMARY KEY REFERENCES app_user(name), "
          "hash TEXT NOT NULL, set_at TEXT NOT NULL)");
  db.exec("CREATE TABLE app_session(token_hash TEXT PRIMARY KEY, "
          "user_name TEXT NOT NULL REFERENCES app_user(name), expires INTEGER NOT NULL)");
}

struct Migration
{
  int version;
  std::function<void(Database &, const std::function<void()> &)> apply;
};

const std::vector<Migration> &migrations()
{
  static const std::vector<Migration> list{{2, migrateTo2}, {3, migrateTo3}, {4, migrateTo4}};
  return list;
}

} // namespace

void createVersion1(Database &db)
{
  // Only the SRSs a Chinese town project needs: WGS84, CGCS2000 and its 3-degree GK zones, web mercator.
  spatialCall(db, "InitSpatialMetadata(0, 'NONE')");
  for (int srid : {4326, 4490, 4549, 4550, 3857})
    spatialCall(db, "InsertEpsgSrid(" + std::to_string(srid) + ")");

  db.exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  db.exec("CREATE TABLE app_user(name TEXT PRIMARY KEY CHECK(length(name) > 0), "
          "role TEXT NOT NULL CHECK(role IN ('planner','engineer','leader')), "
          "display_name TEXT NOT NULL DEFAULT '')");
  db.exec(R"(CREATE TABLE layer(
    id TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    geometry_type TEXT NOT NULL CHECK(geometry_type IN ('Point','LineString','Polygon')),
    tracked INTEGER NOT NULL DEFAULT 0 CHECK(tracked IN (0,1)),
    sort_order INTEGER NOT NULL DEFAULT 0,
    fields_json TEXT NOT NULL DEFAULT '[]' CHECK(json_valid(fields_json))))");
  db.exec(R"(CREATE TABLE plan(
    id TEXT PRIMARY KEY,
    title_zh TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '',
    json TEXT NOT NULL))");
  db.exec(R"(CREATE TABLE target(
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plan(id),
    grp TEXT NOT NULL DEFAULT '',
    name_zh TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK(kind IN ('count','length','area','attribute_sum','ratio','indicator')),
    goal REAL NOT NULL DEFAULT 0,
    comparator TEXT NOT NULL DEFAULT '>=' CHECK(comparator IN ('>=','<=','==')),
    unit TEXT NOT NULL DEFAULT '',
    layer_id TEXT NOT NULL DEFAULT '',
    rule_json TEXT NOT NULL DEFAULT '{}',
    sort_order INTEGER NOT NULL DEFAULT 0))");
  db.exec(std::string(R"(CREATE TABLE feature(
    id INTEGER PRIMARY KEY,
    layer_id TEXT NOT NULL REFERENCES layer(id),
    code TEXT UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    attrs TEXT NOT NULL DEFAULT '{}' CHECK(json_valid(attrs)),
    status TEXT NOT NULL DEFAULT 'planned' CHECK(status IN )") +
          kStatusCheck + R"(),
    done_m REAL NOT NULL DEFAULT 0,
    length_m REAL NOT NULL DEFAULT 0,
    area_m2 REAL NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1))");
  db.exec("CREATE INDEX feature_layer ON feature(layer_id)");
  // One typed column per geometry type so GDAL reports each layer view's own geometry type.
  addIndexedGeometry(db, "feature", "geom_point", "POINT");
  addIndexedGeometry(db, "feature", "geom_line", "LINESTRING");
  addIndexedGeometry(db, "feature", "geom_poly", "MULTIPOLYGON");
  db.exec(std::string(R"(CREATE TABLE progress_event(
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    feature_id INTEGER NOT NULL REFERENCES feature(id),
    kind TEXT NOT NULL CHECK(kind IN ('status','stretch','correction','retraction')),
    status TEXT NOT NULL CHECK(status IN )") +
          kStatusCheck + R"(),
    from_m REAL,
    to_m REAL,
    date TEXT NOT NULL,
    user_name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    retracts TEXT,
    recorded_at TEXT NOT NULL))");
  db.exec("CREATE INDEX progress_event_feature ON progress_event(feature_id, date, id)");
  appendOnly(db, "progress_event");
  db.exec(R"(CREATE TABLE measurement(
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    target_id TEXT NOT NULL,
    value REAL NOT NULL,
    date TEXT NOT NULL,
    user_name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL))");
  db.exec("CREATE INDEX measurement_target ON measurement(target_id, date, id)");
  appendOnly(db, "measurement");
  db.exec(std::string("INSERT INTO meta(key, value) VALUES('application', '") + kApplication +
          "'), ('schema_version', '1')");
}

int projectVersion(const Database &db)
{
  const std::string &file = db.path();
  auto notAProject = [&file](const std::string &why) {
    return StoreError(StoreError::Kind::NotAProject, file + ": not a PlanMap project (" + why + ")");
  };
  try {
    if (!db.tableExists("meta")) throw notAProject("no meta table");
    Statement st = db.prepare("SELECT key, value FROM meta WHERE key IN ('application', 'schema_version')");
    std::string application, version;
    while (st.step())
      (st.text(0) == "application" ? application : version) = st.text(1);
    if (application != kApplication) throw notAProject("meta 'application' is '" + application + "'");
    std::size_t used = 0;
    int v = 0;
    try {
      v = std::stoi(version, &used);
    } catch (const std::exception &) {
      used = 0;
    }
    if (used == 0 || used != version.size() || v < 1)
      throw notAProject("bad schema version '" + version + "'");
    return v;
  } catch (const StoreError &e) {
    if (e.kind() != StoreError::Kind::Database) throw;
    const std::string msg = e.what();
    throw notAProject(msg.find("not a database") != std::string::npos ? "not an SQLite database" : msg);
  }
}

void upgrade(Database &db, int from, const std::function<void()> &recomputeDerived)
{
  // Derived columns are recomputed once, after the last step: the store reads the newest layout.
  bool recompute = false;
  for (const Migration &m : migrations()) {
    if (m.version <= from) continue;
    try {
      m.apply(db, [&recompute] { recompute = true; });
    } catch (const StoreError &e) {
      throw StoreError(StoreError::Kind::Schema, db.path() + ": upgrade to schema version " +
                                                     std::to_string(m.version) + " failed: " + e.what());
    }
    Statement st = db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'");
    st.bindText(1, std::to_string(m.version)).run();
  }
  try {
    if (recompute) recomputeDerived();
  } catch (const StoreError &e) {
    throw StoreError(StoreError::Kind::Schema, db.path() + ": upgrade failed: " + e.what());
  }
  layerviews::rebuildViews(db);
}

} // namespace data::schema
