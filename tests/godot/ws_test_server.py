#!/usr/bin/env python3
"""Test-only WebSocket server (stdlib asyncio) that plays the Python runtime for the bridge test.

It greets each connection (welcome + the fixture state), records every message it receives as
JSON lines, answers intents with ack + an echo event (and a patch of the clock for skip_time),
answers pings, and on the first connection closes the link after it answered a ping and stays
away for a few seconds (refusing handshakes), so the client must show its "runtime gone" message
and then reconnect. On the first connection it also plays a remote speaker: after welcome and
state, a voice_status and then VOICE_FRAMES binary voice frames (a 440 Hz tone from u2, packed
by the runtime's own ``voice_frame.pack``), one every 20 ms in real time.

    ws_test_server.py --port-file PATH --record PATH [--state FIXTURE.json]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import math
import struct
import sys
from pathlib import Path

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts_py.runtime.voice_frame import VoiceFrame, pack  # noqa: E402

OUTAGE_S = 3.0
# The remote speaker of the first connection (tests/godot/suites/live_bridge.gd expects these).
VOICE_SPEAKER = "u2"
VOICE_FRAMES = 75  # 1.5 s
VOICE_RATE_HZ = 24000
VOICE_SAMPLES = 480  # 20 ms
VOICE_STATUS = {"t": "voice_status", "available": True, "device": "test tone", "mode": "ptt",
                "muted": False, "talking": False, "live": False, "capturing": False,
                "level": 0.0, "problem": ""}


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One client frame (opcode, unmasked payload); continuation frames are joined."""
    payload = b""
    while True:
        b0, b1 = await reader.readexactly(2)
        opcode, fin = b0 & 0x0F, b0 & 0x80
        length = b1 & 0x7F
        if length == 126:
            (length,) = struct.unpack(">H", await reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack(">Q", await reader.readexactly(8))
        mask = await reader.readexactly(4) if b1 & 0x80 else b"\0\0\0\0"
        data = bytearray(await reader.readexactly(length))
        for i in range(length):
            data[i] ^= mask[i % 4]
        payload += bytes(data)
        if opcode != 0:
            first = opcode
        if fin:
            return first, payload


def frame(opcode: int, payload: bytes) -> bytes:
    head = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + payload


def tone_frames() -> list[bytes]:
    """VOICE_FRAMES frames of a 440 Hz tone at a third of full scale, phase continuous."""
    out = []
    for k in range(VOICE_FRAMES):
        first = k * VOICE_SAMPLES
        values = [round(10000 * math.sin(2 * math.pi * 440 * n / VOICE_RATE_HZ))
                  for n in range(first, first + VOICE_SAMPLES)]
        pcm = struct.pack(f"<{VOICE_SAMPLES}h", *values)
        out.append(pack(VoiceFrame(VOICE_SPEAKER, k, VOICE_RATE_HZ, pcm)))
    return out


async def stream_voice(writer: asyncio.StreamWriter) -> None:
    """Sends the tone frames paced in real time (frame k at start + k × 20 ms)."""
    loop = asyncio.get_running_loop()
    frames = tone_frames()
    start = loop.time()
    for k, data in enumerate(frames):
        await asyncio.sleep(max(0.0, start + k * VOICE_SAMPLES / VOICE_RATE_HZ - loop.time()))
        if writer.is_closing():
            return
        writer.write(frame(2, data))
    print(f"sent {len(frames)} voice frames in {loop.time() - start:.3f} s", flush=True)


class Runtime:
    def __init__(self, record: Path, state: dict) -> None:
        self.record = record
        self.state = state
        self.connections = 0
        self.down_until = 0.0

    def log(self, conn: int, msg: dict) -> None:
        with self.record.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"conn": conn, "msg": msg}) + "\n")

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if asyncio.get_running_loop().time() < self.down_until:
            writer.close()
            return
        self.connections += 1
        conn = self.connections
        request = await reader.readuntil(b"\r\n\r\n")
        key = ""
        for line in request.decode("latin-1").split("\r\n"):
            if line.lower().startswith("sec-websocket-key:"):
                key = line.split(":", 1)[1].strip()
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept
                      + "\r\n\r\n").encode())

        def send(msg: dict) -> None:
            writer.write(frame(1, json.dumps(msg).encode()))

        version = int(self.state["version"])
        voice_task: asyncio.Task[None] | None = None
        try:
            while True:
                opcode, payload = await read_frame(reader)
                if opcode == 8:
                    writer.write(frame(8, payload[:2]))
                    break
                if opcode == 9:
                    writer.write(frame(10, payload))
                    continue
                if opcode != 1:
                    continue
                msg = json.loads(payload)
                self.log(conn, msg)
                kind = msg.get("t")
                if kind == "hello":
                    send({"t": "welcome", "protocol": 1, "user_id": f"u{conn}", "room": "test"})
                    send({**self.state, "t": "state", "version": version})
                    if conn == 1 and voice_task is None:
                        send(VOICE_STATUS)
                        voice_task = asyncio.create_task(stream_voice(writer))
                elif kind == "intent":
                    args = msg.get("args", {})
                    if msg.get("type") == "grab" and args.get("item") == "nope":
                        send({"t": "rejected", "id": msg["id"], "type": "grab",
                              "reason": "no such item"})
                        continue
                    version += 1
                    send({"t": "ack", "id": msg["id"], "version": version})
                    send({"t": "event", "version": version,
                          "events": [{"type": "echo", "intent": msg}]})
                    if msg.get("type") == "skip_time":
                        now = float(self.state.get("sim_time_s", 0.0)) + float(args["seconds"])
                        send({"t": "patch", "base": version - 1, "version": version,
                              "ops": [{"op": "set", "path": ["sim_time_s"], "value": now}]})
                elif kind == "ping":
                    send({**msg, "t": "pong"})
                    if conn == 1:
                        await writer.drain()
                        writer.write(frame(8, struct.pack(">H", 1001) + b"test restart"))
                        await writer.drain()
                        self.down_until = asyncio.get_running_loop().time() + OUTAGE_S
                        break
                elif kind == "list_rooms":
                    send({"t": "rooms", "rooms": [{"id": "solo", "name": "Solo", "users": 0,
                                                   "max_users": 6}]})
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            if voice_task is not None:
                voice_task.cancel()
            writer.close()


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--state", default=str(HERE / "fixtures" / "state_full.json"))
    parser.add_argument("--seconds", type=float, default=60.0, help="serve this long at most")
    args = parser.parse_args()
    record = Path(args.record)
    record.write_text("")
    runtime = Runtime(record, json.loads(Path(args.state).read_text(encoding="utf-8")))
    server = await asyncio.start_server(runtime.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    Path(args.port_file).write_text(str(port))
    print(f"test runtime on ws://127.0.0.1:{port}", flush=True)
    async with server:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.serve_forever(), timeout=args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
