"""Benchmark of the class mesh, one process per peer, everything on 127.0.0.1.

A real ``bmm host`` process and seat processes (``benchmarks/mesh_seat.py``):

1. Poses: 6 seats in one room send 30 Hz poses to each other for ``--duration`` s, from a
   common start time. Delivery = poses received / (sent × 5); latency = arrival − sending
   (CLOCK_MONOTONIC is one clock for every process of the machine). CPU per seat: the
   process's CPU seconds over the phase per wall second. Meanwhile one seat skips time: how
   long until every replica shows it.
2. Late join: a seat joins the room (5 others in it) and times connect → the room's state.
3. Host load: 8 rooms × 6 data-only seats (4 processes of 12 seats, each acting once a second)
   for ``--duration`` s; the host's CPU seconds per wall second from /proc.

This machine has 2 cores shared by the 7 processes of phase 1: each seat's CPU is its own
(getrusage), but latency includes waiting for a core. Baselines in the same run: a seat
that is connected and idle (its CPU per wall second), and the idle host.
Goals (issue 8): 100 % delivered, p99 ≤ 20 ms; seat CPU ≤ 15 % of a core; time skip on all
seats ≤ 100 ms; late join ≤ 1 s; host ≤ 50 % of a core. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CODE = "bench-mesh-1"
SEAT = str(ROOT / "benchmarks" / "mesh_seat.py")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_host(port: int, data: Path) -> subprocess.Popen[str]:
    """A real ``bmm host`` on 127.0.0.1:``port`` (no pacing, 1 s grace, no guide), once it
    listens (its banner was printed)."""
    host = subprocess.Popen(
        [sys.executable, "-m", "bmm", "host", "--bind", "127.0.0.1", "--port", str(port),
         "--data", str(data), "--class-code", CODE, "--ice-address", "127.0.0.1",
         "--time-speed", "0", "--grace", "1", "--no-guide"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert host.stdout is not None
    host.stdout.readline()  # "bmm host: N rooms, ..." once it listens
    return host


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime [clock ticks]


def _host_cpu(pid: int, seconds: float) -> float:
    """The host's CPU seconds per wall second over the next ``seconds``."""
    t0, c0 = time.monotonic(), _cpu_ticks(pid)
    time.sleep(seconds)
    return (_cpu_ticks(pid) - c0) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - t0)


def _seat(mode: str, server: str, name: str, out: Path, **extra: Any) -> subprocess.Popen:
    argv = [sys.executable, SEAT, mode, "--server", server, "--code", CODE, "--name", name,
            "--out", str(out)]
    for key, value in extra.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            argv.append(flag)
        elif value is not False:
            argv += [flag, str(value)]
    return subprocess.Popen(argv, cwd=ROOT, stderr=out.with_suffix(".err").open("w"))


def _read(out: Path) -> dict[str, Any]:
    """A seat's result, or its error output when it has none."""
    if not out.is_file():
        err = out.with_suffix(".err")
        raise RuntimeError(f"seat {out.stem} failed: "
                           f"{err.read_text()[-2000:] if err.is_file() else '?'}")
    return json.loads(out.read_text())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def pose_phase(server: str, tmp: Path, duration: float) -> dict[str, Any]:
    start = time.monotonic() + 12.0  # time to start 6 processes and build the mesh
    outs = [tmp / f"pose-{i}.json" for i in range(6)]
    procs = [_seat("pose", server, f"p{i}", outs[i], start=start, duration=duration,
                   peers=5, skipper=(i == 0), skip_at=start + duration / 2)
             for i in range(6)]
    for p in procs:
        p.wait(timeout=duration + 60)
    runs = [_read(o) for o in outs]
    sent = {r["user"]: dict(r["sent"]) for r in runs}
    latencies, received = [], 0
    for r in runs:
        for user, n, at in r["received"]:
            sent_at = sent.get(user, {}).get(n)
            if sent_at is not None:
                latencies.append((at - sent_at) * 1000.0)
                received += 1
    expected = sum(len(s) for s in sent.values()) * 5
    skip_at = start + duration / 2
    skip_seen = [r["skip_seen"] for r in runs]
    return {"pose_p50_ms": round(statistics.median(latencies), 2),
            "pose_p99_ms": round(_pct(latencies, 0.99), 2),
            "pose_delivered": round(received / expected, 4) if expected else 0.0,
            "poses_sent": sum(len(s) for s in sent.values()),
            "mesh_links": [r["peers"] for r in runs],
            "seat_cpu_core_fraction": round(statistics.median(
                r["cpu_s"] / r["wall_s"] for r in runs), 4),
            "time_skip_ms": (round((max(skip_seen) - skip_at) * 1000.0, 1)
                             if all(s is not None for s in skip_seen) else None)}


def idle_seat_cpu(server: str, tmp: Path, seconds: float) -> float:
    """Baseline: one connected seat that sends nothing (heartbeats only)."""
    out = tmp / "idle.json"
    start = time.monotonic() + 5.0
    proc = _seat("pose", server, "idle", out, start=start, duration=seconds, peers=0,
                 room="room-8")
    proc.wait(timeout=seconds + 40)
    run = _read(out)
    return round(run["cpu_s"] / run["wall_s"], 4)  # it sends poses to nobody: ~idle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    args = ap.parse_args()
    port = _port()
    server = f"127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bmm-mesh-") as tmp_name:
        tmp = Path(tmp_name)
        host = start_host(port, tmp / "host")
        try:
            host_idle = round(_host_cpu(host.pid, 3.0), 4)
            seat_idle = idle_seat_cpu(server, tmp, args.duration)
            poses = pose_phase(server, tmp, args.duration)
            print(f"poses: {poses}", flush=True)
            time.sleep(3.0)  # the pose seats' places are given back (grace 1 s)
            late = tmp / "late.json"
            _seat("late", server, "late", late).wait(timeout=60)
            late_ms = round(_read(late)["late_join_s"] * 1000.0, 1)
            start = time.monotonic() + 15.0
            outs = [tmp / f"data-{i}.json" for i in range(4)]
            procs = [_seat("data", server, f"d{i}", outs[i], start=start,
                           duration=args.duration, seats=12, rooms=8, offset=12 * i)
                     for i in range(4)]
            time.sleep(max(0.0, start - time.monotonic()) + 1.0)
            host_cpu = round(_host_cpu(host.pid, args.duration - 2.0), 4)
            for p in procs:
                p.wait(timeout=args.duration + 90)
            acts = sum(_read(o)["acts"] for o in outs)
        finally:
            host.terminate()
            host.wait(20)
    result = {**poses, "late_join_ms": late_ms, "host_cpu_core_fraction": host_cpu,
              "host_acts_in_load_phase": acts, "baseline_idle_seat_cpu_core_fraction": seat_idle,
              "baseline_idle_host_cpu_core_fraction": host_idle, "cores": os.cpu_count()}
    print(f"late join {late_ms} ms; host CPU with 8 rooms x 6 data seats: {host_cpu:.1%} of a "
          f"core ({acts} acts), idle {host_idle:.1%}; seat CPU (6 seats posing at 30 Hz): "
          f"{poses['seat_cpu_core_fraction']:.1%} of a core, idle seat {seat_idle:.1%}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
