"""Hostile YAML from a colleague: every entry point refuses it with one clear line, quickly.

One row per hostile input x the entry points that read it (``bmm evaluate``, ``bmm run-recipe``,
``bmm content check``, ``load_room_content``). Each run happens in a child process (forked from
this one, so a hang or a memory blow-up cannot take the test run with it) with a generous
timeout and a memory cap; a few rows also run the real ``python -m bmm`` in a subprocess. Each
row asserts the exit code, that the message names the file and line (and the field when there
is one), and that no traceback is printed. The timeouts are guards, not speed assertions.

Only names that exist before this change are imported at module level, so the file also runs
against an older checkout (where these tests fail) to show what changed.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battery_model import SpecError, parse_cell_spec

ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT_S = 120.0  # a guard against hangs, far above any sane run
CHILD_MEMORY_BYTES = 1536 << 20  # address space a child may add [bytes]

EVALUATE, RUN_RECIPE, CONTENT, ROOM = "evaluate", "run-recipe", "content", "room"
CLI_ENTRIES = (EVALUATE, RUN_RECIPE, CONTENT)
EXIT_CODES = {EVALUATE: 2, RUN_RECIPE: 2, CONTENT: 1, ROOM: 3}  # ROOM: 3 = SpecError raised


# --- running an entry point in a child process ------------------------------------------------
def _limit_memory() -> None:
    """Cap the address space of this (child) process at its current size + a margin."""
    try:
        import resource
    except ImportError:  # not on Linux: the timeout still guards
        return
    size = 0
    try:
        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        pass
    limit = size + CHILD_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(fn: Callable[[], int], out_fd: int) -> None:
    """In the forked child: run ``fn`` with stdout/stderr to ``out_fd``; never returns."""
    code = 1
    try:
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                          closefd=False)
        _limit_memory()
        code = fn()
    except SystemExit as exc:  # argparse errors, sys.exit
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # what Python would print for an uncaught exception
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run_forked(fn: Callable[[], int]) -> tuple[int, str]:
    """Exit code and combined output of ``fn()`` run in a forked child (killed if it hangs)."""
    with tempfile.TemporaryFile() as out:
        pid = os.fork()
        if pid == 0:
            _child(fn, out.fileno())
        deadline = time.monotonic() + CHILD_TIMEOUT_S
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail(f"still running after {CHILD_TIMEOUT_S:g} s: a hang")
            time.sleep(0.002)
        out.seek(0)
        return os.waitstatus_to_exitcode(status), out.read().decode("utf-8", "replace")


def run_entry(entry: str, path: Path) -> tuple[int, str]:
    """Run one entry point on ``path`` (a file; for ROOM the folder holding it)."""
    if entry == ROOM:
        def room() -> int:
            from scripts_py.recipes.content import load_room_content

            try:
                load_room_content(path.parent)
            except SpecError as exc:
                print(f"SpecError: {exc}")
                return EXIT_CODES[ROOM]
            return 0
        return run_forked(room)
    argv = {EVALUATE: ["evaluate"], RUN_RECIPE: ["run-recipe"], CONTENT: ["content", "check"]}

    def cli() -> int:
        from bmm.cli import main

        return main([*argv[entry], str(path)])
    return run_forked(cli)


# --- the hostile inputs -----------------------------------------------------------------------
def _text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


CELL = "recipes/cells/nmc622_graphite_full.yaml"
RECIPE = "recipes/nmc622_graphite_full.yaml"
HALF_CELL = "recipes/cells/lfp_li_half.yaml"
HALF_RECIPE = "recipes/lfp_li_half.yaml"


def alias_bomb(levels: int = 9, width: int = 9, *, mapping: bool = False,
               as_key: bool = False) -> str:
    """``a: &a [x, x, ...]``, ``b: &b [*a, *a, ...]``, ...: ``width ** levels`` leaves."""
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]

    def items(inner: str) -> str:
        if mapping:
            return "{" + ", ".join(f"k{j}: {inner}" for j in range(width)) + "}"
        return "[" + ", ".join([inner] * width) + "]"
    lines = [f"{names[0]}: &{names[0]} {items('x')}"]
    lines += [f"{n}: &{n} {items('*' + p)}" for p, n in itertools.pairwise(names)]
    if as_key:
        lines.append(f"? *{names[-1]}\n: boom")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Row:
    """One hostile input: the file(s) to write and where the error must point.

    ``make(entry)`` gives ``(file name, bytes)``; ``file:line: field: `` must be printed
    (line None: the file alone; ``fields``/``lines`` override per entry; ``prefix``: the field
    only starts with ``field``).
    """

    id: str
    make: Callable[[str], tuple[str, bytes]]
    line: int | None
    field: str | None
    entries: tuple[str, ...] = (*CLI_ENTRIES, ROOM)
    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)
    prefix: bool = False


def anywhere(body: str | bytes) -> Callable[[str], tuple[str, bytes]]:
    """The same bytes for every entry point (as notebooks.yaml for the room)."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def make(entry: str) -> tuple[str, bytes]:
        return ("notebooks.yaml" if entry == ROOM else "hostile.yaml"), data
    return make


