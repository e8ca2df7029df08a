# Shared helpers of scripts/soak.sh (sourced, not run). Every section writes its own folder under
# $WORK; background loops report through files there, since they cannot change the parent's variables.

# Milliseconds since the epoch (bash's EPOCHREALTIME, no process started).
now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  echo $((t / 1000))
}

# A random integer in [0, n) from bash's own generator (seeded from SOAK_SEED, so a run repeats).
rand() {
  echo $(((RANDOM * 32768 + RANDOM) % $1))
}

# Milliseconds as the seconds sleep(1) takes.
ms_to_s() {
  printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}

# The delay before a kill -9, for a command that takes about $1 ms when left alone: half the kills
# anywhere in its run, half late in it, where the writing happens (start-up is most of a CLI run).
kill_delay_ms() {
  local d=$1
  if [ $((RANDOM % 2)) -eq 0 ]; then
    rand $((d * 12 / 10 + 1))
  else
    echo $((d * 6 / 10 + $(rand $((d / 2 + 1)))))
  fi
}

# The run time the kill delays aim at, after a run that ended with status $2: longer after a kill,
# shorter after a run that finished, so about half the runs are killed, whatever the machine's load.
adapt_ms() {
  if [ "$2" -eq 137 ]; then
    echo $(($1 * 11 / 10 + 1))
  else
    echo $(($1 * 9 / 10 + 1))
  fi
}

# A failure line; counted by soak.sh and listed again at the end.
fail() {
  echo "FAIL [$SECTION] $*" | tee -a "$WORK/failures" >&2
}

# A finding that is worth a look but does not fail the run.
note() {
  echo "note [$SECTION] $*" | tee -a "$WORK/notes"
}

first_line() {
  head -c 400 "$1" | head -1
}

# sqlite3 as any other reader would open the file: waits for locks instead of failing at once.
sq() {
  sqlite3 -batch -bail -cmd ".timeout 20000" "$@"
}

psql_url() {
  PGCONNECT_TIMEOUT=10 PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$@"
}

# Runs a command in the background and kills it with SIGKILL after $1 ms (or lets it finish if it
# is quicker). Sets RC: 137 when the kill landed, the command's own status otherwise. Its output is
# in $RUN_OUT.out and $RUN_OUT.err ($WORK/last unless set: parallel loops each set their own).
run_killed() {
  local delay_ms=$1 out=${RUN_OUT:-$WORK/last}
  shift
  "$@" >"$out.out" 2>"$out.err" &
  local pid=$!
  sleep "$(ms_to_s "$delay_ms")"
  kill -9 "$pid" 2>/dev/null
  # (stderr: bash would report the kill, "PID Killed ...", on every round)
  wait "$pid" 2>/dev/null
  RC=$?
}

# Wall time of one run of a command in ms (its status in RC, output in $WORK/last.*).
time_ms() {
  local t0
  t0=$(now_ms)
  "$@" >"$WORK/last.out" 2>"$WORK/last.err"
  RC=$?
  echo $(($(now_ms) - t0)) >"$WORK/last.ms"
}

# The checks after every kill: the file passes SQLite's integrity and foreign key checks and
# planmap-cli validate (which opens it as a project). Returns 1, after a failure line, on the first
# check that does not pass.
check_project() {
  local p=$1 what=$2 ic
  ic=$(sq "$p" "PRAGMA integrity_check" 2>&1 | head -3 | tr '\n' ' ')
  if [ "$ic" != "ok " ]; then
    fail "$what: integrity_check of $(basename "$p"): $ic"
    return 1
  fi
  ic=$(sq "$p" "PRAGMA foreign_key_check" 2>&1 | head -3 | tr '\n' ' ')
  if [ -n "$ic" ]; then
    fail "$what: foreign_key_check of $(basename "$p"): $ic"
    return 1
  fi
  if ! "$CLI" validate "$p" >"$WORK/validate.out" 2>"$WORK/validate.err"; then
    fail "$what: validate $(basename "$p"): $(first_line "$WORK/validate.err")"
    return 1
  fi
  return 0
}

# How often each note with the prefix $2 occurs among the events of project $1: "COUNT NOTE" lines.
tag_counts_sqlite() {
  sq "$1" "SELECT count(*), note FROM progress_event WHERE note LIKE '$2%' GROUP BY note" | tr '|' ' '
}

tag_counts_pg() {
  psql_url "$1" -c "SELECT count(*), note FROM progress_event WHERE note LIKE '$2%' GROUP BY note" |
    tr '|' ' '
}

