"""The command lines: python -m battery_model evaluate and bmm evaluate."""

import json
import subprocess
import sys
from pathlib import Path

from bmm.cli import main as bmm_main

ROOT = Path(__file__).resolve().parents[2]


def test_module_evaluate_json_single_file():
    out = subprocess.run(
        [sys.executable, "-m", "battery_model", "evaluate",
         str(ROOT / "recipes/cells/nmc622_graphite_full.yaml"), "--json"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    data = json.loads(out.stdout)
    assert data["energy_density_wh_kg"] > 0
    assert data["gcpl"]["discharge"]["voltage_v"]


def test_bmm_evaluate_table_of_folder(capsys):
    assert bmm_main(["evaluate", str(ROOT / "recipes/cells")]) == 0
    out = capsys.readouterr().out
    for name in ("nmc622_graphite_full", "lfp_li_half", "graphite_symmetric"):
        assert name in out
    assert "Wh/kg" in out


def test_bmm_evaluate_bad_file_exits_2_with_location(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "recipes/cells/lfp_li_half.yaml").read_text()
                   .replace("dry_mass_g: 15", "dry_mass_g: -15"))
    assert bmm_main(["evaluate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "positive.dry_mass_g" in err


def test_bmm_materials_lists_the_catalog(capsys):
    assert bmm_main(["materials"]) == 0
    out = capsys.readouterr().out
    assert "NMC811" in out and "18650" in out