def edited(old: str, new: str, *, cell: str = CELL,
           recipe: str = RECIPE) -> Callable[[str], tuple[str, bytes]]:
    """A shipped cell spec (for evaluate) or recipe (run-recipe, content) with one edit."""
    def make(entry: str) -> tuple[str, bytes]:
        name = cell if entry == EVALUATE else recipe
        text = _text(name)
        assert old in text, (name, old)
        return "hostile.yaml", text.replace(old, new, 1).encode("utf-8")
    return make


def content_file(name: str, body: str) -> Callable[[str], tuple[str, bytes]]:
    return lambda entry: (name, body.encode("utf-8"))


def line_in(make: Callable[[str], tuple[str, bytes]], entry: str, needle: str) -> int:
    """Line [1-based] of the first line holding ``needle`` in the file for ``entry``."""
    text = make(entry)[1].decode("utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


NOTEBOOK = "notebooks:\n  - title: Welcome\n    text: {text}\n"
EGG = ("eggs:\n  - id: goodenough\n    title: {title}\n    where: behind the potentiostat\n"
       "    position: {position}\n    message: {message}\n")
LOADER_FIELDS = {EVALUATE: "(spec)", RUN_RECIPE: "(recipe)", CONTENT: "(recipe)",
                 ROOM: "notebooks"}

ROWS: list[Row] = [
    # alias bombs (billion laughs): refused while composing, before anything expands them
    Row("alias-bomb-list", anywhere(alias_bomb()), 5, "e"),
    Row("alias-bomb-mapping", anywhere(alias_bomb(mapping=True)), 4, "d"),
    Row("alias-bomb-as-key", anywhere(alias_bomb(levels=9, as_key=True)), 5, "e"),
    Row("alias-list-as-key", anywhere("a: &a [1, 2]\n? *a\n: x\n"), 2, "(yaml)"),
    Row("alias-recursive", anywhere("format: '18650'\na: &a [1, *a]\n"), 2, "a"),
    # nesting far beyond any content file
    Row("deep-list", anywhere("format: " + "[" * 5000 + "]" * 5000 + "\n"), 1, "format.0.0.0",
        prefix=True),
    Row("deep-mapping", anywhere("format: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"), 1,
        "format.a.a.a", prefix=True),
    Row("deep-alias", anywhere("a: &a " + "[" * 30 + "]" * 30 + "\nb: [[[[*a]]]]\n"), 2,
        "b.0.0.0"),
    # numbers
    Row("int-400-digits", edited("dry_mass_g: 17", "dry_mass_g: " + "9" * 400),
        None, "positive.dry_mass_g", entries=CLI_ENTRIES),
    Row("float-1e999-as-text", edited("dry_mass_g: 17", "dry_mass_g: 1e999"),
        None, "positive.dry_mass_g", entries=CLI_ENTRIES),
    Row("float-overflow", edited("dry_mass_g: 17", "dry_mass_g: 1.0e+999"),
        None, "positive.dry_mass_g", entries=CLI_ENTRIES),
    Row("float-inf", edited("dry_mass_g: 17", "dry_mass_g: .inf"),
        None, "positive.dry_mass_g", entries=CLI_ENTRIES),
    Row("float-nan", edited("thickness_um: 20, porosity: 0.45", "thickness_um: 20, porosity: .nan"),
        None, "separator.porosity", entries=CLI_ENTRIES),
    Row("egg-position-nan", content_file("easter_eggs.yaml", EGG.format(
        title="Hi", position="[.nan, 1, 0]", message="hello")), 5, "eggs.0.position.0",
        entries=(CONTENT, ROOM)),
    # encodings and bytes that are not UTF-8 text
    Row("utf16-le-bom", anywhere("\ufeffformat: '18650'\n".encode("utf-16-le")), 1, "(file)"),
    Row("utf16-be-bom", anywhere("\ufeffformat: '18650'\n".encode("utf-16-be")), 1, "(file)"),
    Row("utf32-bom", anywhere("\ufeffformat: '18650'\n".encode("utf-32")), 1, "(file)"),
    Row("utf16-no-bom", anywhere("format: '18650'\n".encode("utf-16-le")), 1, "(file)"),
    Row("invalid-utf8", anywhere(b"format: '18650'\npositive:\n  binder: P\xffVDF\n"), 3,
        "(file)"),
    Row("nul-bytes", anywhere(b"format: '18650'\n\x00\x00\x00\n"), 2, "(file)"),
    Row("huge-file", anywhere(b"# padding\n" * 210_000), None, "(file)"),
    Row("many-values", anywhere("x:\n" + "- 1\n" * 100_000), 9999, "x.9997"),
    Row("control-character", anywhere("format: '18650'\ntitle: a\x1b[31mred\n"), 2, "(yaml)"),
    Row("empty-file", anywhere(b""), 1, None, fields=LOADER_FIELDS),
    Row("a-list", anywhere("- format\n- positive\n"), 1, None, fields=LOADER_FIELDS),
    # YAML features content has no use for
    Row("merge-key", anywhere("base: &b {thickness_um: 20}\nseparator:\n  <<: *b\n"), 3,
        "separator"),
    Row("python-tag", anywhere("format: !!python/object/apply:os.system ['echo pwned']\n"), 1,
        "format"),
    Row("binary-tag", anywhere("format: !!binary aGVsbG8=\n"), 1, "format"),
    # keys: duplicates and typos at every level of a cell spec
    Row("duplicate-key", edited("  dry_mass_g: 17\n", "  dry_mass_g: 17\n  dry_mass_g: 1700\n"),
        -1, "positive.dry_mass_g", entries=CLI_ENTRIES),
    Row("typo-electrode", edited("  dry_mass_g: 17\n", "  dry_mass_g: 17\n  dry_mas_g: 18\n"),
        -1, "positive.dry_mas_g", entries=CLI_ENTRIES),
    Row("typo-coating", edited("{comma_gap_um: 200,", "{comma_gap_um: 200, comma_gpa_um: 150,"),
        -1, "positive.coating.comma_gpa_um", entries=CLI_ENTRIES),
    Row("typo-top-level", edited("separator: {", "seperator: {"), -1, "seperator",
        entries=CLI_ENTRIES),
    Row("typo-fractions", edited("{active: 94, additive: 3,", "{active: 94, additve: 3,"),
        -1, "positive.fractions_wt_pct.additve", entries=CLI_ENTRIES),
    Row("typo-calendering", edited("line_speed_m_min: 0.5, roll_temp_c: 60}",
                                   "line_speed_m_min: 0.5, roll_temp: 90}"),
        -1, "positive.calendering.roll_temp", entries=CLI_ENTRIES),
    Row("typo-collector", edited("{material: Al, thickness_um: 15}",
                                 "{material: Al, thickness: 15}"),
        -1, "positive.current_collector.thickness", entries=CLI_ENTRIES),
    Row("typo-lithium-metal", edited("lithium_metal: {thickness_um: 100}",
                                     "lithium_metal: {thickness_um: 100, thicknes_um: 50}",
                                     cell=HALF_CELL, recipe=HALF_RECIPE),
        -1, "negative.lithium_metal.thicknes_um", entries=CLI_ENTRIES),
    Row("typo-recipe-key", edited("description: >-", "descripton: >-", recipe=RECIPE), -1,
        "descripton", entries=(RUN_RECIPE, CONTENT)),
    # texts the room would show (or could not send)
    Row("notebook-lone-surrogate", content_file("notebooks.yaml", NOTEBOOK.format(
        text='"caf\\ud800e"')), 3, "notebooks.0.text", entries=(CONTENT, ROOM)),
    Row("notebook-too-long", content_file("notebooks.yaml", NOTEBOOK.format(
        text="|\n" + "      A line of notes.\n" * 400)), 3, "notebooks.0.text",
        entries=(CONTENT, ROOM)),
    Row("notebook-paragraph-longer-than-a-page", content_file("notebooks.yaml", NOTEBOOK.format(
        text="x" * 600)), 3, "notebooks.0.text", entries=(CONTENT, ROOM)),
    Row("notebook-missing-list", content_file("notebooks.yaml", "notebookz: []\n"), 1,
        "notebookz", entries=(CONTENT, ROOM)),
    Row("egg-message-too-long", content_file("easter_eggs.yaml", EGG.format(
        title="Hi", position="[0, 1, 0]", message="m" * 500)), 6, "eggs.0.message",
        entries=(CONTENT, ROOM)),
    Row("egg-control-character", content_file("easter_eggs.yaml", EGG.format(
        title='"bell\\x07"', position="[0, 1, 0]", message="hi")), 3, "eggs.0.title",
        entries=(CONTENT, ROOM)),
    Row("egg-outside-room", content_file("easter_eggs.yaml", EGG.format(
        title="Hi", position="[50, 1, 0]", message="hi")), 5, "eggs.0.position",
        entries=(CONTENT, ROOM)),
    Row("egg-without-id", content_file("easter_eggs.yaml", "eggs:\n  - title: Hi\n"
                                       "    where: here\n    message: hi\n"), 2, "eggs.0.id",
        entries=(CONTENT, ROOM)),
]
NEEDLES = {  # rows whose line is found in the written file (line -1 above)
    "duplicate-key": "dry_mass_g: 1700", "typo-electrode": "dry_mas_g", "typo-coating":
    "comma_gpa_um", "typo-top-level": "seperator", "typo-fractions": "additve",
    "typo-calendering": "roll_temp:", "typo-collector": "thickness: 15", "typo-lithium-metal":
    "thicknes_um", "typo-recipe-key": "descripton", "int-400-digits": "dry_mass_g",
    "float-1e999-as-text": "dry_mass_g", "float-overflow": "dry_mass_g", "float-inf":
    "dry_mass_g", "float-nan": "porosity",
}
CASES = [pytest.param(row, entry, id=f"{row.id}-{entry}") for row in ROWS for entry in row.entries]


def _write(tmp_path: Path, row: Row, entry: str) -> Path:
    name, data = row.make(entry)
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("row", "entry"), CASES)
def test_hostile_input_is_refused_with_one_clear_line(tmp_path, row: Row, entry: str):
    path = _write(tmp_path, row, entry)
    code, out = run_entry(entry, path)
    assert "Traceback" not in out, out[-3000:]
    assert code == EXIT_CODES[entry], out[-3000:]
    line = row.lines.get(entry, row.line)
    if row.id in NEEDLES:
        line = line_in(row.make, entry, NEEDLES[row.id])
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    field_ = row.fields.get(entry, row.field)
    want = where + ("" if field_ is None else field_ if row.prefix else f"{field_}: ")
    assert want in out, f"expected {want!r} in:\n{out[-3000:]}"
    assert len(out) < 5000, "one clear line, not a dump of the input"


