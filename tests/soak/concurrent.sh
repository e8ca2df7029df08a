# Concurrent sections of scripts/soak.sh (sourced): several writers on one project file, and several
# clients on one PostgreSQL database.

# --- GUI writer hook -------------------------------------------------------------------------------
# The desktop program writing offscreen while planmap-cli processes mark and ogr2ogr reads the same
# file: a gtest of test_app (it makes its own project and writers) run for $PLANMAP_SOAK_SECONDS,
# the section's time, beside this script's own writers. $PLANMAP_SOAK_PROJECT names this section's
# file for a test that would rather use it. Skipped, with a note, while test_app lacks the test.
# LEAD: the GUI fix's test; change the name here (or set SOAK_GUI_TEST) if it is renamed.
SOAK_GUI_TEST=${SOAK_GUI_TEST-SharedFileGuiTest.WindowCliWritersAndAReaderShareOneFile}

gui_writer() {
  local project=$1 seconds=$2 out=$3 test_app=$BUILD_DIR/tests/test_app
  if [ -z "$SOAK_GUI_TEST" ]; then
    echo "skipped: no GUI writer test named (SOAK_GUI_TEST)" >"$out"
    return 0
  fi
  if [ ! -x "$test_app" ] ||
    ! "$test_app" --gtest_list_tests --gtest_filter="$SOAK_GUI_TEST" 2>/dev/null | grep -q '^  '; then
    echo "skipped: $test_app has no test $SOAK_GUI_TEST" >"$out"
    return 0
  fi
  QT_QPA_PLATFORM=offscreen PLANMAP_SOAK_PROJECT=$project PLANMAP_SOAK_SECONDS=$seconds \
    "$test_app" --gtest_filter="$SOAK_GUI_TEST" >"$out" 2>&1
}

# A reader of the file through GDAL, as QGIS or a user's script would read it while others write.
ogr_reader() {
  local project=$1 out=$2 deadline=$3 i=0 bad=0
  while [ "$(now_ms)" -lt "$deadline" ]; do
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then
      ogrinfo -ro -so "$project" rivers >/dev/null 2>"$out.last" || {
        bad=$((bad + 1))
        echo "ogrinfo: $(first_line "$out.last")" >>"$out.err"
      }
    else
      if ! ogr2ogr -f GeoJSON "$out.geojson.tmp" "$project" rivers 2>"$out.last"; then
        bad=$((bad + 1))
        echo "ogr2ogr: $(first_line "$out.last")" >>"$out.err"
      fi
      rm -f "$out.geojson.tmp"
    fi
  done
  echo "$i $bad" >"$out.counts"
}

# A backup taken while others write is a sound project holding every mark the writers had been
# told was written before it began (once `planmap-cli backup` exists). $4: the writers' .ok files.
backup_loop() {
  local project=$1 out=$2 deadline=$3 oks=$4 i=0 copy=$2.copy.planmap missing
  : >"$out.err"
  while [ "$(now_ms)" -lt "$deadline" ]; do
    i=$((i + 1))
    rm -f "$copy"
    # shellcheck disable=SC2086 # a glob of the writers' files
    sort -u $oks >"$out.before"
    if ! "$CLI" backup "$project" "$copy" >/dev/null 2>"$out.last"; then
      echo "backup $i: $(first_line "$out.last")" >>"$out.err"
    elif [ "$(sq "$copy" 'PRAGMA integrity_check' 2>&1)" != ok ] ||
      ! "$CLI" validate "$copy" >/dev/null 2>"$out.last"; then
      echo "backup $i is not sound: $(first_line "$out.last")" >>"$out.err"
    else
      sq "$copy" "SELECT DISTINCT note FROM progress_event WHERE note LIKE 'soak-cw-%'" | sort >"$out.present"
      missing=$(comm -23 "$out.before" "$out.present" | wc -l)
      [ "$missing" -eq 0 ] || echo "backup $i misses $missing mark(s) written before it began" >>"$out.err"
    fi
    sleep 0.5
  done
  echo "$i" >"$out.count"
}

# Whether planmap-cli has command $1 (`COMMAND --help`, or the list `help` prints).
has_command() {
  "$CLI" "$1" --help >/dev/null 2>&1 || "$CLI" help 2>&1 | grep -q "planmap-cli $1 "
}

