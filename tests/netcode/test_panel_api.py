"""The instructor panel's HTTP API and live socket on a real host (127.0.0.1): access, every
route with good and malformed input (a clear 4xx, never a 500, nothing changed), and seats
that follow what the instructor does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from mesh_helpers import REPO, hosting, seat, until
from runtime_helpers import async_test

from scripts_py.room.layout import read_layout

pytestmark = pytest.mark.slow  # a real host; the seat test uses real aiortc
TOKEN = "panel-token-for-tests-0123"


def browser() -> aiohttp.ClientSession:
    """An HTTP client that keeps cookies of 127.0.0.1, as browsers do."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHANGE = {**AUTH, "X-BMM-Panel": "1"}


class Api:
    def __init__(self, http: aiohttp.ClientSession, port: int) -> None:
        self.http, self.base = http, f"http://127.0.0.1:{port}"

    async def call(self, method: str, path: str, body: Any = None, *,
                   headers: dict[str, str] | None = None, raw: bytes | None = None
                   ) -> tuple[int, Any]:
        kw: dict[str, Any] = {"headers": CHANGE if headers is None else headers}
        if raw is not None:
            kw["data"] = raw
        elif body is not None:
            kw["json"] = body
        async with self.http.request(method, self.base + path, **kw) as got:
            text = await got.text()
            try:
                return got.status, json.loads(text)
            except ValueError:
                return got.status, text

    async def ok(self, method: str, path: str, body: Any = None) -> Any:
        status, data = await self.call(method, path, body)
        assert status == 200, (status, data)
        return data


ROUTES = [("GET", "/api/panel/rooms"), ("GET", "/api/panel/rooms/room-1"),
          ("GET", "/api/panel/rooms/room-1/entities"), ("POST", "/api/panel/rooms/room-1/reset"),
          ("POST", "/api/panel/rooms/room-1/saves"), ("POST", "/api/panel/rooms/room-1/load"),
          ("POST", "/api/panel/rooms/room-1/upload"),
          ("GET", "/api/panel/rooms/room-1/saves/a"), ("DELETE", "/api/panel/rooms/room-1/saves/a"),
          ("POST", "/api/panel/rooms/room-1/skip"), ("POST", "/api/panel/rooms/room-1/settings"),
          ("POST", "/api/panel/rooms/room-1/notebooks/1"), ("GET", "/api/panel/live"),
          ("GET", "/api/panel/rooms/room-1/digest"), ("POST", "/api/panel/content/reload"),
          ("GET", "/panel/"), ("GET", "/panel/panel.js")]


@async_test
async def test_without_the_token_nothing_is_reachable_and_nothing_changes(tmp_path: Path
                                                                         ) -> None:
    async with hosting(tmp_path, panel_token=TOKEN) as host, browser() as http:
        api = Api(http, host.port)
        before = host.rooms.room("room-1").store.seq
        for method, path in ROUTES:
            for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"},
                            {"Cookie": "bmm_panel=nope"}):
                status, _ = await api.call(method, path, {"name": "x", "seconds": 3600},
                                           headers={**headers, "X-BMM-Panel": "1"})
                assert status == 401, (method, path, headers, status)
        status, _ = await api.call("GET", "/panel/?token=wrong", headers={})
        assert status == 401
        # with the token but without the change header: refused (another site cannot send it)
        status, data = await api.call("POST", "/api/panel/rooms/room-1/skip", {"seconds": 3600},
                                      headers=AUTH)
        assert status == 403 and "X-BMM-Panel" in data["error"]
        assert host.rooms.room("room-1").store.seq == before
        assert host.rooms.room("room-1").store.saves() == []
        # the sign-in link: a cookie, then a clean URL; the page has a strict policy
        async with http.get(f"{api.base}/panel/?token={TOKEN}", allow_redirects=False) as got:
            assert got.status == 303 and got.headers["Location"] == "/panel/"
            cookie = got.cookies["bmm_panel"]
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
        async with http.get(f"{api.base}/panel/") as page:
            assert page.status == 200 and "script-src 'self'" in page.headers[
                "Content-Security-Policy"]
            assert "instructor panel" in await page.text()
        # seats' own routes stay as they were
        async with http.get(f"{api.base}/rooms") as got:
            assert got.status == 200