@pytest.mark.parametrize("argv", [
    ["-m", "bmm", "evaluate"], ["-m", "bmm", "run-recipe"], ["-m", "bmm", "content", "check"],
    ["-m", "battery_model", "evaluate"]], ids=lambda a: " ".join(a[1:]))
def test_the_real_commands_refuse_the_alias_bomb(tmp_path, argv):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *argv, str(bomb)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=CHILD_TIMEOUT_S, preexec_fn=_limit_memory,
                          check=False)
    out = done.stdout + done.stderr
    assert "Traceback" not in out, out[-3000:]
    assert done.returncode == (1 if "content" in argv else 2), out[-3000:]
    assert f"{bomb}:5: e: " in out and "alias" in out


# --- files that are not files ----------------------------------------------------------------
@pytest.mark.parametrize("entry", CLI_ENTRIES)
@pytest.mark.parametrize("kind", ["missing", "folder", "unreadable"])
def test_missing_folder_or_unreadable_file_is_one_line(tmp_path, entry, kind):
    path = tmp_path / "spec.yaml"
    if kind == "folder":
        path.mkdir()
        (path / "inner.txt").write_text("x")
    elif kind == "unreadable":
        if os.geteuid() != 0:
            path.write_text("format: '18650'\n")
            path.chmod(0)
        elif Path("/proc/self/mem").is_file():  # root reads anything; this fails with EIO
            path = Path("/proc/self/mem")
        else:
            pytest.skip("no file root cannot read")
    code, out = run_entry(entry, path)
    assert "Traceback" not in out, out
    assert code in (1, 2) and str(path) in out, out


