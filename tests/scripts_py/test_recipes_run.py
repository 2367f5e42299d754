"""Shipped recipes end to end, ``bmm run-recipe`` and ``bmm content check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from line_helpers import RECIPE_NAMES, ROOT, recipe

from battery_model import evaluate_cell
from bmm.cli import main
from scripts_py import check_invariants, initial_state
from scripts_py.recipes.content import check_file, load_room_content, main_content_check
from scripts_py.recipes.driver import run_recipe
from scripts_py.recipes.load import load_recipe, read_recipe
from scripts_py.room import kinds


@pytest.mark.parametrize("name", RECIPE_NAMES)
def test_recipe_runs_end_to_end(name):
    r = recipe(name)
    out = run_recipe(r)
    assert check_invariants(out.state) == []
    assert set(out.state["items"]) == set(initial_state()["items"])
    # the deposit station kept the result and gave the pots back
    (record,) = out.state["deposits"]
    assert record["result"]["energy_density_wh_kg"] == out.found["result"][
        "energy_density_wh_kg"]
    assert all(i["kind"] in kinds.ORIGINS for i in out.state["items"].values())
    # realistic time: formation + test alone are 15 h
    assert 15 * 3600 < out.sim_time_s < 30 * 3600
    assert all(i["sender"] in ("host", "student") for i in out.intents)


@pytest.mark.parametrize("name", RECIPE_NAMES)
def test_run_recipe_json_equals_evaluate_cell(name, capsys):
    path = ROOT / "recipes" / f"{name}.yaml"
    assert main(["run-recipe", str(path), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    sim_time_s = got.pop("sim_time_s")
    assert sim_time_s > 0
    assert got == evaluate_cell(load_recipe(path).spec).to_dict()


def test_run_recipe_json_has_the_keys_of_battery_model_evaluate(capsys):
    path = ROOT / "recipes" / "lfp_li_half.yaml"
    evaluated = subprocess.run([sys.executable, "-m", "battery_model", "evaluate", "--json",
                                str(path)], capture_output=True, text=True, check=True,
                               cwd=ROOT)
    assert main(["run-recipe", str(path), "--json"]) == 0
    ran = json.loads(capsys.readouterr().out)
    assert set(ran) == set(json.loads(evaluated.stdout)) | {"sim_time_s"}


def test_run_recipe_table_and_help(capsys):
    assert main(["run-recipe", str(ROOT / "recipes" / "nmc622_graphite_full.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Wh/kg" in out and "sim time" in out and "feedback" in out
    with pytest.raises(SystemExit) as done:
        main(["run-recipe", "--help"])
    assert done.value.code == 0
    assert "--json" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["content", "check", "--help"])
    assert "file:line: field: message" in capsys.readouterr().out


def test_shipped_content_is_valid(capsys):
    assert main(["content", "check", str(ROOT / "recipes")]) == 0
    assert "all fine" in capsys.readouterr().out
    assert main_content_check([str(ROOT / "recipes" / "cells")]) == 0
    content = load_room_content(ROOT / "recipes")
    state = initial_state(**content)
    assert len(state["notebooks"]) == 5 and state["notebooks"][0]["text"]
    assert "goodenough" in state["easter_eggs"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _recipe_text(**replace: str) -> str:
    text = (ROOT / "recipes" / "lfp_li_half.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("old", "new", "field", "needle"), [
    ("machine: mixer\n", "machine: mixr\n", "steps.3.machine", "machine: mixr"),
    ("parameters: {speed_rpm: 1000, time_min: 10}", "parameters: {speed_rpm: 1000, time_mins: 10}",
     "steps.1.parameters.time_mins", "time_mins"),
    ("{solvent: NMP, solvent_mass_g: 10.5}", "{solvent: NMP, solvent_mass_g: 9000}",
     "steps.2.parameters.solvent_mass_g", "solvent_mass_g: 9000"),
    ("{solvent: NMP, solvent_mass_g: 10.5}", "{solvent: NMPP, solvent_mass_g: 10.5}",
     "steps.2.parameters.solvent", "solvent: NMPP"),
    ("target: {solvent_mass_g: [10, 22.5]}", "target: {solvent_mass_g: [22.5, 10]}",
     "steps.2.target.solvent_mass_g", "[22.5, 10]"),
    ("  dry_mass_g: 15\n", "  dry_mass_g: -15\n", "positive.dry_mass_g", "dry_mass_g: -15"),
    ("title: LFP vs Li half cell\n", "", "title", "description:"),
    ("  - machine: welder\n    hint: Weld the tabs.\n",
     "  - machine: welder\n    electrode: positive  # wrong\n    hint: Weld the tabs.\n",
     "steps.9.electrode", "# wrong"),
    # the steps do not build the spec written at the top
    ("foil_thickness_um: 15, comma_gap_um: 180,", "foil_thickness_um: 15, comma_gap_um: 190,",
     "positive.coating.comma_gap_um", "coating: {comma_gap_um: 180"),
    ("  lithium_metal: {thickness_um: 100}", "  lithium_metal: {thickness_um: 50}",
     "negative.lithium_metal.thickness_um", "lithium_metal: {thickness_um: 50}"),
    # texts students see, numbers that must be finite, keys that must exist
    ("title: LFP vs Li half cell\n", 'title: "LFP\\x07"\n', "title", 'title: "LFP'),
    ("    hint: Premix the dry powders.\n", "    hint: " + "x" * 2001 + "\n", "steps.1.hint",
     "x" * 2001),
    ("target: {speed_rpm: [500, 3000]", "target: {speed_rpm: [500, .inf]",
     "steps.1.target.speed_rpm.1", ".inf"),
    ("electrolyte: LP30\n", "electrolyte: LP30\nelectrolite: LP30\n", "electrolite",
     "electrolite"),
    ("  - machine: welder\n", "  - machine: welder\n    hints: x\n", "steps.9.hints", "hints"),
    # a step that cannot be carried out: no potentiostat slot takes an unsealed cell
    ("  - machine: filler_sealer\n    parameters: {electrolyte: LP30}\n"
     "    hint: Degas, fill with LP30 and seal.\n", "", "steps.10", "machine: potentiostat"),
])
def test_recipe_errors_name_file_line_and_field(tmp_path, capsys, old, new, field, needle):
    text = _recipe_text(**{old: new})
    path = _write(tmp_path, "broken.yaml", text)
    errors = check_file(path)
    assert errors, "expected an error"
    e = errors[0]
    assert (e.file, e.field) == (str(path), field), str(e)
    assert e.line == _line_of(text, needle), str(e)
    assert main(["content", "check", str(path)]) == 1
    assert f"{path}:{e.line}: {field}: " in capsys.readouterr().out


def test_run_recipe_reports_errors_with_location(tmp_path, capsys):
    path = _write(tmp_path, "bad.yaml", _recipe_text(**{"machine: mixer\n": "machine: mixr\n"}))
    assert main(["run-recipe", str(path)]) == 2
    assert f"{path}:" in capsys.readouterr().err
    path = _write(tmp_path, "broken.yaml", "title: [unclosed\n")
    assert main(["run-recipe", str(path)]) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_read_recipe_collects_several_errors(tmp_path):
    path = _write(tmp_path, "two.yaml", _recipe_text(**{
        "machine: mixer\n": "machine: mixr\n", "parameters: {speed_rpm: 1000":
        "parameters: {speed_rpm: -3"}))
    recipe_, errors = read_recipe(path)
    assert recipe_ is None
    assert [e.field for e in errors] == ["steps.1.parameters.speed_rpm", "steps.3.machine"]


def test_notebooks_eggs_and_cell_specs_are_checked(tmp_path):
    folder = tmp_path / "recipes"
    (folder / "cells").mkdir(parents=True)
    _write(folder, "notebooks.yaml", "notebooks:\n  - title: One\n    text: ''\n" +
           "".join(f"  - title: N{i}\n    text: t\n" for i in range(5)))
    _write(folder, "easter_eggs.yaml", "eggs:\n  - id: a\n    title: A\n    where: here\n"
           "    message: hi\n  - id: a\n    title: B\n    where: there\n    message: ho\n"
           "    colour: red\n")
    _write(folder / "cells", "bad.yaml", "format: '18650'\npositive: {active_material: NMCX}\n"
           "negative: {lithium_metal: {thickness_um: 100}}\n")
    errors = [e for f in sorted(folder.rglob("*.yaml")) for e in check_file(f)]
    got = {(Path(e.file).name, e.line, e.field) for e in errors}
    assert ("bad.yaml", 2, "positive.active_material") in got
    assert ("notebooks.yaml", 1, "notebooks") in got
    assert ("easter_eggs.yaml", 10, "eggs.1.colour") in got
    assert ("easter_eggs.yaml", 6, "eggs.1.id") in got


@pytest.mark.parametrize("body", [
    "", "- a\n- b\n", "title: x\nsteps: {a: 1}\n", "title: x\nsteps: [3, 'powder']\n",
    "title: x\nsteps:\n  - {machine: premixer, electrode: positive}\n",
    "title: x\nsteps:\n  - {machine: coater, parameters: [1, 2]}\n",
    "title: x\nsteps:\n  - {machine: coater, electrode: positive, target: [1]}\n",
    "title: 5\nsteps:\n  - {machine: winder, parameters: {7: 1, format: 'AA'}}\n",
    "title: x\npositive: 3\nsteps:\n  - {machine: welder}\n",
])
def test_malformed_recipes_are_errors_not_crashes(tmp_path, body):
    path = _write(tmp_path, "odd.yaml", body)
    errors = check_file(path)
    assert errors and all(e.file == str(path) for e in errors)


def test_a_route_out_of_order_is_reported_at_its_step(tmp_path):
    text = _recipe_text()
    start = text.index("  - machine: powder_dispenser")
    end = text.index("  - machine: premixer")
    path = _write(tmp_path, "order.yaml", text[:start] + text[end:])  # no dispensing
    (error,) = check_file(path)
    assert error.field == "steps.0" and "powder dispenser" in error.message
