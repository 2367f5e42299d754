"""One seat process of ``bench_mesh.py`` (not a benchmark itself).

Modes:
- ``pose``: join, wait for the mesh to the other seats, then from ``--start`` (a
  CLOCK_MONOTONIC time, shared by every process of the machine) send 30 Hz poses for
  ``--duration`` s; record when each pose was sent and when each other seat's arrived, the
  process's CPU time over the phase, and when a time skip (sent by ``--skipper`` at
  ``--skip-at``) reached this replica.
- ``late``: join and record how long it took until the replica held the room's state.
- ``data``: ``--seats`` seats in this process, spread over the host's rooms, each acting once
  a second for ``--duration`` s (no poses): the host's load for a full class.
- ``voice``: like ``pose`` (30 Hz poses), with voice: ``--talk`` holds push-to-talk on a tone
  source making 200 ms bursts of 440 Hz every 600 ms (silence between, still sent); every
  seat records when each burst of the others comes out of its playout (the ear side:
  what the runtime hands Godot) and the talker when each burst began (the mouth side).
  ``--no-voice``: poses only, the baseline.
Writes one JSON object to ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from netcode.codec import decode  # noqa: E402
from netcode.rtc import offer_only  # noqa: E402
from netcode.seat import RemoteAuthority  # noqa: E402

POSE_HZ = 30.0


def cpu_s() -> float:
    """CPU seconds of this process so far (user + system)."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


class Recording(RemoteAuthority):
    """A seat that notes when every pose of the others arrives."""

    received: list[tuple[str, int, float]]

    def _on_pose(self, user: str, data: bytes) -> None:
        now = time.monotonic()
        super()._on_pose(user, data)
        with contextlib.suppress(Exception):  # what the seat refused is not counted
            self.received.append((user, int(decode(data)["n"]), now))


async def wait_until(t: float) -> None:
    """Sleep until CLOCK_MONOTONIC reaches ``t``."""
    await asyncio.sleep(max(0.0, t - time.monotonic()))


def make_seat(args: argparse.Namespace, name: str, room: str = "") -> Recording:
    seat = Recording(args.server, code=args.code, key=f"bench-{name}-key-000000000000",
                     name=name, avatar="lab_blue", room=room)
    seat.received = []
    return seat


async def pose_mode(args: argparse.Namespace) -> dict[str, Any]:
    seat = make_seat(args, args.name, room=args.room)
    try:
        return await _pose(args, seat)
    finally:
        await seat.aclose()


async def _pose(args: argparse.Namespace, seat: Recording) -> dict[str, Any]:
    await seat.connect()
    deadline = time.monotonic() + 20
    while len(seat._peers) < args.peers and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    skip_seen: list[float] = []
    seat.subscribe(lambda room, events: skip_seen.append(time.monotonic())
                   if seat.state["clock"]["now_s"] >= 3600 and not skip_seen else None)
    await wait_until(args.start)
    sent: list[tuple[int, float]] = []
    cpu0, wall0 = cpu_s(), time.monotonic()
    n = 0
    skipped = False
    while time.monotonic() < args.start + args.duration:
        a = n / POSE_HZ
        seat.send_pose(seat.user_id, {"head": [1.0 + a % 1.0, 1.6, 2.0, 0, 0, 0, 1],
                                      "left": [0.8, 1.1, 1.8, 0, 0, 0, 1],
                                      "right": [1.2, 1.1, 1.8, 0, 0, 0, 1]})
        n += 1
        sent.append((seat._pose_n, time.monotonic()))
        if args.skipper and not skipped and time.monotonic() >= args.skip_at:
            skipped = True
            await seat.act(seat.room_id, [{"type": "skip_time", "seconds": 3600,
                                           "base_version": seat.state["version"]}])
        await wait_until(args.start + n / POSE_HZ)
    cpu1, wall1 = cpu_s(), time.monotonic()
    await asyncio.sleep(0.5)  # the last poses in flight
    result = {"user": seat.user_id, "sent": sent, "received": seat.received,
              "cpu_s": cpu1 - cpu0, "wall_s": wall1 - wall0, "peers": len(seat._peers),
              "skip_seen": skip_seen[0] if skip_seen else None}
    return result


async def voice_mode(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from netcode.voice.capture import ToneSource
    from netcode.voice.seat_voice import SeatVoice

    source = ToneSource(440.0, burst_ms=200, period_ms=600) if args.talk else None
    voice = None if args.no_voice else SeatVoice(source)
    if voice is not None and args.talk:
        voice.control(talk=True)
    ears: dict[str, list[float]] = {}
    quiet: dict[str, bool] = {}

    def hear(speaker: str, pcm: Any, concealed: bool) -> None:
        loud = float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) > 1000.0
        if loud and quiet.get(speaker, True):
            ears.setdefault(speaker, []).append(time.monotonic())
        quiet[speaker] = not loud

    if voice is not None:
        voice.on_frame = hear
    seat = make_seat(args, args.name, room=args.room)
    seat.voice = voice
    try:
        result = await _pose(args, seat)
        if voice is not None:
            mouth = [t - 0.02 for t in source.onsets] if source is not None else []
            result.update(voice=voice.stats, ears=ears, mouth=mouth)
        return result
    finally:
        await seat.aclose()


async def late_mode(args: argparse.Namespace) -> dict[str, Any]:
    seat = make_seat(args, args.name)
    t0 = time.monotonic()
    await seat.connect()
    took = time.monotonic() - t0
    result = {"late_join_s": took, "version": seat.state["version"], "seq": seat.seq}
    await seat.aclose()
    return result


async def data_mode(args: argparse.Namespace) -> dict[str, Any]:
    seats = [make_seat(args, f"{args.name}-{i}", room=f"room-{(args.offset + i) % args.rooms + 1}")
             for i in range(args.seats)]
    for seat in seats:
        await seat.connect()
    await wait_until(args.start)
    acts = 0

    async def act_every_second(seat: Recording, i: int) -> None:
        nonlocal acts
        item, tick = f"jar-{('NMC622', 'LFP', 'LTO', 'PVDF', 'NMP', 'carbon_black')[i % 6]}", 0
        while time.monotonic() < args.start + args.duration:
            kind = ({"type": "take", "item": item, "hand": "right"} if tick % 2 == 0
                    else {"type": "put", "item": item, "place": "bench"})
            got = await seat.act(seat.room_id, [{**kind, "base_version": seat.state["version"]}])
            acts += got.done
            tick += 1
            await asyncio.sleep(1.0)

    await asyncio.gather(*(act_every_second(s, i) for i, s in enumerate(seats)))
    for seat in seats:
        await seat.aclose()
    return {"seats": len(seats), "acts": acts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("pose", "late", "data", "voice"))
    ap.add_argument("--server", required=True)
    ap.add_argument("--code", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--start", type=float, default=0.0)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--peers", type=int, default=5)
    ap.add_argument("--skipper", action="store_true")
    ap.add_argument("--skip-at", type=float, default=0.0)
    ap.add_argument("--seats", type=int, default=12)
    ap.add_argument("--rooms", type=int, default=8)
    ap.add_argument("--room", default="")
    ap.add_argument("--offset", type=int, default=0, help="data: index of the first seat")
    ap.add_argument("--talk", action="store_true", help="voice: this seat talks")
    ap.add_argument("--no-voice", action="store_true", help="voice: poses only (baseline)")
    args = ap.parse_args()
    offer_only(["127.0.0.1"])
    run = {"pose": pose_mode, "late": late_mode, "data": data_mode,
           "voice": voice_mode}[args.mode]
    args.out.write_text(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
