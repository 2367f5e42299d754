"""The YAML loader: plain data as ``yaml.safe_load`` gives it, lines, and its bounds."""

from __future__ import annotations

import pytest
import yaml
from conftest import CELLS
from hypothesis import given, settings
from hypothesis import strategies as st

from battery_model import SpecError
from battery_model.textfile import MAX_FILE_BYTES, read_text
from battery_model.yamlio import MAX_DEPTH, MAX_NODES, line_of, load_yaml_file, load_yaml_text

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**18) + 1, 10**18 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text("abcxyz_", min_size=1, max_size=6), inner, max_size=4)),
    max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(_DATA)
def test_plain_data_loads_as_safe_load_gives_it(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    loaded, lines = load_yaml_text(text)
    assert loaded == yaml.safe_load(text) == data
    assert lines[()] >= 1


def test_lines_of_fields_and_their_parents():
    text = "a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n"
    _, lines = load_yaml_text(text)
    assert line_of(lines, "a.b") == 2
    assert line_of(lines, "a.c.1.d") == 5
    assert line_of(lines, "a.c.1.missing") == 5
    assert line_of(lines, "nothing") == 1


def test_our_anchors_keep_working_and_are_copies():
    data, lines = load_yaml_file(CELLS / "graphite_symmetric.yaml")
    assert data["negative"] == data["positive"]
    assert data["negative"] is not data["positive"]  # editing one side leaves the other
    assert line_of(lines, "negative.coating.comma_gap_um") == line_of(
        lines, "positive.coating.comma_gap_um")


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_depth_bound_is_exact():
    load_yaml_text(_nested(MAX_DEPTH))
    with pytest.raises(SpecError, match="deeper"):
        load_yaml_text(_nested(MAX_DEPTH + 1))


def test_value_budget_counts_aliases_expanded():
    per = 100
    anchor = "a: &a [" + ", ".join(["1"] * per) + "]\n"  # 1 key + 1 list + 100 items
    uses = (MAX_NODES - 2 * per) // (per + 1)
    body = anchor + "b: [" + ", ".join(["*a"] * uses) + "]\n"
    load_yaml_text(body)  # within the budget
    with pytest.raises(SpecError, match="alias bomb") as info:
        load_yaml_text(anchor + "b: [" + ", ".join(["*a"] * (uses + 10)) + "]\n")
    assert info.value.line == 2 and info.value.field == "b"


@pytest.mark.parametrize(("text", "ok"), [
    ("x: " + "9" * 18, True), ("x: -" + "9" * 18, True), ("x: " + "1" + "0" * 18, False),
    ("x: 0x" + "f" * 14, True), ("x: 0x" + "f" * 16, False), ("x: 1_000", True),
])
def test_integers_of_at_most_18_digits(text, ok):
    if ok:
        load_yaml_text(text)
    else:
        with pytest.raises(SpecError, match="18 digits"):
            load_yaml_text(text)


def test_duplicate_keys_name_both_lines():
    with pytest.raises(SpecError) as info:
        load_yaml_text("a:\n  b: 1\n  c: 2\n  b: 3\n", "f.yaml")
    assert str(info.value) == "f.yaml:4: a.b: is given twice (lines 2 and 4): delete one"


def test_dates_stay_text_and_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfwhen: 2024-05-01\n")
    assert load_yaml_file(path)[0] == {"when": "2024-05-01"}


def test_file_of_exactly_the_cap_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert len(read_text(path)) == MAX_FILE_BYTES
    path.write_bytes(b"#" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(SpecError, match="larger than"):
        read_text(path)


def test_error_text_escapes_what_a_terminal_would_act_on():
    with pytest.raises(SpecError) as info:
        load_yaml_text('"a\\x1b[2Jb\\u202e": 1\n"a\\x1b[2Jb\\u202e": 2\n')
    shown = str(info.value)
    assert "\x1b" not in shown and "\u202e" not in shown and "\\x1b" in shown