# Several planmap-cli writers, a GDAL reader, a backup loop and the offscreen GUI on one file:
# every mark reported written is there exactly once, no writer and no reader fails, the file is sound.
section_file_writers() {
  SECTION=file-writers
  local dir=$WORK/writers p deadline w pids=() gui_pid written=0 failed=0 reads bad
  mkdir -p "$dir"
  p=$dir/p.planmap
  cp "$BASE" "$p"
  rivers_of "$p" >"$dir/rivers"
  deadline=$(deadline_in "$WRITERS_SECONDS")
  gui_writer "$p" "$WRITERS_SECONDS" "$dir/gui.out" &
  gui_pid=$!
  for w in $(seq "$WRITERS"); do
    mark_loop "$p" "$dir/rivers" "$dir/w$w" "$deadline" 100000 "soak-cw-$w" &
    pids+=($!)
  done
  ogr_reader "$p" "$dir/reader" "$deadline" &
  pids+=($!)
  if has_command backup; then
    backup_loop "$p" "$dir/backup" "$deadline" "$dir/w*.ok" &
    pids+=($!)
  else
    note "no 'planmap-cli backup' yet: no backups taken while writing"
  fi
  wait "${pids[@]}"
  local gui="the GUI writer passed"
  if ! wait "$gui_pid"; then
    gui="the GUI writer FAILED"
    fail "GUI writer $SOAK_GUI_TEST: $(grep -m1 -E 'Failure|FAILED|terminate|error' "$dir/gui.out")"
  elif grep -q '^skipped' "$dir/gui.out"; then
    gui="no GUI writer"
    note "GUI writer $(cat "$dir/gui.out")"
  fi
  cat "$dir"/w*.ok >"$dir/written"
  cat "$dir"/w*.err >"$dir/refused"
  written=$(wc -l <"$dir/written")
  failed=$(wc -l <"$dir/refused")
  [ "$failed" -eq 0 ] || fail "$failed mark(s) refused while others wrote, e.g. $(head -1 "$dir/refused")"
  read -r reads bad <"$dir/reader.counts"
  [ "$bad" -eq 0 ] || fail "$bad of $reads GDAL reads failed, e.g. $(head -1 "$dir/reader.err")"
  if [ -s "$dir/backup.err" ]; then
    fail "$(wc -l <"$dir/backup.err") backup(s) failed, e.g. $(head -1 "$dir/backup.err")"
  fi
  check_project "$p" "after the writers"
  tag_counts_sqlite "$p" soak-cw- >"$dir/counts"
  compare_tags "$dir/written" "$dir/counts"
  local backups=0
  [ -f "$dir/backup.count" ] && backups=$(cat "$dir/backup.count")
  summary "$WRITERS writers ($gui), $written marks written, $failed refused, $reads GDAL reads" \
    "($bad failed), $backups backups, $LOST lost, $DOUBLED doubled"
}

# After the final syncs every copy shows each of its rivers with the server's derived progress
# (status and done length, to a centimetre).
same_progress_as_server() {
  local url=$1 dir=$2 c ids diff
  local q="SELECT coalesce(code, ''), status, done_m FROM feature WHERE layer_id = 'rivers'"
  for c in $(seq "$CLIENTS"); do
    ids=$(sq "$dir/c$c.sqlite" "SELECT group_concat(server_id) FROM sync_feature")
    sq "$dir/c$c.sqlite" "$q ORDER BY code" >"$dir/c$c.progress"
    psql_url "$url" -c "$q AND id IN ($ids) ORDER BY code" >"$dir/server$c.progress"
    diff=$(paste -d'|' "$dir/c$c.progress" "$dir/server$c.progress" |
      awk -F'|' '$1 != $4 || $2 != $5 || $3 - $6 > 0.01 || $6 - $3 > 0.01 {print; exit}')
    if [ "$(wc -l <"$dir/c$c.progress")" != "$(wc -l <"$dir/server$c.progress")" ] || [ -n "$diff" ]; then
      fail "copy $c and the server differ in derived progress (copy|server):" \
        "${diff:-a different list of rivers}"
    fi
  done
}