@async_test
async def test_malformed_input_gets_a_clear_4xx_and_changes_nothing(tmp_path: Path) -> None:
    async with hosting(tmp_path, panel_token=TOKEN) as host, browser() as http:
        api = Api(http, host.port)
        await api.ok("POST", "/api/panel/rooms/room-1/saves", {"name": "kept"})
        store = host.rooms.room("room-1").store
        seq, saves = store.seq, store.saves()
        bad = [
            ("POST", "/api/panel/rooms/room-9/reset", None, 404),
            ("POST", "/api/panel/rooms/room-1/saves", {"name": "../../etc/passwd"}, 400),
            ("POST", "/api/panel/rooms/room-1/saves", {"name": ""}, 400),
            ("POST", "/api/panel/rooms/room-1/saves", {"nom": "x"}, 400),
            ("POST", "/api/panel/rooms/room-1/saves", b"{not json", 400),
            ("POST", "/api/panel/rooms/room-1/saves", b"x" * 70_000, 413),
            ("POST", "/api/panel/rooms/room-1/load", {"name": "missing"}, 404),
            ("DELETE", "/api/panel/rooms/room-1/saves/missing", None, 404),
            ("DELETE", "/api/panel/rooms/room-1/saves/..%2Fkept", None, 400),
            ("GET", "/api/panel/rooms/room-1/saves/..%2F..%2Fseats.json", None, 400),
            ("POST", "/api/panel/rooms/room-1/skip", {"seconds": -5}, 400),
            ("POST", "/api/panel/rooms/room-1/skip", {"seconds": "1e400"}, 400),
            ("POST", "/api/panel/rooms/room-1/skip", [1, 2], 400),
            ("POST", "/api/panel/rooms/room-1/settings", {"student_skip": "yes"}, 400),
            ("POST", "/api/panel/rooms/room-1/settings", {"paper_model": 1}, 400),
            ("POST", "/api/panel/rooms/room-1/settings", {}, 400),
            ("POST", "/api/panel/rooms/room-1/notebooks/0", {"text": "a"}, 404),
            ("POST", "/api/panel/rooms/room-1/notebooks/6", {"text": "a"}, 404),
            ("POST", "/api/panel/rooms/room-1/notebooks/x", {"text": "a"}, 404),
            ("POST", "/api/panel/rooms/room-1/notebooks/1", {"text": "a" * 9000}, 400),
            ("POST", "/api/panel/rooms/room-1/notebooks/1", {"text": "a\x00b"}, 400),
            ("POST", "/api/panel/rooms/room-1/upload", b"[1, 2", 400),
            ("POST", "/api/panel/rooms/room-1/upload", {"format": "zip"}, 400),
            ("POST", "/api/panel/rooms/room-1/upload",
             {"format": "bmm-room-save", "name": "u", "state": {"schema": 1}}, 400),
            ("POST", "/api/panel/rooms/room-1/upload",
             {"format": "bmm-room-save", "name": "a/b", "state": {}}, 400),
            ("POST", "/api/panel/rooms/room-1/upload", b"[" * 100_000, 400),
            ("GET", "/api/panel/rooms/room-77/digest", None, 404),
            ("GET", "/api/panel/rooms/room-1/entities/../../x", None, 404),
        ]
        for method, path, body, want in bad:
            raw = body if isinstance(body, bytes) else None
            status, data = await api.call(method, path, None if raw else body, raw=raw)
            assert status == want, (method, path, status, data)
            assert isinstance(data, dict) and data["error"], (path, data)
        assert store.seq == seq and store.saves() == saves


@async_test
async def test_save_change_load_moves_a_connected_seat_into_the_loaded_state(tmp_path: Path
                                                                            ) -> None:
    async with hosting(tmp_path, panel_token=TOKEN) as host, browser() as http:
        api = Api(http, host.port)
        ada = seat(host, "Ada")
        await ada.connect()
        try:
            room = host.rooms.room("room-1")
            await api.ok("POST", "/api/panel/rooms/room-1/saves", {"name": "before lunch"})
            got = await ada.act("room-1", [{"type": "take", "item": "jar-NMC622",
                                            "hand": "right", "base_version": ada.state["version"]}])
            assert got.done == 1
            await api.ok("POST", "/api/panel/rooms/room-1/skip", {"seconds": 7200})
            await until(lambda: ada.state["clock"]["now_s"] == 7200.0, what="the skip")
            summary = await api.ok("POST", "/api/panel/rooms/room-1/load",
                                   {"name": "before lunch"})
            assert summary["sim_time_s"] == 0.0 and summary["loaded_from"] == \
                "save “before lunch”"
            await until(lambda: ada.state["clock"]["now_s"] == 0.0, what="the seat follows")
            assert ada.user_id in ada.state["users"]  # still in the room, hands emptied
            assert ada.state["users"][ada.user_id]["hands"]["right"] is None
            assert ada.state["items"]["jar-NMC622"]["location"] == "shelf"
            assert ada.state == room.state and ada.connected
            # the seat goes on acting in the loaded state
            got = await ada.act("room-1", [{"type": "take", "item": "jar-PVDF", "hand": "left",
                                            "base_version": ada.state["version"]}])
            assert got.done == 1
            # download, upload under another name, delete
            status, doc = await api.call("GET", "/api/panel/rooms/room-1/saves/before%20lunch",
                                         headers=AUTH)
            assert status == 200 and doc["format"] == "bmm-room-save"
            summary = await api.ok("POST", "/api/panel/rooms/room-1/upload",
                                   {**doc, "name": "copy"})
            assert {s["name"] for s in summary["saves"]} == {"before lunch", "copy"}
            assert room.store.saved_state("copy") == room.store.saved_state("before lunch")
            summary = await api.ok("DELETE", "/api/panel/rooms/room-1/saves/copy")
            assert [s["name"] for s in summary["saves"]] == ["before lunch"]
            broken = json.loads(json.dumps(doc))
            broken["state"]["items"]["jar-PVDF"]["location"] = "hand:nobody:left"
            status, data = await api.call("POST", "/api/panel/rooms/room-1/upload",
                                          {**broken, "name": "broken"})
            assert status == 400 and "cannot be used" in data["error"]
        finally:
            await ada.aclose()


