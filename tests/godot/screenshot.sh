#!/usr/bin/env bash
# Screenshots of the dry room under Xvfb: desktop seat and VR rig ("Native mobile", stereo),
# voice chat (a speaking avatar, the microphone indicator, the voices list), the observer's
# seat (its HUD note and the save prompt),
# saved to test-artifacts/, then checked (fails on a blank, placeholder or one-colour image).
# test-artifacts/screens/ gets every screen for a person to look at (screenshot/screens.gd):
# each machine screen idle/ready/running/done, guided with a refusal, keypad open; each at a
# headset's resolution from 2 m; the potentiostat wall and its channels and feedback pages;
# the notebooks from 3 m; the time panel; a screen at an angle and from behind.
# Needs: godot3 (X11 build), xvfb, libgl1-mesa-dri, x11-apps (xwd), python3.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/test-artifacts
GODOT=${GODOT:-godot3}
export LANG=${LANG_OVERRIDE:-en_US.UTF-8}
mkdir -p "$OUT" && touch "$OUT/.gdignore"

XVFB_PID=""
if [ -z "${DISPLAY:-}" ] || ! xdpyinfo >/dev/null 2>&1; then
  for n in 99 98 97 96 95; do
    [ -e /tmp/.X$n-lock ] && continue
    Xvfb :$n -screen 0 1280x720x24 +extension GLX >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=:$n
    break
  done
  sleep 2
fi
cleanup() { [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; }
trap cleanup EXIT

shot() {  # name, extra args...
  local name=$1; shift
  timeout "${SHOT_TIMEOUT:-120}" "$GODOT" --path . --audio-driver Dummy --resolution 1280x720 \
    res://tests/godot/screenshot/screenshot.tscn -- --no-bridge --frames=30 \
    --out="$OUT/$name.png" "$@" >"$OUT/$name.log" 2>&1
  local rc=$?
  grep -E "^screenshot:|SCRIPT ERROR" "$OUT/$name.log"
  return $rc
}

fail=0
shot dry_room_desktop || fail=1
shot potentiostat_desktop --at=-5.4,0,-0.4 --look=-7.9,1.75,-0.4 || fail=1
shot machine_screen_desktop --at=-0.3,0,1.2 --look=0.9,1.25,-0.5 || fail=1
shot home_screen --home || fail=1
shot voice_desktop --voice-demo --at=-6.0,0,0.5 --look=-2.6,1.55,0.75 || fail=1
shot observer_desktop --observer-demo --state-file=res://tests/godot/fixtures/observer_session.json \
  --at=-6.0,0,0.5 --look=-2.6,1.55,0.75 || fail=1
rm -rf "$OUT/screens" && mkdir -p "$OUT/screens"
SHOT_TIMEOUT=400 shot screens --screens="$OUT/screens" --frames=10 || fail=1

# VR: the eyes are composed only in the window, so grab the window with xwd during the run.
HS=$(mktemp -d)
shot dry_room_vr_right_eye --xr=native_mobile --handshake="$HS" &
GPID=$!
for _ in $(seq 1 600); do [ -e "$HS/ready" ] && break; sleep 0.2; done
if [ -e "$HS/ready" ] && command -v xwd >/dev/null; then
  xwd -root -silent >"$HS/screen.xwd" && python3 tests/godot/png_tools.py xwd2png \
    "$HS/screen.xwd" "$OUT/dry_room_vr.png" || fail=1
else
  echo "FAIL: no VR frame (ready flag missing or xwd not installed: apt-get install x11-apps)"
  fail=1
fi
touch "$HS/done"
wait $GPID || fail=1
rm -rf "$HS"

python3 tests/godot/png_tools.py check "$OUT/dry_room_desktop.png" "$OUT/potentiostat_desktop.png" \
  "$OUT/machine_screen_desktop.png" "$OUT/home_screen.png" "$OUT/dry_room_vr.png" \
  "$OUT/voice_desktop.png" "$OUT/observer_desktop.png" || fail=1
screens=$(ls "$OUT"/screens/*.png 2>/dev/null | wc -l)
if [ "$screens" -lt 38 ]; then
  echo "FAIL: only $screens screen shots in $OUT/screens (see $OUT/screens.log)"
  fail=1
fi
python3 tests/godot/png_tools.py check "$OUT"/screens/*.png || fail=1
[ $fail -eq 0 ] && echo "screenshots ok: $OUT" || echo "screenshots FAILED"
exit $fail
