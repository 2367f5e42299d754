"""The runtime's side of voice: who hears a frame, room-wide for the instructor, and audio
that never blocks or cuts a seat that falls behind."""

from __future__ import annotations

from typing import Any

import numpy as np

from scripts_py.runtime import voice_frame
from scripts_py.runtime.connection import AUDIO_BACKLOG
from scripts_py.runtime.flow import Outbox
from scripts_py.runtime.server import Runtime


class FakeVoice:
    def __init__(self) -> None:
        self.on_frame: Any = None
        self.on_status: Any = None
        self.controls: list[dict[str, Any]] = []

    def control(self, **kw: Any) -> None:
        self.controls.append(kw)

    def status(self) -> dict[str, Any]:
        return {"t": "voice_status", "available": True}


class FakeHost:
    """Just what the runtime's voice path reads: the room's users and their roles."""

    def __init__(self) -> None:
        self.voice = FakeVoice()
        self.users = {"u-ana": {"role": "student"}, "u-prof": {"role": "instructor"},
                      "u-me": {"role": "student"}, "u-kim": {"role": "observer"}}

    def subscribe(self, listener: Any) -> None:
        pass

    def room_state(self, room: str) -> dict[str, Any]:
        return {"users": self.users}


class FakeConn:
    def __init__(self, user: str, room: str = "room-1") -> None:
        self.user_id, self.room = user, room
        self.outbox = Outbox()
        self.dropped = ""
        self.audio_dropped = 0
        self.frames: list[bytes] = []

    def send_audio(self, frame: bytes) -> bool:
        self.frames.append(frame)
        return True


def test_frames_go_to_the_others_and_the_instructor_is_room_wide() -> None:
    host = FakeHost()
    runtime = Runtime(host)  # type: ignore[arg-type]
    me, lobby = FakeConn("u-me"), FakeConn("u-lobby", room="")
    runtime.connections = {me, lobby}  # type: ignore[assignment]
    pcm = (np.arange(480) % 100).astype(np.int16)
    host.voice.on_frame("u-ana", pcm, False)
    host.voice.on_frame("u-prof", pcm, True)
    host.voice.on_frame("u-ana", pcm, False)
    host.voice.on_frame("u-me", pcm, False)  # (never happens) not played back to its speaker
    host.voice.on_frame("u-kim", pcm, False)  # the instructor observing: heard everywhere
    assert lobby.frames == []
    got = [voice_frame.unpack(f) for f in me.frames]
    assert [(f.speaker, f.sequence, f.room_wide, f.concealed) for f in got] == [
        ("u-ana", 0, False, False), ("u-prof", 0, True, True), ("u-ana", 1, False, False),
        ("u-kim", 0, True, False)]
    assert got[0].pcm == pcm.tobytes()


def test_audio_is_dropped_not_queued_when_a_seat_is_behind() -> None:
    from scripts_py.runtime.connection import Connection

    conn = Connection(ws=None, number=1)  # type: ignore[arg-type]
    frame = voice_frame.pack(voice_frame.VoiceFrame("u1", 0, 24000, b"\x00\x00" * 480))
    sent = [conn.send_audio(frame) for _ in range(AUDIO_BACKLOG + 25)]
    assert sent.count(True) == AUDIO_BACKLOG and conn.audio_dropped == 25
    conn.send({"t": "event", "events": []})  # the state path still gets through
    assert not conn.dropped and len(conn.outbox) == AUDIO_BACKLOG + 1
