"""The screen fixture of the Godot checks is made by the real runtime code: it must be current.

``tests/godot/fixtures/screen_states.json`` holds the views of every machine screen (idle,
ready, running, done), the reducer's rejection reasons and the potentiostat wall, projected by
:mod:`scripts_py.runtime.projection` from states the recipe driver made. This test regenerates
it into a temporary folder and compares.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from runtime_helpers import REPO

FIXTURES = REPO / "tests" / "godot" / "fixtures"
MAKER = FIXTURES / "make_screen_states.py"
COMMITTED = FIXTURES / "screen_states.json"
REGENERATE = "run: python tests/godot/fixtures/make_screen_states.py"


def _maker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_screen_states", MAKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screen_fixture_is_current(tmp_path: Path) -> None:
    out = tmp_path / "screen_states.json"
    run = subprocess.run([sys.executable, str(MAKER), str(out)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), REGENERATE


def test_fixture_covers_every_machine_and_state() -> None:
    data = json.loads(COMMITTED.read_text(encoding="utf-8"))
    maker = _maker()
    machines = data["machines"]
    assert set(machines) == {"powder_dispenser", "premixer", "solvent_filler", "mixer_1",
                             "mixer_2", "coater", "calender", "slitter", "winder", "welder",
                             "filler_sealer", "potentiostat", "deposit_station", "recycle_bin"}
    for mid, states in machines.items():
        assert "idle" in states, mid
        for name, shot in states.items():
            assert name in maker.STATES
            expected = {"idle": "idle", "ready": "idle", "running": "running"}.get(name)
            if expected:
                assert shot["entry"]["status"] == expected, (mid, name)
    for mid in ("coater", "mixer_1", "potentiostat", "winder"):  # every state of a real run
        assert [s for s in maker.STATES if s in machines[mid]] == list(maker.STATES), mid
        assert machines[mid]["running"]["entry"]["remaining_s"] > 0
        assert machines[mid]["done"]["entry"]["status"] == "done"
    wall = [s for s in data["potentiostat"]["slots"] if s is not None]
    assert len(wall) >= 4 and all("energy_density_wh_kg" in s for s in wall)
    assert any(len(s["feedback"]) >= 5 for s in wall), "a cell with much feedback"
    assert data["potentiostat_testing"]["slots"][0]["remaining_s"] > 0
    codes = {r["code"] for r in data["rejections"]}
    assert {"slot_empty", "param_out_of_range", "not_accepted"} <= codes
    assert len(data["notebooks"]) == 5 and data["notebooks"][0]["text"]
