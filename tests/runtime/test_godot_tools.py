"""The Godot tool scripts as slow pytest tests: headless suites, screenshots, Linux export."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from runtime_helpers import REPO

pytestmark = pytest.mark.slow
SCRIPT_TIMEOUT_S = 1800  # the scripts wrap every engine run in their own `timeout`


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8", "PYTHON": shutil.which("python3") or "python3"}
    return subprocess.run(["timeout", str(SCRIPT_TIMEOUT_S), *argv], cwd=REPO, env=env,
                          capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("godot3-server") is None, reason="godot3-server missing")
def test_godot_headless_suites() -> None:
    run = _run("tests/godot/run.sh")
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    match = re.fullmatch(r"(\d+) passed, (\d+) failed", last)
    assert match, run.stdout[-3000:] + run.stderr[-2000:]
    passed, failed = map(int, match.groups())
    assert failed == 0 and run.returncode == 0, run.stdout[-3000:]
    assert passed >= 90  # check-only of every .gd, every suite, the live bridge


@pytest.mark.skipif(shutil.which("godot3") is None or shutil.which("Xvfb") is None,
                    reason="needs godot3 and Xvfb")
def test_screenshots_are_real_images() -> None:
    run = _run("tests/godot/screenshot.sh")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    for name in ("dry_room_desktop", "potentiostat_desktop", "machine_screen_desktop",
                 "home_screen", "dry_room_vr"):
        png = REPO / "test-artifacts" / f"{name}.png"
        assert png.is_file() and png.stat().st_size > 10_000, name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "FAIL" not in run.stdout


@pytest.mark.skipif(shutil.which("godot3-server") is None or
                    not Path("/usr/bin/godot3-runner").exists(),
                    reason="needs godot3-server and godot3-runner (the export template)")
def test_linux_export_builds_and_its_pack_runs_headless() -> None:
    run = _run("tools/export_linux.sh")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"built build/linux/bmm\.x86_64 \(.+ pack\); smoke ok", run.stdout)
    assert (REPO / "build" / "linux" / "bmm.pck").stat().st_size > 0
    assert os.access(REPO / "build" / "linux" / "bmm.x86_64", os.X_OK)