@pytest.mark.parametrize("seed", ["-1", "4294967296", "9" * 5000, "abc"])
def test_run_recipe_seed_is_bounded(seed):
    def cli() -> int:
        from bmm.cli import main

        return main(["run-recipe", str(ROOT / HALF_RECIPE), "--seed", seed])
    code, out = run_forked(cli)
    assert "Traceback" not in out, out
    assert code == 2 and "--seed" in out, out
    assert len(out) < 2000


# --- properties -------------------------------------------------------------------------------
_KEYS_BY_SECTION = {  # the keys of each mapping of a cell spec, as the README lists them
    (): ["format", "positive", "negative", "separator", "electrolyte"],
    ("positive",): ["active_material", "conductive_additive", "binder", "solvent",
                    "dry_mass_g", "fractions_wt_pct", "solvent_mass_g", "premix", "mixing",
                    "coating", "calendering", "current_collector"],
    ("positive", "fractions_wt_pct"): ["active", "additive", "binder"],
    ("negative", "premix"): ["speed_rpm", "time_min"],
    ("negative", "mixing"): ["dispersion_speed_rpm", "time_min"],
    ("positive", "coating"): ["comma_gap_um", "line_speed_m_min", "oven_temps_c", "sides",
                              "width_mm"],
    ("negative", "calendering"): ["roll_gap_um", "line_speed_m_min", "roll_temp_c"],
    ("negative", "current_collector"): ["material", "thickness_um"],
    ("separator",): ["thickness_um", "porosity"],
}


