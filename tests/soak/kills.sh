# kill -9 loops of scripts/soak.sh (sourced): mark, import and sync are started, killed after a
# random short delay, and the project is checked after every kill.

# --- mark ------------------------------------------------------------------------------------------
# Each mark carries a unique note. One the CLI reported written (exit 0) is there exactly once; a
# killed one is there once or not at all; none is ever doubled, and the file stays sound.
section_mark_kills() {
  SECTION=mark-kills
  local dir=$WORK/mark p rivers deadline i=0 kills=0 survived=0 n tag dur
  local -a args
  mkdir -p "$dir"
  p=$dir/p.planmap
  rivers=$dir/rivers
  cp "$BASE" "$p"
  rivers_of "$p" >"$rivers"
  : >"$dir/written"
  # How long a mark takes when left alone: the kill delays are spread over that.
  mapfile -t args < <(mark_args "$rivers")
  time_ms "$CLI" mark "$p" "${args[@]}" --note soak-mark-0
  [ "$RC" -eq 0 ] || {
    fail "a plain mark fails: $(first_line "$WORK/last.err")"
    return
  }
  echo soak-mark-0 >>"$dir/written"
  dur=$(cat "$WORK/last.ms")
  deadline=$(deadline_in "$MARK_SECONDS")
  while [ "$(now_ms)" -lt "$deadline" ] && [ "$kills" -lt "$MAX_KILLS" ]; do
    i=$((i + 1))
    tag=soak-mark-$i
    mapfile -t args < <(mark_args "$rivers")
    run_killed "$(kill_delay_ms "$dur")" "$CLI" mark "$p" "${args[@]}" --note "$tag"
    dur=$(adapt_ms "$dur" "$RC")
    n=$(sq "$p" "SELECT count(*) FROM progress_event WHERE note = '$tag'")
    if [ "$RC" -eq 0 ]; then
      echo "$tag" >>"$dir/written"
      [ "$n" = 1 ] || fail "$tag: the CLI said written, the file has it $n time(s)"
    elif [ "$RC" -eq 137 ]; then
      kills=$((kills + 1))
      [ "$n" = 1 ] && survived=$((survived + 1))
      [ "$n" -le 1 ] || fail "$tag: killed, then found $n times"
    else
      fail "$tag: mark exited $RC: $(first_line "$WORK/last.err")"
    fi
    check_project "$p" "after $tag (exit $RC)" || break
  done
  tag_counts_sqlite "$p" soak-mark- >"$dir/counts"
  compare_tags "$dir/written" "$dir/counts"
  summary "$i runs, $kills kills ($survived killed marks had committed), $LOST lost, $DOUBLED doubled"
}

# --- import ----------------------------------------------------------------------------------------
# The file to import: $IMPORT_FEATURES toilets inside the sample town, as a GeoPackage and as
# GeoJSON (written by ogr2ogr from a CSV).
make_import_files() {
  local dir=$1
  awk -v n="$IMPORT_FEATURES" -v seed="$SOAK_SEED" 'BEGIN {
    srand(seed); print "name,project,lon,lat"
    for (i = 1; i <= n; i++)
      printf "soak-import-%d,existing,%.6f,%.6f\n", i, 121.47 + rand() * 0.09, 31.00 + rand() * 0.11
  }' >"$dir/toilets.csv"
  for f in gpkg geojson; do
    ogr2ogr -f "$([ $f = gpkg ] && echo GPKG || echo GeoJSON)" "$dir/toilets.$f" "$dir/toilets.csv" \
      -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 \
      -nln toilets || return 1
  done
}

# Features of layer $2 in project $1.
layer_count() {
  sq "$1" "SELECT count(*) FROM feature WHERE layer_id = '$2'"
}

# Judges import $1 into layer $2 (status RC) that took the layer from $3 to $4 features: counts it
# in LOST, DOUBLED or PARTIAL (a failure each) or, killed after it committed, in WHOLE.
judge_import() {
  local i=$1 layer=$2 before=$3 after=$4 n=$IMPORT_FEATURES
  local delta=$((after - before)) what="import $i into $layer (exit $RC): $before -> $after features"
  if [ "$delta" -eq "$n" ]; then
    [ "$RC" -eq 137 ] && WHOLE=$((WHOLE + 1))
  elif [ "$delta" -eq 0 ]; then
    [ "$RC" -eq 0 ] && LOST=$((LOST + 1)) && fail "$what: reported done, nothing there"
  elif [ "$delta" -gt "$n" ]; then
    DOUBLED=$((DOUBLED + 1))
    fail "$what: more than the $n imported"
  else
    PARTIAL=$((PARTIAL + 1))
    fail "$what: neither nothing nor all $n"
  fi
  [ "$RC" -eq 0 ] || [ "$RC" -eq 137 ] || fail "$what: $(first_line "$WORK/last.err")"
}