# Compares the tags the CLI reported written ($1, one a line) with the counts found ($2, "COUNT
# TAG" lines): sets LOST (reported but absent) and DOUBLED (present more than once).
compare_tags() {
  local written=$1 counts=$2
  sort -u "$written" >"$written.sorted"
  awk '$1 >= 1 {print $2}' "$counts" | sort -u >"$counts.present"
  LOST=$(comm -23 "$written.sorted" "$counts.present" | wc -l)
  DOUBLED=$(awk '$1 > 1' "$counts" | wc -l)
  if [ "$LOST" -gt 0 ]; then
    fail "lost: $(comm -23 "$written.sorted" "$counts.present" | head -5 | tr '\n' ' ')"
  fi
  if [ "$DOUBLED" -gt 0 ]; then
    fail "doubled: $(awk '$1 > 1 {print $2 " x" $1}' "$counts" | head -5 | tr '\n' ' ')"
  fi
}

# The river features of a project: "ID LENGTH_M" lines, longest first (marks go on them).
rivers_of() {
  sq "$1" "SELECT id, CAST(length_m AS INTEGER) FROM feature WHERE layer_id = 'rivers' AND length_m > 50
           ORDER BY length_m DESC LIMIT ${2:-20}" | tr '|' ' '
}

# Arguments of a stretch mark on a random river of the list in $1 (file of "ID LENGTH" lines).
mark_args() {
  local rivers=$1 n line id len from
  n=$(wc -l <"$rivers")
  line=$(sed -n "$(($(rand "$n") + 1))p" "$rivers")
  id=${line% *}
  len=${line#* }
  from=$(rand $((len - 20)))
  printf '%s\n' --user engineer1 --feature "$id" --status completed --from "$from" \
    --to "$((from + 2 + $(rand 15)))" --date "2020-0$((6 + $(rand 4)))-1$(rand 10)"
}

# A loop of CLI marks, each tagged with a unique note, run until the deadline $4 (ms) or $5 marks:
# tags the CLI reported written go to $3.ok, failures (status, first stderr line) to $3.err.
mark_loop() {
  local project=$1 rivers=$2 out=$3 deadline=$4 max=$5 prefix=$6 i=0 tag
  local -a args
  : >"$out.ok"
  : >"$out.err"
  while [ "$(now_ms)" -lt "$deadline" ] && [ "$i" -lt "$max" ]; do
    i=$((i + 1))
    tag=$prefix-$i
    mapfile -t args < <(mark_args "$rivers")
    if "$CLI" mark "$project" "${args[@]}" --note "$tag" >/dev/null 2>"$out.last"; then
      echo "$tag" >>"$out.ok"
      # Written means visible to every other process at once, not when the writer quits.
      if [ -f "$project" ] && [ $((i % 10)) -eq 0 ] &&
        [ "$(sq "$project" "SELECT count(*) FROM progress_event WHERE note = '$tag'")" != 1 ]; then
        echo "$tag written but not visible to sqlite3 right after" >>"$out.err"
      fi
    else
      echo "$tag exit $?: $(first_line "$out.last")" >>"$out.err"
    fi
  done
}

# A fresh database on the test server for one section; its connection string on stdout. Dropped
# (with the group roles PlanMap made for it) by drop_databases at exit.
new_database() {
  local name=soak_$$_$1 base params server
  base=${PLANMAP_PG%%\?*}
  params=${PLANMAP_PG#"$base"}
  server=${base#*://}
  server=${base%%://*}://${server%%/*}
  psql_url "$PLANMAP_PG" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" ||
    return 1
  echo "$name" >>"$WORK/databases"
  echo "$server/$name$params"
}

# A new server project (`server init --from` the sample) in a new database, for one section: its
# connection string on stdout, or a failure line and status 1.
new_server() {
  local url
  url=$(new_database "$1") || {
    fail "cannot create a database on $PLANMAP_PG"
    return 1
  }
  "$CLI" server init "$url" --from "$BASE" >/dev/null 2>"$WORK/init.err" || {
    fail "server init: $(first_line "$WORK/init.err")"
    return 1
  }
  echo "$url"
}

drop_databases() {
  [ -f "$WORK/databases" ] || return 0
  local name role
  while read -r name; do
    psql_url "$PLANMAP_PG" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
  done <"$WORK/databases"
  # The group roles only once no database grants them anything.
  while read -r name; do
    for role in planner engineer leader; do
      psql_url "$PLANMAP_PG" -c "DROP ROLE IF EXISTS ${name}_$role" >/dev/null 2>&1
    done
  done <"$WORK/databases"
}

# validate on server database $1 (output kept in $2).
validate_server() {
  "$CLI" validate "$1" >/dev/null 2>"$2" || fail "validate on the server: $(first_line "$2")"
}

# Prints a section's summary line (collected again at the end of the run).
summary() {
  echo "$SECTION: $*" | tee -a "$WORK/summary"
}

# The deadline (ms since the epoch) of a section that runs for $1 seconds.
deadline_in() {
  echo $(($(now_ms) + $1 * 1000))
}
