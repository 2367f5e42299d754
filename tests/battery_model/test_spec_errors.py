"""Bad input gives one clear error that names the field; never NaN or inf."""

import pytest

from battery_model import SpecError, evaluate_cell


def _set(spec: dict, path: tuple, value: object) -> None:
    node = spec
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _error(spec: dict) -> SpecError:
    with pytest.raises(SpecError) as info:
        evaluate_cell(spec, gcpl=False)
    return info.value


@pytest.mark.parametrize(("path", "value", "field"), [
    (("positive", "dry_mass_g"), 0, "positive.dry_mass_g"),
    (("positive", "dry_mass_g"), -5, "positive.dry_mass_g"),
    (("negative", "solvent_mass_g"), -1, "negative.solvent_mass_g"),
    (("positive", "dry_mass_g"), float("nan"), "positive.dry_mass_g"),
    (("positive", "dry_mass_g"), "ten", "positive.dry_mass_g"),
    (("positive", "coating", "width_mm"), 0, "positive.coating.width_mm"),
    (("positive", "coating", "sides"), 3, "positive.coating.sides"),
    (("negative", "coating", "comma_gap_um"), 8, "negative.coating.comma_gap_um"),
    (("positive", "calendering", "roll_gap_um"), 15, "positive.calendering.roll_gap_um"),
    (("separator", "porosity"), 1.2, "separator.porosity"),
])
def test_bad_numbers_name_the_field(full_spec, path, value, field):
    _set(full_spec, path, value)
    assert _error(full_spec).field == field


def test_fractions_must_add_to_100(full_spec):
    full_spec["positive"]["fractions_wt_pct"] = {"active": 90, "additive": 3, "binder": 3}
    err = _error(full_spec)
    assert err.field == "positive.fractions_wt_pct"
    assert "100" in err.message


def test_unknown_material_suggests_the_closest(full_spec):
    full_spec["positive"]["active_material"] = "NMC62"
    err = _error(full_spec)
    assert err.field == "positive.active_material"
    assert "did you mean" in err.message and "NMC622" in err.message


def test_names_match_case_insensitively(full_spec):
    full_spec["positive"]["active_material"] = "nmc622"
    full_spec["negative"]["binder"] = "cmc"
    full_spec["electrolyte"] = "lp30"
    assert evaluate_cell(full_spec, gcpl=False).energy_density_wh_kg > 0


def test_unknown_component_and_format(full_spec):
    full_spec["negative"]["solvent"] = "watr"
    assert _error(full_spec).field == "negative.solvent"
    full_spec["negative"]["solvent"] = "water"
    full_spec["format"] = "18651"
    assert _error(full_spec).field == "format"


def test_missing_coating_and_electrode(full_spec):
    del full_spec["negative"]["coating"]
    assert _error(full_spec).field == "negative.coating"
    del full_spec["negative"]
    assert _error(full_spec).field == "negative"


def test_lithium_metal_only_as_negative(half_spec):
    half_spec["positive"], half_spec["negative"] = half_spec["negative"], half_spec["positive"]
    assert _error(half_spec).field == "positive.lithium_metal"


def test_not_a_mapping():
    assert _error(["not", "a", "spec"]).field == "(spec)"


def test_file_errors_name_file_line_and_field(tmp_path, full_spec):
    import yaml

    from battery_model.report import evaluate_file

    full_spec["positive"]["coating"]["comma_gap_um"] = 10
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(full_spec, sort_keys=False))
    with pytest.raises(SpecError) as info:
        evaluate_file(path)
    text = str(info.value)
    lines = path.read_text().splitlines()
    assert text.startswith(f"{path}:")
    line = int(text.split(":")[1])
    assert "comma_gap_um" in lines[line - 1]
    assert "positive.coating.comma_gap_um" in text


def test_invalid_yaml_names_the_line(tmp_path):
    from battery_model.report import evaluate_file

    path = tmp_path / "broken.yaml"
    path.write_text("format: '18650'\npositive: {active_material: NMC622\n")
    with pytest.raises(SpecError) as info:
        evaluate_file(path)
    assert info.value.file == str(path) and info.value.line is not None


