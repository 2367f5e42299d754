"""``bmm play`` / ``bmm runtime`` with bad arguments: a clear message and exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bmm.cli import main

BAD_ARGS = [
    (["runtime", "--port", "99999"], "--port: 99999 is not a port number"),
    (["runtime", "--port", "-1"], "--port: -1 is not a port number"),
    (["runtime", "--port", "eighty"], "--port: 'eighty' is not a port number"),
    (["runtime", "--bind", "300.1.2.3"], "--bind: '300.1.2.3' is not an IP address"),
    (["runtime", "--bind", "a b"], "--bind: 'a b' is not an IP address"),
    (["runtime", "--time-speed", "nan"], "--time-speed: nan is out of range"),
    (["runtime", "--time-speed", "inf"], "--time-speed: inf is out of range"),
    (["runtime", "--time-speed", "-2"], "--time-speed: -2 is out of range"),
    (["runtime", "--time-speed", "1e400"], "--time-speed: 1e400 is out of range"),
    (["runtime", "--token", "short"], "--token: a token is 8 to 128"),
    (["runtime", "--db", "/"], "--db: / is a folder"),
    (["runtime", "--db", ""], "--db: an empty file name"),
    (["play", "--time-speed", "nan"], "--time-speed: nan is out of range"),
    (["play", "--port", "70000"], "--port: 70000 is not a port number"),
    (["play", "--name", "x" * 61], "--name: the name is 61 characters long"),
    (["play", "--name", "a\x1bb"], "--name: the name holds the control character"),
    (["play", "--avatar", "../../etc"], "--avatar: '../../etc' is not an avatar id"),
    (["play", "--timeout", "nan"], "--timeout: nan is out of range"),
    (["play", "--frame-sleep-usec", "9" * 400], "--frame-sleep-usec"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_ARGS, ids=[" ".join(a)[:40] for a, _ in BAD_ARGS])
def test_bad_arguments_are_named(argv: list[str], message: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_file_that_is_not_a_room_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are my notes, not a database\n" * 100)
    assert main(["runtime", "--db", str(bad), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert f"cannot open the room file {bad}" in err and "Traceback" not in err
    assert bad.read_text().startswith("these are my notes")  # nothing was overwritten


def test_an_address_that_cannot_be_used(capsys: pytest.CaptureFixture[str]) -> None:
    # 192.0.2.1 is TEST-NET-1: no interface of this PC has it, so binding fails (no traffic)
    assert main(["runtime", "--bind", "192.0.2.1", "--port", "0", "--db", ":memory:"]) == 2
    err = capsys.readouterr().err
    assert "cannot listen on 192.0.2.1:0" in err and "Traceback" not in err