@async_test
async def test_notebooks_settings_reset_and_the_seat_sees_them(tmp_path: Path) -> None:
    async with hosting(tmp_path, panel_token=TOKEN) as host, browser() as http:
        api = Api(http, host.port)
        ada = seat(host, "Ada")
        await ada.connect()
        try:
            summary = await api.ok("POST", "/api/panel/rooms/room-1/notebooks/2",
                                   {"title": "Calendering", "text": "Aim for 35 % porosity."})
            assert summary["notebooks"][1] == {"title": "Calendering",
                                               "text": "Aim for 35 % porosity."}
            await until(lambda: ada.state["notebooks"][1]["title"] == "Calendering",
                        what="the seat shows the notebook")
            await api.ok("POST", "/api/panel/rooms/room-1/settings", {"student_skip": False})
            got = await ada.act("room-1", [{"type": "skip_time", "seconds": 600,
                                            "base_version": ada.state["version"]}])
            assert got.done == 0 and got.refusal["code"] == "skip_off"
            summary = await api.ok("GET", "/api/panel/rooms/room-1")
            assert not summary["student_skip"]
            lines = [a["line"] for a in summary["activity"]]
            assert "the instructor forbade students to skip time" in lines
            assert not summary["paper_model"]
            summary = await api.ok("POST", "/api/panel/rooms/room-1/settings",
                                   {"paper_model": True})
            assert summary["paper_model"] and not summary["student_skip"]
            await until(lambda: ada.state["settings"].get("paper_model") is True,
                        what="the seat's state keeps the paper model")
            lines = [a["line"] for a in (await api.ok("GET", "/api/panel/rooms/room-1"))[
                "activity"]]
            assert ("the instructor kept the paper's model (mistakes give feedback only)"
                    in lines)
            assert any(line.startswith("Ada skipped 10 min — refused") for line in lines)
            # reset uses the content as it is now, not the room's first state
            host.rooms.use_content({**host.rooms.content, "notebooks": [
                {"title": "New week", "text": "Read me first."}]})
            summary = await api.ok("POST", "/api/panel/rooms/room-1/reset")
            assert summary["notebooks"][0]["title"] == "New week"
            assert summary["student_skip"] and summary["loaded_from"] == "a reset"
            await until(lambda: ada.state["notebooks"][0]["title"] == "New week",
                        what="the seat follows the reset")
            assert ada.user_id in ada.state["users"]
        finally:
            await ada.aclose()


