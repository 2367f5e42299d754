"""Benchmark: the real ``bmm runtime`` process under seats that stop reading.

A runtime runs as its own process (``python -m bmm runtime --port 0``). One well-behaved seat
pings it every 120 ms throughout. Baseline: the process's RSS and the seat's round trip with
nobody else there. Attack: ``--readers`` seats (default 5: the rest of the room's six places)
say hello and then ask for full states
(``resync``, ~16 kB each) at 150 messages/s, under the 200/s message limit, while never
reading; each must be dropped by the runtime when its outbox is full. Per round: the peak RSS
(sampled every 50 ms and the kernel's VmHWM), how long each reader lasted, and the good seat's
round trip meanwhile. Medians over ``--rounds``. The last line printed is one JSON object.

    python benchmarks/bench_hostile_runtime.py [--readers 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import socket
import statistics
import struct
import sys
import time
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts_py.runtime.flow import OUTBOX_MAX_BYTES  # noqa: E402

RESYNC_PER_S = 150.0
PING_EVERY_S = 0.12
ATTACK_LIMIT_S = 60.0  # a reader still connected after this counts as not dropped [s]


def rss_kb(pid: int) -> tuple[int, int]:
    """``(VmRSS, VmHWM)`` of a process [kB]."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


def frame(text: str) -> bytes:
    """One masked WebSocket text frame."""
    payload = text.encode()
    n = len(payload)
    head = struct.pack("!BB", 0x81, 0x80 | n) if n < 126 else struct.pack("!BBH", 0x81, 0xFE, n)
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


async def slow_reader(port: int) -> float:
    """Hello, then resyncs without ever reading; seconds until the runtime cut it."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    await loop.sock_sendall(sock, (f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                                   "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += await loop.sock_recv(sock, 1)
    await loop.sock_sendall(sock, frame(json.dumps({"t": "hello", "protocol": 1,
                                                    "name": "Slow", "scene": "dry_room",
                                                    "machines": []})))
    start = time.monotonic()
    resync = frame('{"t":"resync","have":0}')
    try:
        while time.monotonic() - start < ATTACK_LIMIT_S:
            await asyncio.wait_for(loop.sock_sendall(sock, resync), 5)
            await asyncio.sleep(1.0 / RESYNC_PER_S)
    except (OSError, TimeoutError):
        return time.monotonic() - start
    finally:
        sock.close()
    return float("inf")


async def pinger(ws: ClientConnection, rtts: list[float], stop: asyncio.Event) -> None:
    """Ping every PING_EVERY_S and record round trips [ms] until ``stop``."""
    n = 0
    while not stop.is_set():
        n += 1
        t0 = time.perf_counter()
        await ws.send(json.dumps({"t": "ping", "id": n}))
        while True:
            msg = json.loads(await ws.recv())
            if msg["t"] == "pong" and msg["id"] == n:
                break
        rtts.append((time.perf_counter() - t0) * 1e3)
        await asyncio.sleep(PING_EVERY_S)


async def sample_rss(pid: int, peaks: list[int], stop: asyncio.Event) -> None:
    """Sample VmRSS every 50 ms into ``peaks`` until ``stop``."""
    while not stop.is_set():
        peaks.append(rss_kb(pid)[0])
        await asyncio.sleep(0.05)


async def run(readers: int, rounds: int, repo: Path = ROOT) -> dict[str, float]:
    """The attack against the runtime of checkout ``repo``; its figures."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bmm", "runtime", "--port", "0", "--db", ":memory:", cwd=repo,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    line = (await proc.stdout.readline()).decode()
    port = int(re.search(r"ws://127\.0\.0\.1:(\d+)", line).group(1))  # type: ignore[union-attr]
    out: dict[str, list[float]] = {"peak": [], "hwm": [], "rtt": [], "drop": [], "after": [],
                                   "kept": []}
    try:
        async with connect(f"ws://127.0.0.1:{port}") as ws:
            await ws.send(json.dumps({"t": "hello", "protocol": 1, "name": "Good",
                                      "scene": "dry_room", "machines": []}))
            await asyncio.sleep(2.0)
            base_rtts: list[float] = []
            stop = asyncio.Event()
            task = asyncio.create_task(pinger(ws, base_rtts, stop))
            await asyncio.sleep(3.0)
            stop.set()
            await task
            baseline_kb = rss_kb(proc.pid)[0]
            for _ in range(rounds):
                peaks: list[int] = []
                rtts: list[float] = []
                stop = asyncio.Event()
                side = [asyncio.create_task(pinger(ws, rtts, stop)),
                        asyncio.create_task(sample_rss(proc.pid, peaks, stop))]
                times = await asyncio.gather(*(slow_reader(port) for _ in range(readers)))
                stop.set()
                await asyncio.gather(*side)
                await asyncio.sleep(1.0)
                out["peak"].append(max(peaks) / 1024)
                out["hwm"].append(rss_kb(proc.pid)[1] / 1024)
                out["after"].append(rss_kb(proc.pid)[0] / 1024)
                out["rtt"].append(statistics.median(rtts))
                out["drop"].append(statistics.median(times))
                out["kept"].append(sum(t == float("inf") for t in times))
                print(f"round: {readers} readers dropped after {statistics.median(times):.2f} s "
                      f"(median; not dropped: {sum(t == float('inf') for t in times)}), peak "
                      f"RSS {max(peaks) / 1024:.0f} MB, good seat rtt "
                      f"{statistics.median(rtts):.2f} ms", flush=True)
    finally:
        proc.terminate()
        await proc.wait()
    return {
        "readers": readers, "rounds": rounds,
        "outbox_limit_mb": OUTBOX_MAX_BYTES / 1e6,
        "baseline_rss_mb": round(baseline_kb / 1024, 1),
        "peak_rss_mb_median": round(statistics.median(out["peak"]), 1),
        "vmhwm_mb": round(max(out["hwm"]), 1),
        "rss_after_mb_median": round(statistics.median(out["after"]), 1),
        "drop_after_s_median": _finite(round(statistics.median(out["drop"]), 2)),
        "readers_not_dropped": int(max(out["kept"])),
        "good_seat_rtt_ms_baseline": round(statistics.median(base_rtts), 2),
        "good_seat_rtt_ms_under_attack": round(statistics.median(out["rtt"]), 2),
    }


def _finite(value: float) -> float | None:
    """JSON has no Infinity: a reader never dropped is null."""
    return value if value != float("inf") else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--readers", type=int, default=5, help="slow readers per round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds (medians are reported)")
    ap.add_argument("--compare", type=Path, metavar="DIR",
                    help="also attack the runtime of this checkout (baseline, same run)")
    args = ap.parse_args()
    result = asyncio.run(run(args.readers, args.rounds))
    if args.compare:
        print(f"baseline: the runtime of {args.compare}", flush=True)
        base = asyncio.run(run(args.readers, args.rounds, args.compare.resolve()))
        result.update({f"compare_{k}": v for k, v in base.items()
                       if k not in ("readers", "rounds", "outbox_limit_mb")})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