@pytest.mark.parametrize("temp", [float("nan"), float("inf"), "hot", None])
def test_oven_temperatures_must_be_numbers(full_spec, temp):
    full_spec["positive"]["coating"]["oven_temps_c"] = [110, temp]
    assert _error(full_spec).field == "positive.coating.oven_temps_c.1"


@pytest.mark.parametrize(("path", "value", "field"), [
    (("positive", "fractions_wt_pct"), {"active": 5e-324, "additive": 50, "binder": 50},
     "positive.fractions_wt_pct.active"),
    (("positive", "fractions_wt_pct"), {"active": 0.5, "additive": 49.5, "binder": 50},
     "positive.fractions_wt_pct.active"),
    (("positive", "dry_mass_g"), 1e300, "positive.dry_mass_g"),
    (("negative", "coating", "width_mm"), 1e-300, "negative.coating.width_mm"),
])
def test_values_outside_the_models_range_are_named(full_spec, path, value, field):
    _set(full_spec, path, value)
    assert _error(full_spec).field == field


@pytest.mark.parametrize(("path", "value", "field"), [
    (("positive", "dry_mass_g"), 10**400, "positive.dry_mass_g"),
    (("positive", "dry_mass_g"), -(10**400), "positive.dry_mass_g"),
    (("positive", "coating", "oven_temps_c"), [110, 10**400], "positive.coating.oven_temps_c.1"),
    (("positive", "coating", "oven_temps_c"), [-300, 130], "positive.coating.oven_temps_c.0"),
    (("negative", "calendering", "roll_temp_c"), -274, "negative.calendering.roll_temp_c"),
    (("negative", "calendering", "roll_temp_c"), 10**30, "negative.calendering.roll_temp_c"),
])
def test_huge_or_impossible_numbers_are_errors_not_crashes(full_spec, path, value, field):
    _set(full_spec, path, value)
    err = _error(full_spec)
    assert err.field == field
    assert len(str(err)) < 300  # a huge value is described, not printed in full


@pytest.mark.parametrize(("path", "key", "field", "suggestion"), [
    ((), "seperator", "seperator", "separator"),
    (("positive",), "dry_mas_g", "positive.dry_mas_g", "dry_mass_g"),
    (("negative", "coating"), "comma_gpa_um", "negative.coating.comma_gpa_um", "comma_gap_um"),
    (("positive", "fractions_wt_pct"), "binderr", "positive.fractions_wt_pct.binderr", "binder"),
    (("separator",), "porosty", "separator.porosty", "porosity"),
])
def test_unknown_keys_suggest_the_closest(full_spec, path, key, field, suggestion):
    node = full_spec
    for part in path:
        node = node[part]
    node[key] = 1
    err = _error(full_spec)
    assert err.field == field
    assert f"did you mean '{suggestion}'?" in err.message


def test_lithium_metal_electrode_takes_no_other_fields(half_spec):
    half_spec["negative"]["active_material"] = "graphite"
    assert _error(half_spec).field == "negative.active_material"
    del half_spec["negative"]["active_material"]
    half_spec["negative"]["lithium_metal"]["thickness"] = 50
    err = _error(half_spec)
    assert err.field == "negative.lithium_metal.thickness" and "thickness_um" in err.message


def test_a_recipe_file_is_a_cell_spec_too(full_spec):
    full_spec.update(title="x", description="y", steps=[])
    assert evaluate_cell(full_spec, gcpl=False).energy_density_wh_kg > 0
    full_spec["titel"] = "typo"
    assert "did you mean 'title'?" in _error(full_spec).message


def test_the_fast_number_check_matches_the_bounds():
    """spec._num's fast path writes the model's range as literals: they must be its bounds."""
    from battery_model import spec as spec_mod

    assert (spec_mod._TINY, spec_mod._HUGE) == (1e-6, 1e7)
    for value in (1e-6, 1.0000001e-6, 9_999_999, 10_000_000, 9.9999e6, 1e7):
        fast_ok = True
        try:
            spec_mod._num({"x": value}, "x", "f")
        except SpecError:
            fast_ok = False
        assert fast_ok == (spec_mod._TINY < value < spec_mod._HUGE), value
