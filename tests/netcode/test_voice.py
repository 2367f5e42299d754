"""Voice over the real mesh on 127.0.0.1: one encode per seat, heard by every other seat."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from mesh_helpers import hosting, seat, until
from runtime_helpers import async_test

from netcode.voice.capture import ToneSource
from netcode.voice.seat_voice import SeatVoice
from scripts_py.runtime.voice_frame import PLAYOUT_RATE_HZ

pytestmark = pytest.mark.slow  # real aiortc peer connections


class Ear:
    """What a seat's runtime would send Godot: PCM per speaker, concealed frames counted."""

    def __init__(self, voice: SeatVoice) -> None:
        self.pcm: dict[str, list[np.ndarray]] = {}
        self.concealed = 0
        voice.on_frame = self.hear

    def hear(self, speaker: str, pcm: np.ndarray, concealed: bool) -> None:
        assert pcm.dtype == np.int16 and len(pcm) == PLAYOUT_RATE_HZ // 50
        self.pcm.setdefault(speaker, []).append(pcm)
        self.concealed += concealed

    def frames(self, speaker: str) -> int:
        return len(self.pcm.get(speaker, []))

    def spectrum(self, speaker: str) -> tuple[float, float]:
        """(the loudest frequency [Hz], the fraction of energy within 400–480 Hz)."""
        x = np.concatenate(self.pcm[speaker][5:]).astype(np.float64)
        power = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
        freq = np.fft.rfftfreq(len(x), 1.0 / PLAYOUT_RATE_HZ)
        band = (freq > 400) & (freq < 480)
        return float(freq[power.argmax()]), float(power[band].sum() / power.sum())


def _talking(voice: SeatVoice) -> SeatVoice:
    voice.control(talk=True)
    return voice


@async_test
async def test_a_tone_from_one_seat_is_heard_by_two_others_from_one_encode(tmp_path: Path
                                                                           ) -> None:
    async with hosting(tmp_path) as host:
        tone = ToneSource(440.0)
        voices = {"Ada": _talking(SeatVoice(tone)), "Ben": SeatVoice(None),
                  "Cy": SeatVoice(None)}
        seats = {name: seat(host, name, voice=v) for name, v in voices.items()}
        ears = {name: Ear(voices[name]) for name in ("Ben", "Cy")}
        for s in seats.values():
            await s.connect()
        try:
            ada = seats["Ada"].user_id
            await until(lambda: all(e.frames(ada) >= 60 for e in ears.values()), 20.0,
                        "both hear 1.2 s of Ada")
            for name, ear in ears.items():
                peak, share = ear.spectrum(ada)
                assert abs(peak - 440.0) < 5.0, (name, peak)
                assert share > 0.9, (name, share)
            stats = voices["Ada"].stats
            # one encode per captured 20 ms, whatever the number of listeners
            assert stats["encodes"] == stats["packets_encoded"] <= stats["frames_captured"]
            sent = [t["sent"] for t in stats["tracks"].values()]
            assert len(sent) == 2 and min(sent) > 0.8 * stats["packets_encoded"]
            assert sum(sent) > 1.6 * stats["encodes"]  # two listeners, one encode each frame
            # Ben and Cy do not talk (no microphone): they send nothing, and hear no silence
            assert voices["Ben"].stats["encodes"] == voices["Cy"].stats["encodes"] == 0
            assert ears["Ben"].frames(seats["Cy"].user_id) == 0
        finally:
            for s in seats.values():
                await s.aclose()


@async_test
async def test_push_to_talk_and_mute_gate_what_is_sent(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        talker = SeatVoice(ToneSource(440.0))  # push-to-talk, not held
        ada, ben = seat(host, "Ada", voice=talker), seat(host, "Ben", voice=SeatVoice(None))
        statuses: list[dict[str, Any]] = []
        talker.on_status = statuses.append
        await ada.connect()
        await ben.connect()
        try:
            await until(lambda: talker.stats["tracks"] and talker.frames_captured > 25, 15.0,
                        "the link to Ben and 0.5 s of capture")
            assert talker.encoder.encodes == 0 and not talker.live
            talker.control(talk=True)
            await until(lambda: talker.encoder.encodes > 20, 5.0, "talking")
            assert statuses[-1]["live"] and statuses[-1]["available"]
            talker.control(mute=True)
            await until(lambda: not talker.live, 2.0, "muted")
            muted_at = talker.encoder.encodes
            await until(lambda: talker.frames_captured > muted_at + 40, 5.0, "time passes")
            assert talker.encoder.encodes == muted_at
            assert statuses[-1]["muted"] and statuses[-1]["talking"]
            assert not statuses[-1]["live"]
        finally:
            await ada.aclose()
            await ben.aclose()


@async_test
async def test_with_ten_percent_loss_speech_still_arrives(tmp_path: Path) -> None:
    async with hosting(tmp_path) as host:
        speaker, listener = _talking(SeatVoice(ToneSource(440.0))), SeatVoice(None)
        rng = random.Random(7)
        lost = [0]
        receive = listener._on_rtp

        def lossy(user: str, packet: Any) -> None:  # the network drops 10 % of packets
            if rng.random() < 0.10:
                lost[0] += 1
                return
            receive(user, packet)

        listener._on_rtp = lossy  # type: ignore[method-assign]
        ear = Ear(listener)
        ada, ben = seat(host, "Ada", voice=speaker), seat(host, "Ben", voice=listener)
        await ada.connect()
        await ben.connect()
        try:
            await until(lambda: ear.frames(ada.user_id) >= 150, 20.0, "3 s of Ada")
            peak, share = ear.spectrum(ada.user_id)
            assert abs(peak - 440.0) < 5.0 and share > 0.8, (peak, share)
            stats = listener.stats["peers"][ada.user_id]
            assert lost[0] >= 5 and stats["concealed"] >= 0.5 * lost[0], (lost, stats)
            assert ear.concealed == stats["concealed"]
            assert ada.connected and ben.connected  # nothing crashed
        finally:
            await ada.aclose()
            await ben.aclose()
