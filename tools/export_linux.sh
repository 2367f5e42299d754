#!/usr/bin/env bash
# Builds the Linux seat into build/linux/ with Debian's godot3-runner as the export template
# (no template download), then runs the exported pack headless as a smoke test.
#   tools/export_linux.sh            -> build/linux/bmm.x86_64 + bmm.pck
# Run `bmm play` or build/linux/bmm.x86_64 -- --bridge-port=PORT to play.
set -euo pipefail
cd "$(dirname "$0")/.."
GODOT=${GODOT_SERVER:-godot3-server}
export LANG=en_US.UTF-8
# a throwaway editor config: leftover editor settings of this folder can hang the scan
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
OUT=build/linux
mkdir -p "$OUT" && touch build/.gdignore
# One editor scan first: imports (none today) and the script class cache; it may rewrite
# project.godot, so keep the committed file as it is.
cp project.godot "$OUT/project.godot.orig"
timeout 300 "$GODOT" --path . --editor --quit >"$OUT/import.log" 2>&1 || true
timeout 300 "$GODOT" --path . --export "Linux/X11" "$OUT/bmm.x86_64" >"$OUT/export.log" 2>&1 || {
  cat "$OUT/export.log"; echo "export failed"; exit 1; }
cmp -s project.godot "$OUT/project.godot.orig" || cp "$OUT/project.godot.orig" project.godot
rm -f "$OUT/project.godot.orig"
[ -s "$OUT/bmm.pck" ] || { echo "export produced no pack"; exit 1; }
# Smoke: the exported pack starts headless and loads the dry room.
smoke=$(timeout 60 "$GODOT" --main-pack "$OUT/bmm.pck" --audio-driver Dummy -- --smoke --no-bridge 2>&1)
echo "$smoke" | grep -q "BMM smoke ok" || { echo "$smoke"; echo "smoke test failed"; exit 1; }
echo "built $OUT/bmm.x86_64 ($(du -h "$OUT/bmm.pck" | cut -f1) pack); smoke ok"