# A new layer made by a killed import exists with all its features, readable through GDAL, or not
# at all.
check_new_layer() {
  local p=$1 layer=$2 defined count
  defined=$(sq "$p" "SELECT count(*) FROM layer WHERE id = '$layer'")
  count=$(layer_count "$p" "$layer")
  if [ "$defined" = 0 ] && [ "$count" != 0 ]; then
    fail "killed import left $count features of a layer $layer that does not exist"
  elif [ "$defined" = 1 ] && [ "$(feature_total_layer "$p" "$layer")" != "$count" ]; then
    fail "layer $layer holds $count features but GDAL reads $(feature_total_layer "$p" "$layer")"
  fi
}

feature_total_layer() {
  ogrinfo -ro -so "$1" "$2" 2>/dev/null | awk '/^Feature Count:/ {print $3}'
}

# An import is all or nothing: after a kill the layer holds as many features as before or N more;
# every third one makes a new layer, which exists whole or not at all.
section_import_kills() {
  SECTION=import-kills
  local dir=$WORK/import p deadline i=0 kills=0 before after dur file layer n=$IMPORT_FEATURES
  local -a new
  WHOLE=0 LOST=0 DOUBLED=0 PARTIAL=0
  mkdir -p "$dir"
  make_import_files "$dir" || {
    fail "ogr2ogr could not write the files to import"
    return
  }
  p=$dir/p.planmap
  cp "$BASE" "$p"
  before=$(layer_count "$p" toilets)
  time_ms "$CLI" import "$p" "$dir/toilets.gpkg" --layer toilets --user planner1
  after=$(layer_count "$p" toilets)
  if [ "$RC" -ne 0 ] || [ "$after" -ne $((before + n)) ]; then
    fail "a plain import of $n toilets: exit $RC, $before -> $after features: $(first_line "$WORK/last.err")"
    return
  fi
  dur=$(cat "$WORK/last.ms")
  deadline=$(deadline_in "$IMPORT_SECONDS")
  while [ "$(now_ms)" -lt "$deadline" ] && [ "$kills" -lt "$MAX_KILLS" ]; do
    i=$((i + 1))
    # The project grows by N a time: start again from the sample before validate gets slow.
    if [ "$(sq "$p" "SELECT count(*) FROM feature")" -gt $((5 * n)) ]; then
      rm -f "$p-wal" "$p-shm"
      cp "$BASE" "$p"
    fi
    file=$dir/toilets.$([ $((i % 2)) -eq 0 ] && echo gpkg || echo geojson)
    layer=toilets
    new=()
    if [ $((i % 3)) -eq 0 ]; then
      layer=soak_new_$i
      new=(--new-layer "soak $i")
    fi
    before=$(layer_count "$p" "$layer")
    run_killed "$(kill_delay_ms "$dur")" "$CLI" import "$p" "$file" --layer "$layer" "${new[@]}" \
      --user planner1
    after=$(layer_count "$p" "$layer")
    dur=$(adapt_ms "$dur" "$RC")
    [ "$RC" -eq 137 ] && kills=$((kills + 1))
    judge_import "$i" "$layer" "$before" "$after"
    [ ${#new[@]} -eq 0 ] || check_new_layer "$p" "$layer"
    check_project "$p" "after import $i (exit $RC)" || break
  done
  # A killed import cannot remove its private copy of the input; they are left in TMPDIR.
  local left
  left=$(find "$TMPDIR" -maxdepth 1 -name 'planmap-import-*' | wc -l)
  [ "$left" -eq 0 ] ||
    note "$left of $kills killed imports left their staging folder (planmap-import-*) in TMPDIR"
  summary "$i runs, $kills kills ($WHOLE killed imports had committed), $PARTIAL partial, $LOST lost," \
    "$DOUBLED doubled"
}

# --- sync ------------------------------------------------------------------------------------------
# A field copy marks offline and syncs, each sync killed after a random delay. After every kill the
# copy is sound and the server holds no event twice; at the end a plain sync converges: the server
# has every mark the copy made exactly once.
section_sync_kills() {
  SECTION=sync-kills
  local dir=$WORK/sync url field rivers deadline i=0 kills=0 marks=0 dur dups j tag
  local -a args
  mkdir -p "$dir"
  url=$(new_server sync) || return
  field=$dir/field.sqlite
  "$CLI" checkout "$url" --area "$SOAK_VILLAGE" --out "$field" --user engineer1 >/dev/null \
    2>"$dir/co.err" || {
    fail "checkout: $(first_line "$dir/co.err")"
    return
  }
  rivers_of "$field" >"$dir/rivers"
  [ -s "$dir/rivers" ] || {
    fail "no river in the field copy of $SOAK_VILLAGE"
    return
  }
  : >"$dir/written"
  mapfile -t args < <(mark_args "$dir/rivers")
  "$CLI" mark "$field" "${args[@]}" --note soak-sync-0 >/dev/null && echo soak-sync-0 >>"$dir/written"
  time_ms "$CLI" sync "$field"
  [ "$RC" -eq 0 ] || {
    fail "a plain sync fails: $(first_line "$WORK/last.err")"
    return
  }
  dur=$(cat "$WORK/last.ms")
  deadline=$(deadline_in "$SYNC_SECONDS")
  while [ "$(now_ms)" -lt "$deadline" ] && [ "$kills" -lt "$MAX_KILLS" ]; do
    i=$((i + 1))
    for j in $(seq $((1 + $(rand 3)))); do
      tag=soak-sync-$i-$j
      mapfile -t args < <(mark_args "$dir/rivers")
      if "$CLI" mark "$field" "${args[@]}" --note "$tag" >/dev/null 2>"$dir/mark.err"; then
        echo "$tag" >>"$dir/written"
        marks=$((marks + 1))
      else
        fail "$tag: offline mark exited $?: $(first_line "$dir/mark.err")"
      fi
    done
    # One more mark while the sync runs: it waits for the sync's transaction, then is written.
    tag=soak-sync-$i-during
    mapfile -t args < <(mark_args "$dir/rivers")
    "$CLI" mark "$field" "${args[@]}" --note "$tag" >/dev/null 2>"$dir/during.err" &
    local during=$!
    run_killed "$(kill_delay_ms "$dur")" "$CLI" sync "$field"
    dur=$(adapt_ms "$dur" "$RC")
    if wait "$during"; then
      echo "$tag" >>"$dir/written"
      marks=$((marks + 1))
    else
      fail "$tag: a mark during a sync exited non-zero: $(first_line "$dir/during.err")"
    fi
    if [ "$RC" -eq 137 ]; then
      kills=$((kills + 1))
    elif [ "$RC" -ne 0 ]; then
      fail "sync $i exited $RC: $(first_line "$WORK/last.err")"
    fi
    dups=$(psql_url "$url" -c "SELECT count(*) - count(DISTINCT note) FROM progress_event
      WHERE note LIKE 'soak-sync-%'")
    [ "$dups" = 0 ] || fail "after sync $i (exit $RC) the server holds $dups doubled event(s)"
    check_project "$field" "field copy after sync $i (exit $RC)" || break
  done
  # Re-run until it converges: one plain sync must do.
  if ! "$CLI" sync "$field" >"$dir/final.out" 2>"$dir/final.err"; then
    fail "the sync after the kills fails: $(first_line "$dir/final.err")"
  fi
  tag_counts_pg "$url" soak-sync- >"$dir/server.counts"
  compare_tags "$dir/written" "$dir/server.counts"
  local lost=$LOST doubled=$DOUBLED
  tag_counts_sqlite "$field" soak-sync- >"$dir/field.counts"
  compare_tags "$dir/written" "$dir/field.counts"
  validate_server "$url" "$dir/validate.err"
  sync_past_bad_record "$field" "$url" "$dir"
  summary "$i syncs, $kills kills, $((marks + 1)) offline marks, $lost lost, $doubled doubled on the server"
}

# One bad record never blocks a sync: a field copy holding an event with invalid UTF-8 (forged with
# sqlite3, as an older PlanMap let it in) still gets a later valid mark to the server.
sync_past_bad_record() {
  local field=$1 url=$2 dir=$3 river n
  river=$(sq "$field" "SELECT id FROM feature WHERE layer_id = 'rivers' ORDER BY id LIMIT 1")
  sq "$field" "INSERT INTO progress_event(uuid, feature_id, kind, status, date, user_name, note, recorded_at)
    VALUES('$(cat /proc/sys/kernel/random/uuid)', $river, 'status', 'planned', '2020-06-01', 'engineer1',
    CAST(X'626164FFFE' AS TEXT), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))" || {
    fail "could not forge the bad record into the field copy"
    return
  }
  local -a args
  mapfile -t args < <(mark_args "$dir/rivers")
  "$CLI" mark "$field" "${args[@]}" --note soak-sync-after-bad >/dev/null 2>"$dir/mark.err" || {
    fail "a mark in a copy holding a bad record: $(first_line "$dir/mark.err")"
    return
  }
  "$CLI" sync "$field" >"$dir/bad.out" 2>"$dir/bad.err"
  n=$(psql_url "$url" -c "SELECT count(*) FROM progress_event WHERE note = 'soak-sync-after-bad'")
  [ "$n" = 1 ] || fail "a bad record in the field copy blocks its sync: the next mark is on the server" \
    "$n time(s); sync: $(first_line "$dir/bad.err")"
}
