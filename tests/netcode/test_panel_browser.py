"""The instructor panel in Debian's Chromium, driven by Playwright, against a real host on
127.0.0.1 with a connected seat (real aiortc). Screenshots go to test-artifacts/panel/."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from mesh_helpers import REPO, seat

from netcode.host.server import HostConfig, HostServer
from netcode.rtc import offer_only

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (tools/setup_system.sh installs it)",
                allow_module_level=True)
TOKEN = "browser-test-token-0123456789"
SHOTS = REPO / "test-artifacts" / "panel"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class HostThread:
    """A lecture host with the panel, and one seat, on an event loop of their own."""

    def __init__(self, data: Path, content: Path = REPO / "recipes") -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.host: HostServer = self.call(self._start(data, content))
        self.seat: Any = None

    def call(self, coro: Any, timeout_s: float = 30.0) -> Any:
        fut: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return fut.result(timeout_s)

    async def _start(self, data: Path, content: Path) -> HostServer:
        offer_only(["127.0.0.1"])
        host = HostServer(HostConfig(data_dir=data, content_dir=content,
                                     class_code="class-42", time_speed=0.0,
                                     panel_token=TOKEN))
        await host.start("127.0.0.1", 0)
        return host

    async def _join(self, name: str) -> None:
        self.seat = seat(self.host, name)
        await self.seat.connect()

    def join(self, name: str) -> None:
        self.call(self._join(name))

    def seat_state(self) -> dict[str, Any]:
        async def read() -> dict[str, Any]:
            return self.seat.state
        return self.call(read())

    def close(self) -> None:
        async def stop() -> None:
            if self.seat is not None:
                await self.seat.aclose()
            await self.host.stop()
        self.call(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def lecture(tmp_path: Path) -> Iterator[HostThread]:
    running = HostThread(tmp_path)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def wait_for(pred: Any, what: str, timeout_s: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_sign_in_is_refused_without_the_token(lecture: HostThread, browser: Any) -> None:
    page = browser.new_page()
    base = f"http://127.0.0.1:{lecture.host.port}"
    page.goto(f"{base}/panel/")
    assert "needs the panel's access token" in page.content()
    response = page.goto(f"{base}/panel/?token=wrong")
    assert response is not None and response.status == 401
    assert page.evaluate("fetch('/api/panel/rooms').then(r => r.status)") == 401
    page.screenshot(path=str(SHOTS / "signin_refused.png"))


def test_save_change_load_and_notebooks_reach_a_connected_seat(lecture: HostThread,
                                                               browser: Any) -> None:
    lecture.join("Ada")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"http://127.0.0.1:{lecture.host.port}/panel/?token={TOKEN}")
    page.wait_for_selector("#live:text('live')")
    page.wait_for_selector("#people td:text('Ada')")
    page.fill("#save-name", "start of class")
    page.click("#save-form button")
    page.wait_for_selector("#saves td:text('start of class')")
    page.click("[data-skip='14400']")  # +4 h
    page.wait_for_selector("#sim-time:text('04:00')")
    wait_for(lambda: lecture.seat_state()["clock"]["now_s"] == 14400.0, "the seat skips")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-load='start of class']")
    page.wait_for_selector("#sim-time:text('day 1, 00:00')")
    page.wait_for_selector("#message:text('Loaded')")
    wait_for(lambda: lecture.seat_state()["clock"]["now_s"] == 0.0,
             "the seat is moved into the loaded state")
    state = lecture.seat_state()
    assert lecture.seat.user_id in state["users"] and lecture.seat.connected
    page.wait_for_selector("#room-facts:text('start of class')")
    # a notebook applied in the browser is what the seat shows
    book = page.locator("[data-book='3']")
    book.locator("input").fill("Calender tips")
    book.locator("textarea").fill("Thinner gap, lower porosity.\nMind the cracking.")
    book.locator("button").click()
    page.wait_for_selector("#message:text('Notebook 3 applied')")
    wait_for(lambda: lecture.seat_state()["notebooks"][2]["title"] == "Calender tips",
             "the seat shows the notebook")
    assert lecture.seat_state()["notebooks"][2]["text"] == \
        "Thinner gap, lower porosity.\nMind the cracking."
    # the paper-model setting reaches the room's state (and the seat's copy of it)
    assert not page.is_checked("#paper-model")
    page.check("#paper-model")
    page.wait_for_selector("#message:text('Paper model')")
    wait_for(lambda: lecture.seat_state()["settings"].get("paper_model") is True,
             "the room keeps the paper's model")
    # a refused change is said in words, nothing changes
    page.fill("#save-name", "../escape")
    page.click("#save-form button")
    page.wait_for_selector("#message.error")
    assert "save name" in page.inner_text("#message")
    page.screenshot(path=str(SHOTS / "room.png"), full_page=True)


def test_hovering_an_item_on_the_map_shows_its_history(lecture: HostThread,
                                                       browser: Any) -> None:
    from scripts_py.recipes.driver import run_recipe
    from scripts_py.recipes.load import load_recipe
    from scripts_py.room import names

    half = load_recipe(REPO / "recipes" / "lfp_li_half.yaml")
    # the line up to the calender: a coated, calendered electrode lies on the bench
    upto = next(i for i, s in enumerate(half.steps) if s.machine == "calender") + 1
    built = run_recipe(dataclasses.replace(half, steps=half.steps[:upto])).state

    async def use() -> None:
        lecture.host.rooms.rooms["room-2"].store.replace(built)
        lecture.host.rooms._changed("room-2", [{"type": "state_replaced", "how": "a test"}])
    lecture.call(use())
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"http://127.0.0.1:{lecture.host.port}/panel/?token={TOKEN}")
    page.click("nav [data-room='room-2']")
    page.wait_for_selector("#map rect.item")
    cell = max(built["items"].values(), key=lambda i: len(i["history"]))
    assert len(cell["history"]) >= 3
    name = names.display_name(built, cell)
    page.fill("#search", name.split(" ")[0])
    shape = page.locator(f"#map rect.item[data-name='{name}']")
    shape.hover(force=True)
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert name in text
    steps = [s["step"].replace("_", " ") for s in cell["history"]]
    assert all(step in text for step in steps), (steps, text)
    page.screenshot(path=str(SHOTS / "map_history.png"), full_page=True)


def _build_tested_cell(lecture: HostThread, room_id: str, name: str) -> dict[str, Any]:
    """A student named ``name`` builds and tests the classic cell in ``room_id`` (through the
    host's gate, intent by intent); returns the tested cell's spec."""
    from scripts_py.recipes.driver import Student, run_step
    from scripts_py.recipes.load import load_recipe

    classic = load_recipe(REPO / "recipes" / "nmc622_graphite_full.yaml")

    async def build() -> dict[str, Any]:
        rooms = lecture.host.rooms
        rooms.join(room_id, "u-builder", name)
        student = Student(rooms.room_state(room_id), user="u-builder", join=False)
        batches: dict[str, str] = {}
        for step in classic.steps:
            if step.machine in ("deposit_station", "recycle_bin"):
                break
            run_step(student, step, batches)
        for intent in student.intents:
            events = rooms.submit(room_id, {**intent, "base_version":
                                            rooms.room_state(room_id)["version"]})
            assert events[0]["type"] == "accepted", events
        return rooms.room_state(room_id)["items"][batches["cell"]]["data"]["spec"]
    return lecture.call(build(), 120.0)


def test_the_digest_downloads_and_opens_offline_with_the_models_figures(
        lecture: HostThread, browser: Any, tmp_path: Path) -> None:
    from battery_model import evaluate_cell

    spec = _build_tested_cell(lecture, "room-4", "Ana")
    model = evaluate_cell(spec)
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto(f"http://127.0.0.1:{lecture.host.port}/panel/?token={TOKEN}")
    page.click("nav [data-room='room-4']")
    page.wait_for_selector("#people td:text('Ana')")
    with page.expect_download() as got:
        page.click("#digest")
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name.startswith("digest-room-4-") and saved.suffix == ".html"
    offline = browser.new_context(offline=True, viewport={"width": 1200, "height": 1600})
    reader = offline.new_page()
    asked: list[str] = []
    reader.on("request", lambda r: asked.append(r.url))
    reader.goto(saved.as_uri())
    table = reader.inner_text("table")
    assert "Ana" in table and "u-builder" not in reader.content()
    assert f"{model.energy_density_wh_kg:.1f}" in table, (table, model.energy_density_wh_kg)
    assert f"{model.capacity_mah:.0f}" in table
    assert reader.locator("svg").count() >= 2
    assert asked == [saved.as_uri()]  # nothing else was fetched
    reader.screenshot(path=str(SHOTS / "digest.png"))
    offline.close()


def test_a_broken_content_file_is_refused_with_its_line(tmp_path: Path, browser: Any) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "recipes", content)
    books = content / "notebooks.yaml"
    good = books.read_text(encoding="utf-8")
    running = HostThread(tmp_path / "host", content)
    try:
        running.join("Ada")
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(f"http://127.0.0.1:{running.host.port}/panel/?token={TOKEN}")
        page.wait_for_selector("#live:text('live')")
        broken = good.replace("notebooks:\n", "notebooks:\n  - title: [unclosed\n", 1)
        books.write_text(broken, encoding="utf-8")
        page.click("#reload")
        page.wait_for_selector("#content-status.error")
        problems = page.inner_text("#content-problems")
        assert f"{books}:5:" in problems and "not valid YAML" in problems, problems
        assert "nothing was changed" in page.inner_text("#content-status")
        page.screenshot(path=str(SHOTS / "content_refused.png"))
        title = running.seat_state()["notebooks"][0]["title"]
        assert title == "1 · Welcome to the dry room"  # the rooms kept their content
        books.write_text(good.replace("1 · Welcome to the dry room", "1 · Week two"),
                         encoding="utf-8")
        page.click("#reload")
        page.wait_for_selector("#content-status:text('Reloaded')")
        wait_for(lambda: running.seat_state()["notebooks"][0]["title"] == "1 · Week two",
                 "the seat shows the reloaded notebook")
        page.wait_for_selector("[data-book='1'] input[value='1 · Week two']")
    finally:
        running.close()
