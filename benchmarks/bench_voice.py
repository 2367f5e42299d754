"""Benchmark of voice on the class mesh: one process per seat, everything on 127.0.0.1.

A real ``bmm host`` process and 6 seat processes (``benchmarks/mesh_seat.py voice``) in one
room, every seat sending 30 Hz poses, for ``--duration`` s from a common start time:

1. Baseline (same run): poses only, no voice (``--no-voice``): CPU per seat.
2. One talker: seat 0 holds push-to-talk on a tone source (200 ms bursts of 440 Hz every
   600 ms, the silence between them sent too); 5 listeners. Mouth-to-ear latency = when a
   burst comes out of a listener's playout (after the jitter buffer: what the runtime hands
   Godot) − when the burst began at the talker (CLOCK_MONOTONIC is one clock for every
   process of the machine). CPU per seat for the talker and for the listeners.
3. Everyone talks at once (the worst case): each seat encodes once and sends to 5, and
   receives, buffers and decodes 5 voices. Latency and CPU per seat again.

CPU per seat is the process's CPU seconds per wall second (getrusage), i.e. the fraction of
one core; this machine's 2 cores are shared by the 7 processes, so latency includes waiting
for a core. Godot's own audio buffer (after the bridge) is not included. ``encodes_per_packet``
is the talker's Opus encodes per distinct packet; ``packets_sent_per_encode`` how many peers
each encode reached. Goals (issue 10): latency p95 ≤ 150 ms, voice + pose ≤ 25 % of a core
per seat. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_mesh import _pct, _port, _read, _seat, start_host  # noqa: E402

SEATS = 6
ROOMS = {"base": "room-1", "one": "room-2", "all": "room-3"}  # a fresh room per phase


def phase(server: str, tmp: Path, name: str, duration: float, talkers: int,
          voice: bool = True) -> list[dict[str, Any]]:
    """6 seats in their own room for ``duration`` s; ``talkers`` of them talk."""
    start = time.monotonic() + 14.0  # time to start 6 processes and build the mesh
    outs = [tmp / f"{name}-{i}.json" for i in range(SEATS)]
    procs = [_seat("voice", server, f"{name}{i}", outs[i], start=start, duration=duration,
                   peers=SEATS - 1, room=ROOMS[name],
                   talk=voice and i < talkers, no_voice=not voice)
             for i in range(SEATS)]
    for p in procs:
        p.wait(timeout=duration + 90)
    return [_read(o) for o in outs]


def latencies(runs: list[dict[str, Any]]) -> list[float]:
    """Mouth-to-ear [ms] of every burst each listener heard, matched to the talker's onset."""
    mouths = {r["user"]: r.get("mouth", []) for r in runs}
    out = []
    for r in runs:
        for speaker, ears in r.get("ears", {}).items():
            onsets = mouths.get(speaker, [])
            for heard in ears:
                before = [m for m in onsets if m <= heard]
                if before and heard - before[-1] < 0.5:
                    out.append((heard - before[-1]) * 1000.0)
    return out


def cpu(runs: list[dict[str, Any]]) -> list[float]:
    """CPU seconds per wall second of each seat."""
    return [r["cpu_s"] / r["wall_s"] for r in runs]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=12.0, help="seconds per phase")
    args = ap.parse_args()
    port = _port()
    server = f"127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bmm-voice-") as tmp_name:
        tmp = Path(tmp_name)
        host = start_host(port, tmp / "host")
        try:
            base = phase(server, tmp, "base", args.duration, 0, voice=False)
            print(f"baseline (poses only): seat CPU {statistics.median(cpu(base)):.1%}",
                  flush=True)
            one = phase(server, tmp, "one", args.duration, 1)
            one_lat = latencies(one)
            print(f"one talker: {len(one_lat)} bursts heard, p50 "
                  f"{statistics.median(one_lat):.0f} ms, p95 {_pct(one_lat, 0.95):.0f} ms; "
                  f"talker CPU {cpu(one)[0]:.1%}, listeners "
                  f"{statistics.median(cpu(one)[1:]):.1%}", flush=True)
            every = phase(server, tmp, "all", args.duration, SEATS)
            all_lat = latencies(every)
            print(f"all talk: {len(all_lat)} bursts heard, p50 "
                  f"{statistics.median(all_lat):.0f} ms, p95 {_pct(all_lat, 0.95):.0f} ms; "
                  f"seat CPU {statistics.median(cpu(every)):.1%}", flush=True)
        finally:
            host.terminate()
            host.wait(20)
    talker = one[0]["voice"]
    bursts = len(one[0]["mouth"])
    result = {
        "benchmark": "voice", "seats": SEATS, "duration_s": args.duration,
        "voice_latency_p95_ms": round(_pct(one_lat, 0.95), 1),
        "voice_latency_p50_ms": round(statistics.median(one_lat), 1),
        "voice_bursts_heard_fraction": round(len(one_lat) / max(1, bursts * (SEATS - 1)), 3),
        "seat_cpu_core_fraction_voice": round(statistics.median(cpu(every)), 4),
        "seat_cpu_core_fraction_voice_talker_of_one": round(cpu(one)[0], 4),
        "seat_cpu_core_fraction_voice_listener_of_one": round(statistics.median(cpu(one)[1:]),
                                                              4),
        "baseline_seat_cpu_core_fraction_pose_only": round(statistics.median(cpu(base)), 4),
        "voice_latency_p95_ms_all_talking": round(_pct(all_lat, 0.95), 1),
        "encodes_per_packet": round(talker["encodes"] / max(1, talker["packets_encoded"]), 3),
        "packets_sent_per_encode": round(sum(t["sent"] for t in talker["tracks"].values())
                                         / max(1, talker["encodes"]), 2),
        "concealed_frames_one_talker": sum(p.get("concealed", 0) for r in one[1:]
                                           for p in r["voice"]["peers"].values()),
        "cores": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
