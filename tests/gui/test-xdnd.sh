#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A real drag and drop between two processes under Xvfb: rlx-drag-source offers two export
# files, xdotool drags them (press, move past the threshold, travel, release) onto a running
# Relaxun, and the database must then hold both runs. Runs inside xvfb-run and
# dbus-run-session; without a window manager every window maps at (0, 0), so the source is
# moved aside with xdotool first. TAP output.
set -u

echo "1..1"
work=$(mktemp -d "${TMPDIR:-/tmp}/relaxun-xdnd-XXXXXX")
export XDG_DATA_HOME="$work/data" GTK_A11Y=none
db="$work/xdnd.relaxun"
app_pid=
source_pid=

finish () {
  [ -n "$source_pid" ] && kill "$source_pid" 2>/dev/null
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap finish EXIT

fail () {
  echo "not ok 1 /relaxun/gui/xdnd # $1"
  exit 1
}

"$RLX_BUILD_DIR/src/relaxun" "$db" > "$work/relaxun.log" 2>&1 &
app_pid=$!
"$RLX_BUILD_DIR/tests/gui/rlx-drag-source" \
  "$RLX_SOURCE_DIR/data/demo/fdsc_ref.txt" "$RLX_SOURCE_DIR/data/demo/fdsc_Ta303K_ta100s.txt" \
  > "$work/source.log" 2>&1 &
source_pid=$!

window=$(timeout 20 xdotool search --sync --name "^Relaxun drag source$" | head -n 1)
[ -n "$window" ] || fail "the drag source window did not appear"
timeout 20 xdotool search --sync --name "xdnd — Relaxun" > /dev/null || fail "the Relaxun window did not appear"
xdotool windowmove "$window" 1500 100
sleep 1

xdotool mousemove 1620 160
sleep 0.3
xdotool mousedown 1
for x in 1610 1590 1560 1500 1400 1200 1000 800 700 650 640; do
  xdotool mousemove "$x" 400
  sleep 0.15
done
sleep 0.5
xdotool mouseup 1

# The import runs in a worker: wait for both runs.
n=0
for i in $(seq 1 50); do
  n=$("$RLX_CLI" runs --db "$db" 2>/dev/null | grep -c "flash-dsc-heating")
  [ "$n" -ge 2 ] && break
  sleep 0.2
done
[ "$n" -eq 2 ] || fail "expected 2 runs in the database after the drop, found $n"
grep -q "drag ended" "$work/source.log" || fail "the drag source saw no end of the drag"
echo "ok 1 /relaxun/gui/xdnd"
