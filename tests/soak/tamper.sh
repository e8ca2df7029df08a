# The tampering pass of scripts/soak.sh (sourced): records forged straight into a copy of the
# project (sqlite3) and into a server database (psql as its admin), one forgery a copy, each with
# the derived cache made to agree where it can. Each must be found: validate exits non-zero and
# names the forged event or feature (or the database refuses the forgery outright).

# Runs validate on $2 and judges forgery $1: found when it exits non-zero and its output (kept in
# $TAMPER_DIR/$4.validate), with the project's own name taken out, matches the pattern $3.
judge() {
  local name=$1 target=$2 pattern=$3 out=$TAMPER_DIR/$4.validate
  TRIED=$((TRIED + 1))
  if "$CLI" validate "$target" >"$out" 2>&1; then
    MISSED=$((MISSED + 1))
    fail "MISSED $name: validate exits 0"
  elif sed "s|$target||g" "$out" | grep -Eq "$pattern"; then
    FOUND=$((FOUND + 1))
  else
    MISSED=$((MISSED + 1))
    fail "MISSED $name: validate exits non-zero but does not name it (/$pattern/): $(first_line "$out")"
  fi
}

# One forgery as a line: "NAME|PATTERN|SQL" (the pattern's own | are alternatives; no | in SQL).
forgery() {
  echo "$1|$2|$3"
}

# A forged status event on $PF, with the derived cache set to match it: NAME PATTERN USER DATE
# RECORDED NOTE (SQL expressions for the last two). Naming the event's uuid or its feature counts too.
event_forgery() {
  local u
  u=$(cat /proc/sys/kernel/random/uuid)
  forgery "$1" "$2|$u|feature $PF([^0-9]|\$)|$PF_CODE" "INSERT INTO progress_event(uuid, feature_id,
    kind, status, date, user_name, entered_by, note, recorded_at)
    VALUES('$u', $PF, 'status', 'in_progress', '$4', '$3', '$3', $6, $5);
    UPDATE feature SET status = 'in_progress', last_event_date = '$4' WHERE id = $PF;" | tr '\n' ' '
  echo
}

# The forgeries, for a store where $NOW is the SQL of a valid recorded time, $PF a planned point
# feature without events (code $PF_CODE), $RF a feature whose events have no photos, $RD a river
# not fully done.
forgeries() {
  local pf="feature $PF([^0-9]|\$)|$PF_CODE" rd="feature $RD([^0-9]|\$)"
  event_forgery "event by a nonexistent user" ghost ghost 2020-07-01 "$NOW" "'soak'"
  event_forgery "event dated 2020-02-30" 2020-02-30 engineer1 2020-02-30 "$NOW" "'soak'"
  event_forgery "event dated outside the plan (2099-01-01)" 2099-01-01 engineer1 2099-01-01 "$NOW" "'soak'"
  event_forgery "recorded_at not-a-time" not-a-time engineer1 2020-07-01 "'not-a-time'" "'soak'"
  event_forgery "event by a leader" leader1 leader1 2020-07-01 "$NOW" "'soak'"
  forgery "status changed without an event" "$pf" "UPDATE feature SET status = 'accepted' WHERE id = $PF;"
  forgery "done length changed without an event" "$rd" "UPDATE feature SET done_m = length_m WHERE id = $RD;"
  forgery "attribute outside the layer's schema" "bogus|$pf" \
    "UPDATE feature SET attrs = '{\"project\":\"bogus\"}' WHERE id = $PF;"
  forgery "events deleted after dropping the append-only trigger" "append-only|trigger" \
    "$DROP_TRIGGER DELETE FROM progress_event WHERE feature_id = $RF;
    UPDATE feature SET status = 'planned', done_m = 0, last_event_date = '' WHERE id = $RF;" | tr '\n' ' '
  echo
  [ -z "$BAD_UTF8" ] ||
    event_forgery "invalid UTF-8 in a note" "UTF-8|utf-8" engineer1 2020-07-01 "$NOW" "$BAD_UTF8"
}

