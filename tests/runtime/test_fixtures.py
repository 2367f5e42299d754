"""The Godot suites' fixtures are what the runtime sends today (one wire contract)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts_py.runtime.voice_frame import FrameError, unpack

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "godot" / "fixtures" / "make_fixtures.py"


def test_committed_fixtures_equal_what_the_runtime_sends_now(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for fresh in sorted(tmp_path.iterdir()):
        committed = SCRIPT.parent / fresh.name
        assert committed.is_file(), f"{fresh.name} is not committed"
        assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
            f"{fresh.name} differs from what the runtime sends: run python "
            f"{SCRIPT.relative_to(ROOT)}")


def test_check_mode_notices_a_stale_fixture(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True,
                   timeout=120)
    state = json.loads((tmp_path / "state_full.json").read_text(encoding="utf-8"))
    state["items"]["pot-01"]["location"] = {"machine": "potentiostat", "slot": "1"}  # old form
    (tmp_path / "state_full.json").write_text(json.dumps(state), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "state_full.json" in done.stderr


def test_every_field_has_one_form() -> None:
    """Locations are strings, slot contents ids or null, names and labels always present."""
    state = json.loads((SCRIPT.parent / "state_full.json").read_text(encoding="utf-8"))
    for item_id, item in state["items"].items():
        assert isinstance(item["location"], str), item_id
        assert isinstance(item["name"], str) and item["name"], item_id
        assert set(item["label"]) == {"title", "lines"}, item_id
        assert item_id not in item["name"]
    for machine_id, machine in state["machines"].items():
        for slot, content in machine["slots"].items():
            assert content is None or content in state["items"], (machine_id, slot)
    assert state["shelves"] and all("material" in s for s in state["shelves"])


def test_voice_fixture_frames_are_what_the_runtime_packs_and_refuses() -> None:
    """Good frames decode to what the fixture says Godot must read; every malformed frame is
    refused by the runtime's own decoder too (but the level, which only Godot checks)."""
    voice = json.loads((SCRIPT.parent / "voice_frames.json").read_text(encoding="utf-8"))
    state = json.loads((SCRIPT.parent / "state_full.json").read_text(encoding="utf-8"))
    assert voice["speaker"] in state["users"] and voice["room_wide_speaker"] in state["users"]
    for good in voice["good"]:
        frame = unpack(base64.b64decode(good["b64"]))
        assert (frame.speaker, frame.sequence, frame.sample_rate, frame.samples,
                frame.room_wide, frame.concealed) == (
            good["speaker"], good["sequence"], good["sample_rate"], good["samples"],
            good["room_wide"], good["concealed"]), good["name"]
    assert len(voice["bad"]) >= 15
    for bad in voice["bad"]:
        data = base64.b64decode(bad["b64"])
        if bad["runtime_ignores"]:
            unpack(data)
            continue
        with pytest.raises(FrameError):
            unpack(data)