def _typo(key: str, draw: st.DrawFn) -> str:
    """``key`` with one letter deleted, doubled, swapped with the next or replaced."""
    i = draw(st.integers(0, len(key) - 2))
    how = draw(st.sampled_from(["delete", "double", "swap", "replace"]))
    if how == "delete":
        return key[:i] + key[i + 1:]
    if how == "double":
        return key[:i] + key[i] + key[i:]
    if how == "swap":
        return key[:i] + key[i + 1] + key[i] + key[i + 2:]
    return key[:i] + draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz_")) + key[i + 1:]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_any_misspelt_key_is_refused_with_did_you_mean(data):
    import yaml

    spec = yaml.safe_load(_text(CELL))
    section = data.draw(st.sampled_from(sorted(_KEYS_BY_SECTION)))
    key = data.draw(st.sampled_from(_KEYS_BY_SECTION[section]))
    wrong = _typo(key, data.draw)
    if wrong in _KEYS_BY_SECTION[section]:
        return
    node = spec
    for part in section:
        node = node[part]
    keep_original = data.draw(st.booleans())  # the typo next to the real key, or instead of it
    node[wrong] = node[key] if keep_original else node.pop(key)
    with pytest.raises(SpecError) as info:
        parse_cell_spec(spec)
    dotted = ".".join([*section, wrong])
    assert info.value.field == dotted
    assert "did you mean" in info.value.message


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.binary(max_size=300), st.text(max_size=200).map(str.encode),
                 st.lists(st.sampled_from(["a:", " ", "\n", "- ", "[", "]", "{", "}", "&a ",
                                           "*a", "!!int ", "<<: ", "? ", "'", '"', "\\ud800",
                                           "9" * 30, ".inf", "\xff", "\x00", "#"]),
                          max_size=40).map(lambda parts: "".join(parts).encode("utf-8",
                                                                               "surrogatepass"))))
def test_random_bytes_never_give_a_traceback(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("blob") / "notebooks.yaml"
    path.write_bytes(blob)
    from bmm.cli import main
    from scripts_py.recipes.content import load_room_content

    for argv in (["evaluate", str(path)], ["content", "check", str(path)]):
        with open(os.devnull, "w") as sink:
            saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = sink
            try:
                code = main(argv)
            finally:
                sys.stdout, sys.stderr = saved
        assert code in (0, 1, 2)
    try:
        load_room_content(path.parent)
    except SpecError as exc:
        assert exc.file == str(path)