# Splits a forgery line into NAME, PATTERN (every field but the first and the last) and SQL.
split_forgery() {
  FORGERY_NAME=${1%%|*}
  local rest=${1#*|}
  FORGERY_SQL=${rest##*|}
  FORGERY_PATTERN=${rest%|*}
}

section_tamper_sqlite() {
  SECTION=tamper-sqlite
  TAMPER_DIR=$WORK/tamper-sqlite
  TRIED=0 FOUND=0 MISSED=0
  mkdir -p "$TAMPER_DIR"
  check_project "$BASE" "the untouched sample (the forgeries' baseline)" || return
  NOW="strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
  BAD_UTF8="CAST(X'626164FFFE' AS TEXT)"
  DROP_TRIGGER="DROP TRIGGER progress_event_no_delete;"
  pick_features sq "$BASE"
  local i=0 line t
  while IFS= read -r line; do
    split_forgery "$line"
    i=$((i + 1))
    t=$TAMPER_DIR/f$i.planmap
    cp "$BASE" "$t"
    if ! sq "$t" "$FORGERY_SQL" 2>"$TAMPER_DIR/f$i.err"; then
      fail "could not forge '$FORGERY_NAME': $(first_line "$TAMPER_DIR/f$i.err")"
      continue
    fi
    judge "$FORGERY_NAME" "$t" "$FORGERY_PATTERN" "f$i"
  done < <(forgeries)
  summary "$TRIED forgeries, $FOUND found by validate, $MISSED missed"
}

# The ids forgeries need, from a project read with $1 (sq or a psql wrapper) on $2.
pick_features() {
  local q=$1 db=$2
  PF=$("$q" "$db" "SELECT id FROM feature f WHERE layer_id = 'toilets' AND status = 'planned'
    AND NOT EXISTS (SELECT 1 FROM progress_event e WHERE e.feature_id = f.id) ORDER BY id LIMIT 1")
  PF_CODE=$("$q" "$db" "SELECT code FROM feature WHERE id = $PF")
  RF=$("$q" "$db" "SELECT feature_id FROM progress_event e WHERE NOT EXISTS
    (SELECT 1 FROM attachment a JOIN progress_event x ON x.uuid = a.event_uuid
     WHERE x.feature_id = e.feature_id) ORDER BY feature_id LIMIT 1")
  RD=$("$q" "$db" "SELECT id FROM feature WHERE layer_id = 'rivers' AND done_m < length_m - 1
    ORDER BY id LIMIT 1")
}

psql_q() {
  psql_url "$1" -c "$2"
}

# The same forgeries on PostgreSQL, as the server's admin. A forgery the database refuses (a typed
# column, a check, a trigger) counts as found.
section_tamper_server() {
  SECTION=tamper-server
  TAMPER_DIR=$WORK/tamper-server
  TRIED=0 FOUND=0 MISSED=0
  mkdir -p "$TAMPER_DIR"
  local url refused=0 i=0 line db
  url=$(new_server tamper) || return
  db=${url##*/}
  db=${db%%\?*}
  psql_url "$PLANMAP_PG" -c "CREATE DATABASE ${db}_clean TEMPLATE $db" >/dev/null
  echo "${db}_clean" >>"$WORK/databases"
  NOW="now()" # recorded_at is a timestamptz on the server
  BAD_UTF8="" # the server's encoding refuses it outright
  DROP_TRIGGER="DO \$\$ DECLARE t text; BEGIN FOR t IN SELECT tgname FROM pg_trigger"
  DROP_TRIGGER+=" WHERE tgrelid = 'progress_event'::regclass AND NOT tgisinternal"
  DROP_TRIGGER+=" AND pg_get_triggerdef(oid) LIKE '%DELETE%'"
  DROP_TRIGGER+=" LOOP EXECUTE format('DROP TRIGGER %I ON progress_event', t); END LOOP; END \$\$;"
  pick_features psql_q "$url"
  "$CLI" validate "$url" >/dev/null 2>"$TAMPER_DIR/base.err" || {
    fail "validate fails on the untouched server project: $(first_line "$TAMPER_DIR/base.err")"
    return
  }
  while IFS= read -r line; do
    split_forgery "$line"
    i=$((i + 1))
    # Each forgery on a fresh copy of the clean database.
    psql_url "$PLANMAP_PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
      -c "CREATE DATABASE $db TEMPLATE ${db}_clean" >/dev/null
    if ! psql_url "$url" -c "BEGIN; $FORGERY_SQL COMMIT;" >/dev/null 2>"$TAMPER_DIR/f$i.err"; then
      # A forgery this script wrote wrong proves nothing: only a refusal of the data counts.
      if grep -Eq 'does not exist|syntax error|is of type' "$TAMPER_DIR/f$i.err"; then
        fail "could not forge '$FORGERY_NAME': $(first_line "$TAMPER_DIR/f$i.err")"
        continue
      fi
      TRIED=$((TRIED + 1))
      FOUND=$((FOUND + 1))
      refused=$((refused + 1))
      note "$FORGERY_NAME: refused by the database: $(first_line "$TAMPER_DIR/f$i.err")"
      continue
    fi
    judge "$FORGERY_NAME" "$url" "$FORGERY_PATTERN" "f$i"
  done < <(forgeries)
  summary "$TRIED forgeries, $FOUND found ($refused refused by the database), $MISSED missed"
}
