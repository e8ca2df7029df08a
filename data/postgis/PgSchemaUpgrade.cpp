// Server schema version 3: what the database itself guarantees whatever client writes to it.
#include "data/postgis/PgSchema.h"

namespace data::pgschema {

namespace {

// Derived progress in the database: the replay of data/Progress.cpp (deriveProgress), step for
// step in the same order and the same double arithmetic, so the cache equals what the rules
// derive. Done chainage is a flat array of (from, to) pairs, as gis::IntervalSet with tolerance 0.01.
constexpr const char *kReplaySql = R"SQL(
CREATE FUNCTION planmap_interval_add(s double precision[], a double precision, b double precision)
  RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  tol constant double precision := 0.01;
  r double precision[] := '{}';
  placed boolean := false;
  t double precision;
BEGIN
  IF a > b THEN t := a; a := b; b := t; END IF;
  IF NOT (b - a > 0) THEN RETURN s; END IF;
  FOR i IN 1 .. coalesce(array_length(s, 1), 0) / 2 LOOP
    IF s[2 * i] + tol < a THEN
      r := r || s[2 * i - 1] || s[2 * i];
    ELSIF b + tol < s[2 * i - 1] THEN
      IF NOT placed THEN r := r || a || b; END IF;
      placed := true;
      r := r || s[2 * i - 1] || s[2 * i];
    ELSE
      a := least(a, s[2 * i - 1]);
      b := greatest(b, s[2 * i]);
    END IF;
  END LOOP;
  IF NOT placed THEN r := r || a || b; END IF;
  RETURN r;
END $$;

CREATE FUNCTION planmap_interval_subtract(s double precision[], a double precision, b double precision)
  RETURNS double precision[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  tol constant double precision := 0.01;
  r double precision[] := '{}';
  t double precision;
BEGIN
  IF a > b THEN t := a; a := b; b := t; END IF;
  IF NOT (b - a > 0) THEN RETURN s; END IF;
  FOR i IN 1 .. coalesce(array_length(s, 1), 0) / 2 LOOP
    IF s[2 * i] <= a OR s[2 * i - 1] >= b THEN
      r := r || s[2 * i - 1] || s[2 * i];
      CONTINUE;
    END IF;
    IF a - s[2 * i - 1] > tol THEN r := r || s[2 * i - 1] || a; END IF;
    IF s[2 * i] - b > tol THEN r := r || b || s[2 * i]; END IF;
  END LOOP;
  RETURN r;
END $$;

CREATE FUNCTION planmap_replay(p_feature bigint, p_length double precision,
  OUT status text, OUT done_m double precision, OUT last_event_date text)
  LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
  ranks constant text[] := ARRAY['planned', 'in_progress', 'completed', 'accepted'];
  is_line constant boolean := p_length > 0;
  rank int := 1;
  done double precision[] := '{}';
  last date;
  e record;
  a double precision;
  b double precision;
BEGIN
  FOR e IN SELECT ev.kind, ev.status, ev.from_m, ev.to_m, ev.date FROM progress_event AS ev
      WHERE ev.feature_id = p_feature AND ev.uuid NOT IN (SELECT r.retracts FROM progress_event AS r
        WHERE r.feature_id = p_feature AND r.kind = 'retraction' AND r.retracts IS NOT NULL)
      ORDER BY ev.date, ev.id LOOP
    last := greatest(last, e.date);
    IF e.from_m IS NOT NULL AND e.to_m IS NOT NULL THEN
      a := least(e.from_m, e.to_m);
      b := greatest(e.from_m, e.to_m);
      IF is_line THEN
        a := CASE WHEN a < 0 THEN 0 WHEN p_length < a THEN p_length ELSE a END;
        b := CASE WHEN b < 0 THEN 0 WHEN p_length < b THEN p_length ELSE b END;
      END IF;
    ELSE
      a := NULL;
    END IF;
    IF e.kind = 'status' THEN
      rank := greatest(rank, array_position(ranks, e.status));
      IF is_line AND array_position(ranks, e.status) >= 3 THEN done := planmap_interval_add(done, 0, p_length); END IF;
    ELSIF e.kind = 'stretch' AND a IS NOT NULL THEN
      done := planmap_interval_add(done, a, b);
    ELSIF e.kind = 'correction' AND a IS NOT NULL THEN
      done := planmap_interval_subtract(done, a, b);
      rank := least(rank, 2);
    ELSIF e.kind = 'correction' THEN
      rank := array_position(ranks, e.status);
      IF is_line AND rank = 1 THEN done := '{}'; END IF;
      IF is_line AND rank >= 3 THEN done := planmap_interval_add(done, 0, p_length); END IF;
    END IF;
  END LOOP;
  done_m := 0;
  FOR i IN 1 .. coalesce(array_length(done, 1), 0) / 2 LOOP
    done_m := done_m + (done[2 * i] - done[2 * i - 1]);
  END LOOP;
  IF is_line AND coalesce(array_length(done, 1), 0) > 0 THEN
    rank := greatest(rank, CASE WHEN done_m >= p_length - 0.5 THEN 3 ELSE 2 END);
  END IF;
  status := ranks[rank];
  last_event_date := coalesce(to_char(last, 'YYYY-MM-DD'), '');
END $$;

-- The one writer of the derived columns. The row lock orders concurrent writers of a feature; the
-- replay, a later statement, then sees every event committed before it.
CREATE FUNCTION planmap_refresh_progress(p_feature bigint) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  len double precision;
  p record;
BEGIN
  SELECT length_m INTO len FROM feature WHERE id = p_feature FOR UPDATE;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT * INTO p FROM planmap_replay(p_feature, len);
  UPDATE feature SET status = p.status, done_m = p.done_m, last_event_date = p.last_event_date
    WHERE id = p_feature;
END $$;
REVOKE EXECUTE ON FUNCTION planmap_refresh_progress(bigint) FROM PUBLIC;

-- On an event's insert and on a feature's new length.
CREATE FUNCTION planmap_derive_progress() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_TABLE_NAME = 'feature' THEN
    PERFORM planmap_refresh_progress(NEW.id);
  ELSE
    PERFORM planmap_refresh_progress(NEW.feature_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER progress_event_derive AFTER INSERT ON progress_event
  FOR EACH ROW EXECUTE FUNCTION planmap_derive_progress();
CREATE TRIGGER feature_length_derive AFTER UPDATE OF length_m ON feature
  FOR EACH ROW WHEN (OLD.length_m IS DISTINCT FROM NEW.length_m) EXECUTE FUNCTION planmap_derive_progress();

-- Writers of events take the feature's row lock first (their checks read its events); engineers
-- may not update feature rows, so the lock is taken for them.
CREATE FUNCTION planmap_lock_feature(p_feature bigint) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM 1 FROM feature WHERE id = p_feature FOR UPDATE;
END $$;
REVOKE EXECUTE ON FUNCTION planmap_lock_feature(bigint) FROM PUBLIC;
)SQL";

// Rows an older server may hold that the typed columns cannot take (forged through SQL): the
// upgrade stops and names them rather than guess.
constexpr const char *kCheckSql = R"SQL(
CREATE OR REPLACE FUNCTION pg_temp.planmap_bad_date(t text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RETURN NOT (t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND t::date IS NOT NULL);
EXCEPTION WHEN others THEN RETURN true;
END $$;
CREATE OR REPLACE FUNCTION pg_temp.planmap_bad_time(t text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RETURN NOT isfinite(t::timestamptz);
EXCEPTION WHEN others THEN RETURN true;
END $$;
CREATE OR REPLACE FUNCTION pg_temp.planmap_finite(v double precision) RETURNS boolean LANGUAGE sql AS
  $$ SELECT v > '-Infinity' AND v < 'Infinity' $$;
DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg(what, '; ') INTO bad FROM (
    SELECT format('event %s (feature %s): %s', uuid, feature_id, concat_ws(', ',
        CASE WHEN pg_temp.planmap_bad_date(date) THEN format('date %L is not a date', date) END,
        CASE WHEN pg_temp.planmap_bad_time(recorded_at) THEN format('recorded_at %L is not a time', recorded_at) END,
        CASE WHEN user_name NOT IN (SELECT name FROM app_user) THEN format('user %L does not exist', user_name) END,
        CASE WHEN NOT (pg_temp.planmap_finite(coalesce(from_m, 0)) AND pg_temp.planmap_finite(coalesce(to_m, 0)))
          THEN 'chainage is not a number' END)) AS what
      FROM progress_event
      WHERE pg_temp.planmap_bad_date(date) OR pg_temp.planmap_bad_time(recorded_at)
        OR user_name NOT IN (SELECT name FROM app_user)
        OR NOT (pg_temp.planmap_finite(coalesce(from_m, 0)) AND pg_temp.planmap_finite(coalesce(to_m, 0)))
    UNION ALL
    SELECT format('measurement %s (target %s): date %L, recorded_at %L, user %L, value %s', uuid, target_id,
        date, recorded_at, user_name, value)
      FROM measurement
      WHERE pg_temp.planmap_bad_date(date) OR pg_temp.planmap_bad_time(recorded_at)
        OR user_name NOT IN (SELECT name FROM app_user) OR NOT pg_temp.planmap_finite(value)
    UNION ALL
    SELECT format('attachment %s: recorded_at %L is not a time', uuid, recorded_at)
      FROM attachment WHERE pg_temp.planmap_bad_time(recorded_at)
    LIMIT 5) AS found;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'records the upgrade cannot keep as they are: %', bad
      USING HINT = 'correct them (as the database owner) and open the project again';
  END IF;
END $$;
)SQL";

// Typed dates and server times, authors that exist, who entered an event.
constexpr const char *kColumnsSql = R"SQL(
ALTER TABLE progress_event
  ALTER COLUMN date TYPE date USING date::date,
  ALTER COLUMN recorded_at TYPE timestamptz USING recorded_at::timestamptz,
  ALTER COLUMN recorded_at SET DEFAULT now(),
  ADD COLUMN entered_by text REFERENCES app_user(name),
  ADD CONSTRAINT progress_event_date_range CHECK (date BETWEEN '1000-01-01' AND '9999-12-31'),
  ADD CONSTRAINT progress_event_chainage_finite
    CHECK (from_m > '-Infinity' AND from_m < 'Infinity' AND to_m > '-Infinity' AND to_m < 'Infinity'),
  ADD CONSTRAINT progress_event_user FOREIGN KEY (user_name) REFERENCES app_user(name);
-- Events kept before the server knew who entered them stay NULL: not known, not made up.
ALTER TABLE progress_event ALTER COLUMN entered_by SET DEFAULT current_user;
ALTER TABLE measurement
  ALTER COLUMN date TYPE date USING date::date,
  ALTER COLUMN recorded_at TYPE timestamptz USING recorded_at::timestamptz,
  ALTER COLUMN recorded_at SET DEFAULT now(),
  ALTER COLUMN user_name SET DEFAULT current_user,
  ADD CONSTRAINT measurement_date_range CHECK (date BETWEEN '1000-01-01' AND '9999-12-31'),
  ADD CONSTRAINT measurement_value_finite CHECK (value > '-Infinity' AND value < 'Infinity'),
  ADD CONSTRAINT measurement_user FOREIGN KEY (user_name) REFERENCES app_user(name);
ALTER TABLE attachment
  ALTER COLUMN recorded_at TYPE timestamptz USING recorded_at::timestamptz,
  ALTER COLUMN recorded_at SET DEFAULT now();
)SQL";

// Column grants: nobody but the owner writes the derived columns, a recorded time or who entered
// a record; the defaults (now(), current_user) fill them.
std::string privilegesSql(const std::string &planner, const std::string &engineer)
{
  const std::string both = planner + ", " + engineer;
  const std::string editable =
      "code, name, attrs, length_m, area_m2, geom_point, geom_line, geom_poly, version";
  return "REVOKE UPDATE ON feature FROM " + engineer + ";\n" + //
         "REVOKE INSERT, UPDATE ON feature FROM " + planner + ";\n" + "GRANT INSERT (layer_id, " + editable +
         ") ON feature TO " + planner + ";\n" + "GRANT UPDATE (" + editable + ") ON feature TO " + planner +
         ";\n" + "REVOKE INSERT ON progress_event, attachment FROM " + both + ";\n" +
         "REVOKE INSERT ON measurement FROM " + planner + ";\n" +
         "GRANT INSERT (uuid, feature_id, kind, status, from_m, to_m, date, user_name, note, retracts) "
         "ON progress_event TO " +
         both + ";\n" + "GRANT INSERT (uuid, target_id, value, date, note) ON measurement TO " + planner +
         ";\n" +
         "GRANT INSERT (uuid, event_uuid, file_name, mime, data, thumbnail, taken_at, position) "
         "ON attachment TO " +
         both + ";\n" + "GRANT EXECUTE ON FUNCTION planmap_lock_feature(bigint) TO " + both + ";\n" +
         // A planner may enter the word of a planner or an engineer, never of a leader.
         "DROP POLICY progress_event_planner ON progress_event;\n"
         "CREATE POLICY progress_event_planner ON progress_event FOR INSERT TO " +
         planner +
         " WITH CHECK (entered_by = current_user AND user_name IN "
         "(SELECT name FROM app_user WHERE role IN ('planner', 'engineer')));\n"
         "DROP POLICY progress_event_engineer ON progress_event;\n"
         "CREATE POLICY progress_event_engineer ON progress_event FOR INSERT TO " +
         engineer + " WITH CHECK (user_name = current_user AND entered_by = current_user);\n";
}

} // namespace

void migrateTo3(PgConnection &db)
{
  db.execScript(kCheckSql);
  db.execScript(kColumnsSql);
  db.execScript(kReplaySql);
  db.execScript(privilegesSql(pgIdent(groupRole(db, "planner")), pgIdent(groupRole(db, "engineer"))));
  // Version 2 let engineers write the derived columns: derive every feature's from its events.
  db.execScript("SELECT planmap_refresh_progress(id) FROM feature");
}

// planmap-server's accounts. Only the owner (the server's login) reads them: a password hash or a
// session token hash is no one else's business. Setting a password goes through one function,
// which checks the login that calls it: a planner sets anyone's, another user only its own (the
// owner, as the server acting for a user, is checked by the store before the call).
constexpr const char *kAccountsSql = R"SQL(
CREATE TABLE app_password(name text PRIMARY KEY REFERENCES app_user(name), hash text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE app_session(token_hash text PRIMARY KEY, user_name text NOT NULL REFERENCES app_user(name),
  expires bigint NOT NULL);
REVOKE ALL ON app_password, app_session FROM PUBLIC;
CREATE FUNCTION planmap_set_password(p_name text, p_hash text) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT (session_user = p_name
      OR pg_has_role(session_user, current_database() || '_planner', 'MEMBER')
      OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.app_password'::regclass),
                     'MEMBER')) THEN
    RAISE EXCEPTION 'only planners set the password of another user' USING ERRCODE = '42501';
  END IF;
  INSERT INTO app_password(name, hash) VALUES (p_name, p_hash)
    ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, set_at = now();
  DELETE FROM app_session WHERE user_name = p_name;
END $$;
REVOKE EXECUTE ON FUNCTION planmap_set_password(text, text) FROM PUBLIC;
)SQL";

void migrateTo4(PgConnection &db)
{
  db.execScript(kAccountsSql);
  std::string groups;
  for (const char *role : {"planner", "engineer", "leader"})
    groups += (groups.empty() ? "" : ", ") + pgIdent(groupRole(db, role));
  db.execScript("GRANT EXECUTE ON FUNCTION planmap_set_password(text, text) TO " + groups);
}

} // namespace data::pgschema
