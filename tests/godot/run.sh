#!/usr/bin/env bash
# Headless Godot checks for the client:
#   1. `--check-only` on every .gd file of the project (parse and type errors),
#   2. every tests/godot/suites/test_*.gd suite, each in its own engine process,
#   3. the live bridge test against ws_test_server.py (a real WebSocket connection).
# Every engine run is wrapped in `timeout` (a script error in _init hangs the engine, and a
# scene that fails to load exits 0), and any "SCRIPT ERROR" in a log counts as a failure.
# Last line: "N passed, N failed"; exit status 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
GODOT=${GODOT_SERVER:-godot3-server}
PYTHON=${PYTHON:-python3}
export LANG=en_US.UTF-8
LOGS=test-artifacts/godot-tests
mkdir -p "$LOGS" && touch test-artifacts/.gdignore
passed=0
failed=0

pass() { passed=$((passed + 1)); [ -n "${VERBOSE:-}" ] && echo "PASS $1"; return 0; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

if ! command -v "$GODOT" >/dev/null; then
  echo "FAIL $GODOT not found (apt-get install godot3-server)"
  echo "0 passed, 1 failed"
  exit 1
fi

# 1. --check-only on every GDScript file Godot would load.
while IFS= read -r f; do
  if out=$(timeout 60 "$GODOT" --path . --check-only --script "$f" 2>&1); then
    pass "check-only $f"
  else
    fail "check-only $f: $(echo "$out" | grep -m1 -A1 'SCRIPT ERROR' | tr '\n' ' ')"
  fi
done < <(find . -name '*.gd' -not -path './.git/*' -not -path './.venv/*' -not -path './build/*' \
  -not -path './scripts_py/*' -not -path './test-artifacts/*' | sort)

# Counts PASS/FAIL lines of one suite log; a crash, hang or script error is a failure too.
count_suite() {  # name, log, engine exit status
  local name=$1 log=$2 rc=$3 n
  n=$(grep -c '^PASS ' "$log"); passed=$((passed + n))
  if [ -n "${VERBOSE:-}" ]; then grep '^PASS ' "$log"; fi
  n=$(grep -c '^FAIL ' "$log"); failed=$((failed + n))
  grep '^FAIL ' "$log"
  if ! grep -q '^RESULT ' "$log"; then
    fail "$name: engine stopped early (exit $rc, see $log)"
  fi
  n=$(grep -c 'SCRIPT ERROR' "$log")
  if [ "$n" -gt 0 ]; then
    fail "$name: $n script error(s): $(grep -m1 -A1 'SCRIPT ERROR' "$log" | tr '\n' ' ')"
  fi
}

# 2. The suites, one engine process each.
for suite in tests/godot/suites/test_*.gd; do
  name=$(basename "$suite" .gd)
  log=$LOGS/$name.log
  timeout 180 "$GODOT" --path . --audio-driver Dummy res://tests/godot/lib/suite_runner.tscn \
    -- --no-bridge --suite="res://$suite" >"$log" 2>&1
  count_suite "$name" "$log" $?
done

# 3. Live bridge: the real WebSocket client against the scripted test runtime.
portfile=$(mktemp) record=$LOGS/live_bridge_received.jsonl
rm -f "$portfile"
"$PYTHON" tests/godot/ws_test_server.py --port-file "$portfile" --record "$record" --seconds 90 \
  >"$LOGS/ws_test_server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do [ -s "$portfile" ] && break; sleep 0.1; done
if [ -s "$portfile" ]; then
  log=$LOGS/live_bridge.log
  timeout 120 "$GODOT" --path . --audio-driver Dummy res://tests/godot/lib/suite_runner.tscn \
    -- --suite=res://tests/godot/suites/live_bridge.gd --bridge-port="$(cat "$portfile")" \
    >"$log" 2>&1
  count_suite live_bridge "$log" $?
  if "$PYTHON" - "$record" <<'PY'
import json, sys
msgs = [json.loads(line)["msg"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
hello = next(m for m in msgs if m["t"] == "hello")
assert hello["protocol"] == 1 and hello["client"] == "godot", hello
assert {"id": "mixer_1", "py_script": "res://scripts_py/machines/mixer.py"}.items() <= \
    hello["machines"][0].items(), hello["machines"]
intents = [m for m in msgs if m["t"] == "intent"]
assert intents[0]["type"] == "skip_time" and intents[0]["args"] == {"seconds": 3600}, intents
assert isinstance(intents[0]["version"], int) and intents[0]["id"] == 1, intents[0]
assert any(m["t"] == "ping" for m in msgs), "no ping"
assert sum(m["t"] == "hello" for m in msgs) == 2, "no reconnect"
voice = [m for m in msgs if m["t"] == "voice"]
assert voice and voice[0].get("mode") in ("ptt", "vad"), voice
talk = [m["talk"] for m in voice if "talk" in m]
assert talk == [True, False], voice
PY
  then pass "live bridge: the runtime received hello/bind, intents, a ping and voice controls"
  else fail "live bridge: what the runtime received is wrong (see $record)"
  fi
else
  fail "live bridge: ws_test_server.py did not start (see $LOGS/ws_test_server.log)"
fi
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
rm -f "$portfile"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
