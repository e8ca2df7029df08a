#include "data/postgis/PgSchema.h"

#include "data/spatialite/Schema.h"

namespace data::pgschema {

namespace {

constexpr const char *kStatusCheck = "('planned','in_progress','completed','accepted')";

// Tables and columns as in the SpatiaLite store (INTEGER → bigint, REAL → double precision,
// BLOB → bytea), geometry columns typed so geometry_columns lists every layer view.
std::string tablesSql()
{
  const std::string status = kStatusCheck;
  return R"(
CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE app_user(name text PRIMARY KEY CHECK(length(name) > 0),
  role text NOT NULL CHECK(role IN ('planner','engineer','leader')),
  display_name text NOT NULL DEFAULT '');
CREATE TABLE layer(
  id text PRIMARY KEY,
  name_zh text NOT NULL DEFAULT '',
  name_en text NOT NULL DEFAULT '',
  geometry_type text NOT NULL CHECK(geometry_type IN ('Point','LineString','Polygon')),
  tracked bigint NOT NULL DEFAULT 0 CHECK(tracked IN (0,1)),
  sort_order bigint NOT NULL DEFAULT 0,
  fields_json text NOT NULL DEFAULT '[]' CHECK(fields_json::jsonb IS NOT NULL));
CREATE TABLE plan(
  id text PRIMARY KEY,
  title_zh text NOT NULL DEFAULT '',
  title_en text NOT NULL DEFAULT '',
  doc_number text NOT NULL DEFAULT '',
  start_date text NOT NULL DEFAULT '',
  deadline text NOT NULL DEFAULT '',
  json text NOT NULL);
CREATE TABLE target(
  id text PRIMARY KEY,
  plan_id text NOT NULL REFERENCES plan(id),
  grp text NOT NULL DEFAULT '',
  name_zh text NOT NULL DEFAULT '',
  name_en text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK(kind IN ('count','length','area','attribute_sum','ratio','indicator')),
  goal double precision NOT NULL DEFAULT 0,
  comparator text NOT NULL DEFAULT '>=' CHECK(comparator IN ('>=','<=','==')),
  unit text NOT NULL DEFAULT '',
  layer_id text NOT NULL DEFAULT '',
  rule_json text NOT NULL DEFAULT '{}',
  sort_order bigint NOT NULL DEFAULT 0);
CREATE TABLE feature(
  id bigserial PRIMARY KEY,
  layer_id text NOT NULL REFERENCES layer(id),
  code text UNIQUE,
  name text NOT NULL DEFAULT '',
  attrs text NOT NULL DEFAULT '{}' CHECK(attrs::jsonb IS NOT NULL),
  status text NOT NULL DEFAULT 'planned' CHECK(status IN )" +
         status + R"(),
  done_m double precision NOT NULL DEFAULT 0,
  length_m double precision NOT NULL DEFAULT 0,
  area_m2 double precision NOT NULL DEFAULT 0,
  version bigint NOT NULL DEFAULT 1,
  last_event_date text NOT NULL DEFAULT '',
  geom_point geometry(Point, 4326),
  geom_line geometry(LineString, 4326),
  geom_poly geometry(MultiPolygon, 4326));
CREATE INDEX feature_layer ON feature(layer_id);
CREATE INDEX idx_feature_geom_point ON feature USING gist(geom_point);
CREATE INDEX idx_feature_geom_line ON feature USING gist(geom_line);
CREATE INDEX idx_feature_geom_poly ON feature USING gist(geom_poly);
CREATE TABLE progress_event(
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  feature_id bigint NOT NULL REFERENCES feature(id),
  kind text NOT NULL CHECK(kind IN ('status','stretch','correction','retraction')),
  status text NOT NULL CHECK(status IN )" +
         status + R"(),
  from_m double precision,
  to_m double precision,
  date text NOT NULL,
  user_name text NOT NULL,
  note text NOT NULL DEFAULT '',
  retracts text,
  recorded_at text NOT NULL);
CREATE INDEX progress_event_feature ON progress_event(feature_id, date, id);
CREATE TABLE measurement(
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  target_id text NOT NULL,
  value double precision NOT NULL,
  date text NOT NULL,
  user_name text NOT NULL,
  note text NOT NULL DEFAULT '',
  recorded_at text NOT NULL);
CREATE INDEX measurement_target ON measurement(target_id, date, id);
CREATE TABLE attachment(
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  event_uuid text NOT NULL REFERENCES progress_event(uuid),
  file_name text NOT NULL,
  mime text NOT NULL,
  data bytea NOT NULL,
  thumbnail bytea,
  taken_at text NOT NULL DEFAULT '',
  recorded_at text NOT NULL,
  position geometry(Point, 4326));
CREATE INDEX attachment_event ON attachment(event_uuid);
CREATE INDEX idx_attachment_position ON attachment USING gist(position);
)";
}

// Append-only tables, change notifications and the layer views.
std::string functionsSql()
{
  return R"SQL(
CREATE FUNCTION planmap_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: add a correction or retraction instead', TG_TABLE_NAME;
END $$;
CREATE TRIGGER progress_event_append_only BEFORE UPDATE OR DELETE ON progress_event
  FOR EACH ROW EXECUTE FUNCTION planmap_append_only();
CREATE TRIGGER measurement_append_only BEFORE UPDATE OR DELETE ON measurement
  FOR EACH ROW EXECUTE FUNCTION planmap_append_only();

CREATE FUNCTION planmap_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'progress_event' THEN
    PERFORM pg_notify('planmap_change', json_build_object('table', 'progress_event', 'op', TG_OP,
      'id', r.id, 'feature_id', r.feature_id, 'uuid', r.uuid, 'user', r.user_name)::text);
  ELSE
    PERFORM pg_notify('planmap_change', json_build_object('table', TG_TABLE_NAME, 'op', TG_OP,
      'id', r.id)::text);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER progress_event_notify AFTER INSERT ON progress_event
  FOR EACH ROW EXECUTE FUNCTION planmap_notify();
CREATE TRIGGER feature_notify AFTER INSERT OR UPDATE OR DELETE ON feature
  FOR EACH ROW EXECUTE FUNCTION planmap_notify();

CREATE FUNCTION planmap_layer_view() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
DECLARE
  cols text := 'f.id AS fid, f.code AS code, f.name AS name';
  fld jsonb;
  n text;
  g text;
BEGIN
  FOR fld IN SELECT value FROM jsonb_array_elements(NEW.fields_json::jsonb) LOOP
    n := fld->>'name';
    cols := cols || CASE fld->>'type'
      WHEN 'integer' THEN format(', CASE WHEN jsonb_typeof(f.attrs::jsonb->%L) = ''number'' '
                                 'THEN (f.attrs::jsonb->>%L)::numeric::bigint END AS %I', n, n, n)
      WHEN 'real' THEN format(', CASE WHEN jsonb_typeof(f.attrs::jsonb->%L) = ''number'' '
                              'THEN (f.attrs::jsonb->>%L)::double precision END AS %I', n, n, n)
      ELSE format(', f.attrs::jsonb->>%L AS %I', n, n) END;
  END LOOP;
  IF NEW.tracked <> 0 THEN cols := cols || ', f.status AS status, f.last_event_date AS last_event_date'; END IF;
  IF NEW.geometry_type = 'LineString' THEN
    cols := cols || ', f.length_m AS length_m';
    IF NEW.tracked <> 0 THEN cols := cols || ', f.done_m AS done_m'; END IF;
  END IF;
  IF NEW.geometry_type = 'Polygon' THEN cols := cols || ', f.area_m2 AS area_m2'; END IF;
  g := CASE NEW.geometry_type WHEN 'Point' THEN 'geom_point' WHEN 'LineString' THEN 'geom_line' ELSE 'geom_poly' END;
  cols := cols || ', f.version AS version, f.' || g || ' AS geom';
  EXECUTE format('DROP VIEW IF EXISTS %I', NEW.id);
  EXECUTE format('CREATE VIEW %I AS SELECT %s FROM feature AS f WHERE f.layer_id = %L', NEW.id, cols, NEW.id);
  EXECUTE format('GRANT SELECT ON %I TO %I, %I, %I', NEW.id, current_database() || '_planner',
                 current_database() || '_engineer', current_database() || '_leader');
  RETURN NULL;
END $$;
CREATE TRIGGER layer_view AFTER INSERT OR UPDATE ON layer FOR EACH ROW EXECUTE FUNCTION planmap_layer_view();

CREATE FUNCTION planmap_add_user(p_name text, p_role text, p_display text) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_role NOT IN ('planner', 'engineer', 'leader') THEN
    RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = '22023';
  END IF;
  BEGIN
    EXECUTE format('CREATE ROLE %I LOGIN', p_name);
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- the login exists already (a user of another plan on this cluster)
  END;
  EXECUTE format('GRANT %I TO %I', current_database() || '_' || p_role, p_name);
  INSERT INTO app_user(name, role, display_name) VALUES (p_name, p_role, p_display);
END $$;
)SQL";
}

} // namespace

