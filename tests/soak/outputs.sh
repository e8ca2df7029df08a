# Killed commands that write a new file (scripts/soak.sh, sourced): the file they were writing is
# either absent or whole afterwards — never a half-written file that then blocks the same command
# ("file exists") or opens as a broken project.

# The arguments of planmap-cli for output command $1 writing $2, in ARGS (run_killed must start
# planmap-cli itself: a shell function in between would take the kill instead).
output_args() {
  case $1 in
  sample) ARGS=(sample "$2") ;;
  generate) ARGS=(generate "$2" --rivers 200) ;;
  checkout) ARGS=(checkout "$OUTPUT_URL" --area "$SOAK_VILLAGE" --out "$2" --user engineer1) ;;
  export) ARGS=(export "$BASE" --all --out "$2" --format GPKG) ;;
  backup) ARGS=(backup "$BASE" "$2") ;;
  esac
}

output_suffix() {
  case $1 in
  export) echo gpkg ;;
  checkout) echo sqlite ;;
  *) echo planmap ;;
  esac
}

# The features of every layer of a GDAL file.
feature_total() {
  ogrinfo -ro -so -al "$1" 2>/dev/null | awk '/^Feature Count:/ {s += $3} END {print s + 0}'
}

# Whether the file $2 that command $1 left is whole; prints what is wrong otherwise.
output_whole() {
  local cmd=$1 out=$2 count
  case $cmd in
  export)
    count=$(feature_total "$out")
    [ "$count" = "$OUTPUT_FEATURES" ] || {
      echo "$count of $OUTPUT_FEATURES features"
      return 1
    }
    ;;
  *)
    "$CLI" validate "$out" >/dev/null 2>"$WORK/whole.err" || {
      first_line "$WORK/whole.err"
      return 1
    }
    if [ "$cmd" = checkout ] && ! "$CLI" sync "$out" >/dev/null 2>"$WORK/whole.err"; then
      first_line "$WORK/whole.err"
      return 1
    fi
    ;;
  esac
}

section_output_kills() {
  SECTION=output-kills
  local dir=$WORK/outputs cmds=(sample generate checkout export) cmd out deadline what
  local i=0 kills=0 whole=0 partial=0 left=0
  local -a ARGS
  local -A dur
  mkdir -p "$dir/out"
  has_command backup && cmds+=(backup)
  OUTPUT_URL=$(new_server outputs) || return
  for cmd in "${cmds[@]}"; do
    out=$dir/ref.$cmd.$(output_suffix "$cmd")
    output_args "$cmd" "$out"
    time_ms "$CLI" "${ARGS[@]}"
    [ "$RC" -eq 0 ] || {
      fail "a plain $cmd fails: $(first_line "$WORK/last.err")"
      return
    }
    dur[$cmd]=$(cat "$WORK/last.ms")
  done
  OUTPUT_FEATURES=$(feature_total "$dir/ref.export.gpkg")
  deadline=$(deadline_in "$OUTPUT_SECONDS")
  while [ "$(now_ms)" -lt "$deadline" ] && [ "$kills" -lt "$MAX_KILLS" ]; do
    cmd=${cmds[$((i % ${#cmds[@]}))]}
    i=$((i + 1))
    out=$dir/out/$i.$(output_suffix "$cmd")
    output_args "$cmd" "$out"
    run_killed "$(kill_delay_ms "${dur[$cmd]}")" "$CLI" "${ARGS[@]}"
    dur[$cmd]=$(adapt_ms "${dur[$cmd]}" "$RC")
    [ "$RC" -eq 137 ] && kills=$((kills + 1))
    [ "$RC" -eq 0 ] || [ "$RC" -eq 137 ] || fail "$cmd $i exited $RC: $(first_line "$WORK/last.err")"
    if [ -e "$out" ]; then
      if what=$(output_whole "$cmd" "$out"); then
        [ "$RC" -eq 137 ] && whole=$((whole + 1))
      else
        partial=$((partial + 1))
        [ "$partial" -gt 5 ] ||
          fail "$cmd $i (exit $RC) left a broken $(basename "$out"): ${what//$dir\/out\//}"
      fi
    elif [ "$RC" -eq 0 ]; then
      fail "$cmd $i exited 0 but wrote no $(basename "$out")"
    fi
    # Anything else the command left beside its output (staging folders, journals of a removed file).
    left=$((left + $(find "$dir/out" -mindepth 1 -maxdepth 1 ! -name "$i.*" | wc -l)))
    find "$dir/out" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  done
  [ "$partial" -le 5 ] || fail "and $((partial - 5)) more broken files (not listed)"
  [ "$left" -eq 0 ] || note "killed commands left $left other file(s) or folder(s) beside their output"
  summary "$i runs (${cmds[*]}), $kills kills ($whole killed runs had finished the file)," \
    "$partial broken files left"
}