@async_test
async def test_entities_stand_where_the_scene_puts_them_and_the_feed_is_live(tmp_path: Path
                                                                            ) -> None:
    async with hosting(tmp_path, panel_token=TOKEN) as host, browser() as http:
        api = Api(http, host.port)
        layout = read_layout()
        async with http.ws_connect(f"{api.base}/api/panel/live", headers=AUTH) as live:
            first = await live.receive_json()
            assert first["t"] == "rooms" and len(first["rooms"]) == 8
            await live.send_json({"t": "watch", "room": "room-1"})
            entities = await live.receive_json()
            assert entities["t"] == "entities" and entities["room"] == "room-1"
            for machine in entities["machines"]:
                spot = layout.machine(machine["id"])
                assert (machine["x_m"], machine["z_m"]) == (spot.x_m, spot.z_m)
            shelf = layout.fixture("shelf")
            jar = next(i for i in entities["items"] if i["id"] == "jar-NMC622")
            assert (jar["x_m"], jar["z_m"]) == (shelf.x_m, shelf.z_m)
            assert jar["name"] == "NMC622" and jar["status"] == "free, on the shelf"
            ada = seat(host, "Ada")
            await ada.connect()
            try:
                await ada.act("room-1", [{"type": "take", "item": "jar-NMC622", "hand": "right",
                                          "base_version": ada.state["version"]}])
                seen: list[dict[str, Any]] = []
                while not any(m.get("t") == "activity" and "took NMC622" in m["line"]
                              for m in seen):
                    seen.append(await live.receive_json(timeout=10))
                line = next(m for m in seen if m.get("t") == "activity" and "took" in m["line"])
                assert line["line"] == "Ada took NMC622" and line["room"] == "room-1"
                while True:
                    msg = await live.receive_json(timeout=10)
                    if msg.get("t") == "entities":
                        jar = next(i for i in msg["items"] if i["id"] == "jar-NMC622")
                        if jar["status"] == "held by Ada":
                            break
                users = {u["name"]: u for u in msg["users"]}
                assert users["Ada"]["holds"] == ["NMC622"]
            finally:
                await ada.aclose()
            await live.send_str("{bad json")
            assert (await live.receive_json(timeout=10))["t"] == "error"  # and it stays open
            await live.send_json({"t": "watch", "room": "room-2"})
            assert (await live.receive_json(timeout=10))["room"] == "room-2"


@async_test
async def test_content_reload_checks_first_and_reaches_the_seats(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(REPO / "recipes", content)
    books = content / "notebooks.yaml"
    good = books.read_text(encoding="utf-8")
    async with hosting(tmp_path / "host", panel_token=TOKEN, content_dir=content) as host, \
            browser() as http:
        api = Api(http, host.port)
        ada = seat(host, "Ada")
        await ada.connect()
        try:
            room = host.rooms.room("room-1")
            seq = room.store.seq
            broken = good.replace('  - title: "2 · Making a slurry"',
                                  '  - title: "2 · Making a slurry"\n    colour: red', 1)
            books.write_text(broken, encoding="utf-8")
            line = broken.splitlines().index("    colour: red") + 1
            status, data = await api.call("POST", "/api/panel/content/reload")
            assert status == 400 and "nothing was changed" in data["error"]
            assert any(p.startswith(f"{books}:{line}: notebooks.1.colour")
                       for p in data["problems"]), data["problems"]
            assert room.store.seq == seq  # no room was touched
            eggs = content / "easter_eggs.yaml"
            books.write_text(good.replace("1 · Welcome to the dry room", "1 · Week two"),
                             encoding="utf-8")
            eggs.write_text(eggs.read_text(encoding="utf-8").replace(
                "John B. Goodenough (1922-2023)", "J. B. Goodenough").replace(
                "position: [-8.7, 1.1, -1.9]", "position: [-8.5, 1.2, -2.5]"), encoding="utf-8")
            done = await api.ok("POST", "/api/panel/content/reload")
            assert done["rooms"] == 8 and done["files"] >= 5
            for r in host.rooms.rooms.values():
                assert r.state["notebooks"][0]["title"] == "1 · Week two"
                assert r.state["easter_eggs"]["goodenough"]["title"] == "J. B. Goodenough"
            await until(lambda: ada.state["notebooks"][0]["title"] == "1 · Week two",
                        what="the seat shows the new notebook")
            egg = ada.view(ada.room_id)["easter_eggs"][0]
            assert egg["title"] == "J. B. Goodenough"
            assert egg["position"] == [-8.5, 1.2, -2.5]  # where the host's content puts it
            summary = await api.ok("GET", "/api/panel/rooms/room-1")
            assert "the instructor reloaded the content" in [a["line"] for a in
                                                           summary["activity"]]
        finally:
            await ada.aclose()


@async_test
async def test_a_panel_socket_that_never_reads_is_cut_not_fed(tmp_path: Path) -> None:
    import asyncio

    from netcode.panel.app import LIVE_BACKLOG

    class Stuck:  # a socket whose writes never complete (its reader stopped)
        closed = False
        closes = 0

        async def send_json(self, msg: Any) -> None:
            await asyncio.Event().wait()

        async def close(self, **_: Any) -> None:
            self.closes += 1
            self.closed = True

    async with hosting(tmp_path, panel_token=TOKEN) as host:
        stuck = Stuck()
        host.panel.sockets.add(stuck)  # type: ignore[arg-type]
        for i in range(LIVE_BACKLOG * 3):
            host.panel.note("room-1", f"line {i}")
        await asyncio.sleep(0)
        assert stuck.closes == 1 and stuck not in host.panel.sockets
        assert stuck not in host.panel._pending
        assert len(host.panel.feed["room-1"]) <= 200  # the feed itself stays bounded