std::string groupRole(PgConnection &db, const std::string &role)
{
  return db.queryText("SELECT current_database()") + "_" + role;
}

bool isProject(PgConnection &db)
{
  if (db.queryText("SELECT to_regclass('public.meta')::text").empty()) return false;
  return db.queryText("SELECT value FROM meta WHERE key = 'application'") == schema::kApplication;
}

void createVersion2(PgConnection &db)
{
  db.execScript(tablesSql());
  db.execScript(functionsSql());
  const std::string planner = pgIdent(groupRole(db, "planner"));
  const std::string engineer = pgIdent(groupRole(db, "engineer"));
  const std::string leader = pgIdent(groupRole(db, "leader"));
  for (const std::string &g : {planner, engineer, leader})
    db.execScript("DO $$ BEGIN CREATE ROLE " + g +
                  " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
  const std::string all = planner + ", " + engineer + ", " + leader;
  db.execScript("GRANT USAGE ON SCHEMA public TO " + all + ";\n" +
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + all + ";\n" +
                "GRANT INSERT, UPDATE, DELETE ON meta, layer, plan, target, feature TO " + planner + ";\n" +
                "GRANT INSERT ON progress_event, measurement, attachment TO " + planner + ";\n" +
                "GRANT INSERT ON progress_event, attachment TO " + engineer + ";\n" +
                // Version 2 let engineers write the derived cache; version 3 takes it back.
                "GRANT UPDATE (status, done_m, last_event_date) ON feature TO " + engineer + ";\n" +
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + planner + ", " + engineer + ";\n" +
                "REVOKE EXECUTE ON FUNCTION planmap_add_user(text, text, text) FROM PUBLIC;\n" +
                "GRANT EXECUTE ON FUNCTION planmap_add_user(text, text, text) TO " + planner + ";\n");
  for (const char *table : {"progress_event", "attachment"}) {
    const std::string t = table;
    db.execScript("ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY;\n" + "CREATE POLICY " + t + "_read ON " +
                  t + " FOR SELECT USING (true);\n" + "CREATE POLICY " + t + "_planner ON " + t +
                  " FOR INSERT TO " + planner + " WITH CHECK (true);\n");
  }
  db.execScript("CREATE POLICY progress_event_engineer ON progress_event FOR INSERT TO " + engineer +
                " WITH CHECK (user_name = current_user);\n"
                "CREATE POLICY attachment_engineer ON attachment FOR INSERT TO " +
                engineer +
                " WITH CHECK (EXISTS (SELECT 1 FROM progress_event e WHERE e.uuid = event_uuid "
                "AND e.user_name = current_user));\n");
  db.exec("INSERT INTO meta(key, value) VALUES ('application', $1), ('schema_version', '2')",
          {PgParam::text(schema::kApplication)});
}

void create(PgConnection &db)
{
  createVersion2(db);
  upgrade(db, 2);
}

bool ownsSchema(PgConnection &db)
{
  return db.queryText("SELECT pg_has_role((SELECT relowner FROM pg_class WHERE oid = "
                      "'public.progress_event'::regclass), "
                      "'USAGE')::text") == "true";
}

void upgrade(PgConnection &db, int from)
{
  struct Step
  {
    int version;
    void (*apply)(PgConnection &);
  };
  for (const Step &step : {Step{3, migrateTo3}, Step{4, migrateTo4}}) {
    if (step.version <= from) continue;
    step.apply(db);
    db.exec("UPDATE meta SET value = $1 WHERE key = 'schema_version'", {PgParam::integer(step.version)});
  }
}

std::string isoTime(const std::string &column)
{
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string isoDate(const std::string &column)
{
  return "to_char(" + column + ", 'YYYY-MM-DD')";
}

} // namespace data::pgschema