# One field copy's loop: mark offline, sync (a third of the syncs killed after a random delay).
client_loop() {
  local field=$1 out=$2 deadline=$3 prefix=$4 dur=$5 i=0 kills=0 syncs=0 tag
  local -a args
  : >"$out.ok"
  : >"$out.err"
  while [ "$(now_ms)" -lt "$deadline" ]; do
    i=$((i + 1))
    tag=$prefix-$i
    mapfile -t args < <(mark_args "$out.rivers")
    if "$CLI" mark "$field" "${args[@]}" --note "$tag" >/dev/null 2>"$out.last"; then
      echo "$tag" >>"$out.ok"
    else
      echo "$tag: mark exit $?: $(first_line "$out.last")" >>"$out.err"
    fi
    syncs=$((syncs + 1))
    if [ "$(rand 3)" -eq 0 ]; then
      RUN_OUT=$out.sync run_killed "$(kill_delay_ms "$dur")" "$CLI" sync "$field"
      dur=$(adapt_ms "$dur" "$RC")
    else
      "$CLI" sync "$field" >"$out.sync.out" 2>"$out.sync.err"
      RC=$?
    fi
    case $RC in
    0) ;;
    137) kills=$((kills + 1)) ;;
    *) echo "sync $i: $(first_line "$out.sync.err")" >>"$out.err" ;;
    esac
  done
  echo "$syncs $kills" >"$out.counts"
}

# Several field copies of one village syncing in parallel against one database (a third of their
# syncs killed), and a client marking on the server directly. Afterwards every mark is on the server
# exactly once and every copy, synced twice more, holds the same events as the server.
section_server_clients() {
  SECTION=server-clients
  local dir=$WORK/clients url deadline c pids=() dur syncs=0 kills=0 s k marks failed n total round
  mkdir -p "$dir"
  url=$(new_server clients) || return
  for c in $(seq "$CLIENTS"); do
    "$CLI" checkout "$url" --area "$SOAK_VILLAGE" --out "$dir/c$c.sqlite" --user engineer1 >/dev/null \
      2>"$dir/checkout.err" || {
      fail "checkout $c: $(first_line "$dir/checkout.err")"
      return
    }
    rivers_of "$dir/c$c.sqlite" >"$dir/c$c.rivers"
  done
  time_ms "$CLI" sync "$dir/c1.sqlite"
  dur=$(cat "$WORK/last.ms")
  # The server client marks the same rivers, by their server ids.
  sq "$dir/c1.sqlite" "SELECT s.server_id, CAST(f.length_m AS INTEGER) FROM sync_feature s
    JOIN feature f ON f.id = s.local_id WHERE f.layer_id = 'rivers' AND f.length_m > 50" |
    tr '|' ' ' >"$dir/srv.rivers"
  deadline=$(deadline_in "$SERVER_SECONDS")
  for c in $(seq "$CLIENTS"); do
    client_loop "$dir/c$c.sqlite" "$dir/c$c" "$deadline" "soak-pc-$c" "$dur" &
    pids+=($!)
  done
  mark_loop "$url" "$dir/srv.rivers" "$dir/srv" "$deadline" 100000 soak-pc-srv &
  pids+=($!)
  wait "${pids[@]}"
  for c in $(seq "$CLIENTS"); do
    read -r s k <"$dir/c$c.counts"
    syncs=$((syncs + s))
    kills=$((kills + k))
  done
  cat "$dir"/c*.ok "$dir/srv.ok" >"$dir/written"
  cat "$dir"/c*.err "$dir/srv.err" >"$dir/failed"
  marks=$(wc -l <"$dir/written")
  failed=$(wc -l <"$dir/failed")
  [ "$failed" -eq 0 ] || fail "$failed mark(s) or sync(s) failed, e.g. $(head -1 "$dir/failed")"
  # Two rounds: the first pushes what each copy still holds, the second pulls everyone's.
  for round in 1 2; do
    for c in $(seq "$CLIENTS"); do
      "$CLI" sync "$dir/c$c.sqlite" >/dev/null 2>"$dir/final.err" ||
        fail "final sync $round of copy $c: $(first_line "$dir/final.err")"
    done
  done
  tag_counts_pg "$url" soak-pc- >"$dir/server.counts"
  compare_tags "$dir/written" "$dir/server.counts"
  total=$(awk '{s += $1} END {print s + 0}' "$dir/server.counts")
  for c in $(seq "$CLIENTS"); do
    check_project "$dir/c$c.sqlite" "copy $c after the final syncs"
    n=$(sq "$dir/c$c.sqlite" "SELECT count(*) FROM progress_event WHERE note LIKE 'soak-pc-%'")
    [ "$n" -eq "$total" ] || fail "copy $c holds $n of the $total soak events on the server"
  done
  validate_server "$url" "$dir/validate.err"
  same_progress_as_server "$url" "$dir"
  summary "$CLIENTS copies + 1 server client, $marks marks, $syncs syncs, $kills kills, $failed failed," \
    "$LOST lost, $DOUBLED doubled"
}
