"""The instructor's panel on the host's aiohttp app: pages, a JSON API and a live socket.

Every ``/panel`` page, ``/api/panel`` route and the live socket need the access token
(``bmm host`` prints the link): as ``Authorization: Bearer TOKEN``, or the cookie that
``/panel/?token=TOKEN`` sets (HttpOnly, SameSite=Strict) before it redirects to a clean URL.
Requests that change anything also need the header ``X-BMM-Panel: 1`` (a page of another site
cannot send it), so the cookie cannot be used from elsewhere. Seats never reach any of it:
they only have ``/signal``, and their intents get ``sender`` from their connection.

Bodies are bounded and checked before anything touches a room; every refusal is a 4xx with a
message that says what is wrong, and changes nothing.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hmac
import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from battery_model.errors import SpecError
from netcode.panel.summary import describe, entities, room_summary
from scripts_py.digest import build_digest
from scripts_py.recipes.content import check_file, content_files, load_room_content
from scripts_py.recipes.load import load_recipe
from scripts_py.reducer import accepted
from scripts_py.room.layout import read_layout
from scripts_py.room.limits import NOTEBOOK_TEXT_MAX_CHARS, NOTEBOOK_TITLE_MAX_CHARS
from scripts_py.room.state import NOTEBOOKS
from scripts_py.wire import WireError, decode_frame
from scripts_py.wire.fields import Field, flag, integer, number, record, text

if TYPE_CHECKING:
    from netcode.host.server import HostServer

log = logging.getLogger("bmm.panel")
STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "bmm_panel"
CSRF_HEADER = "X-BMM-Panel"
SAVE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.()-]{0,39}$")
MAX_BODY_BYTES = 64 * 1024
MAX_UPLOAD_BYTES = 4 * 1024 * 1024
FEED_LINES = 200  # activity lines kept per room
LIVE_EVERY_S = 0.25  # at most this often a room's summary goes out on the live socket
ENTITIES_EVERY_S = 1.0  # and the map of the room a panel watches
LIVE_BACKLOG = 64  # messages waiting for one panel socket before it is cut
SAVE_FORMAT = "bmm-room-save"

NAME_BODY = record({"name": Field(text(40), required=True)})
SKIP_BODY = record({"seconds": Field(number(60.0, 7 * 24 * 3600.0), required=True)})
SETTINGS_BODY = record({"student_skip": Field(flag), "paper_model": Field(flag)})
NOTEBOOK_BODY = record({"title": Field(text(NOTEBOOK_TITLE_MAX_CHARS)),
                        "text": Field(text(NOTEBOOK_TEXT_MAX_CHARS, multiline=True),
                                      required=True)})
WATCH = record({"t": Field(text(16), required=True), "room": Field(text(64))})
INDEX = integer(1, NOTEBOOKS)


class PanelError(Exception):
    """A refused panel request: HTTP status, a message, and the problems found (if any)."""

    def __init__(self, status: int, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.problems = status, message, problems or []


def _json_error(status: int, message: str, problems: list[str] | None = None) -> web.Response:
    body: dict[str, Any] = {"error": message}
    if problems:
        body["problems"] = problems
    return web.json_response(body, status=status)


@contextlib.contextmanager
def _known_save(room_id: str, name: str) -> Iterator[None]:
    """A missing save (KeyError) becomes a 404 that names it."""
    try:
        yield
    except KeyError:
        raise PanelError(404, f"{room_id} has no save called “{name}”") from None


def _check_all(paths: list[Path]) -> list[SpecError]:
    """``bmm content check`` on these files."""
    return [e for path in paths for e in check_file(path)]


def _mtimes(folder: Path) -> dict[str, float]:
    """Modification times of the content's YAML files."""
    out = {}
    for path in sorted(folder.rglob("*.yaml")):
        with contextlib.suppress(OSError):
            out[str(path)] = path.stat().st_mtime
    return out


class Panel:
    """The panel of one lecture host (routes added to ``host.app``)."""

    def __init__(self, host: HostServer, token: str) -> None:
        if len(token) < 16:
            raise ValueError("the panel token must have at least 16 characters")
        self.host = host
        self.token = token
        self.feed: dict[str, collections.deque[dict[str, Any]]] = {
            rid: collections.deque(maxlen=FEED_LINES) for rid in host.rooms.rooms}
        self.sockets: set[web.WebSocketResponse] = set()
        self.watching: dict[web.WebSocketResponse, str] = {}
        self._dirty: set[str] = set()
        self._flush: asyncio.TimerHandle | None = None
        self.content_problems: list[str] = []
        self._entities_at: dict[web.WebSocketResponse, float] = {}
        self._pending: dict[web.WebSocketResponse, int] = {}  # messages not yet written
        host.app.middlewares.append(self._guard)
        host.app.add_routes([
            web.get("/panel", self._page), web.get("/panel/", self._page),
            web.get("/panel/{file:[a-z_]+\\.(?:js|css)}", self._static),
            web.get("/api/panel/rooms", self._rooms),
            web.get("/api/panel/rooms/{room}", self._room),
            web.get("/api/panel/rooms/{room}/entities", self._entities),
            web.post("/api/panel/rooms/{room}/reset", self._reset),
            web.post("/api/panel/rooms/{room}/saves", self._save),
            web.post("/api/panel/rooms/{room}/load", self._load),
            web.post("/api/panel/rooms/{room}/upload", self._upload),
            web.get("/api/panel/rooms/{room}/saves/{name}", self._download),
            web.delete("/api/panel/rooms/{room}/saves/{name}", self._delete),
            web.post("/api/panel/rooms/{room}/skip", self._skip),
            web.post("/api/panel/rooms/{room}/settings", self._settings),
            web.post("/api/panel/rooms/{room}/notebooks/{index}", self._notebook),
            web.get("/api/panel/live", self._live),
            web.post("/api/panel/content/reload", self._reload),
            web.get("/api/panel/rooms/{room}/digest", self._digest),
        ])
        host.rooms.subscribe(self._changed)

    # --- access --------------------------------------------------------------------------
    def _token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    def _signed_in(self, request: web.Request) -> bool:
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return self._token_ok(auth[7:].strip())
        return self._token_ok(request.cookies.get(COOKIE))

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        if not (path == "/panel" or path.startswith(("/panel/", "/api/panel"))):
            return await handler(request)
        if path in ("/panel", "/panel/") and "token" in request.query:
            if not self._token_ok(request.query["token"]):
                return web.Response(status=401, text="wrong panel token\n")
            redirect = web.HTTPSeeOther("/panel/")
            redirect.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict",
                                path="/")
            raise redirect
        if not self._signed_in(request):
            if path.startswith("/api/"):
                return _json_error(401, "sign in: open the panel link that `bmm host` "
                                        "printed (it holds the access token)")
            return web.Response(status=401, content_type="text/html",
                                text=(STATIC / "signin.html").read_text(encoding="utf-8"))
        if request.method not in ("GET", "HEAD") and request.headers.get(CSRF_HEADER) != "1":
            return _json_error(403, f"changes need the header {CSRF_HEADER}: 1")
        try:
            return await handler(request)
        except PanelError as refused:
            return _json_error(refused.status, refused.message, refused.problems)
        except web.HTTPException:
            raise
        except Exception:
            log.exception("panel request %s %s failed", request.method, path)
            return _json_error(500, "the host could not do that; nothing changed")

    # --- pages -------------------------------------------------------------------------------
    async def _page(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html",
                                headers={"Cache-Control": "no-store",
                                         "Content-Security-Policy": CSP})

    async def _static(self, request: web.Request) -> web.StreamResponse:
        path = STATIC / request.match_info["file"]
        if not path.is_file():
            raise PanelError(404, "no such file")
        return web.FileResponse(path, headers={"Cache-Control": "no-store"})

    # --- reading -------------------------------------------------------------------------------
    def _room_of(self, request: web.Request) -> Any:
        room_id = request.match_info["room"]
        room = self.host.rooms.rooms.get(room_id)
        if room is None:
            raise PanelError(404, f"there is no room {room_id[:40]!r} (rooms: "
                                  f"{', '.join(self.host.rooms.rooms)})")
        return room

    def summary(self, room: Any) -> dict[str, Any]:
        """One room as the panel lists it."""
        connected = {s.user for s in self.host.sessions.values()
                     if s.room == room.id and s.connected}
        return {**room_summary(room, connected, room.store.save_list()),
                "activity": list(self.feed.get(room.id, ()))[-50:]}

    async def _rooms(self, request: web.Request) -> web.Response:
        return web.json_response({"rooms": [self.summary(r)
                                            for r in self.host.rooms.rooms.values()]})

    async def _room(self, request: web.Request) -> web.Response:
        return web.json_response(self.summary(self._room_of(request)))

    def known_names(self) -> dict[str, str]:
        """Names of every user this host has seen (those who left too)."""
        return {seat.user: seat.name for seat in self.host.registry.seats.values()}

    def entity_map(self, room: Any) -> dict[str, Any]:
        """Machines, users and items of a room on the plan."""
        poses = {s.user: s.head_seen for s in self.host.sessions.values()
                 if s.room == room.id and s.head_seen}
        return entities(room.state, read_layout(), poses, self.known_names())

    async def _entities(self, request: web.Request) -> web.Response:
        return web.json_response(self.entity_map(self._room_of(request)))

    async def _digest(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        store = room.store
        page = await asyncio.to_thread(build_digest, room.name, room.state, store.journal(),
                                       generated_at_s=time.time(), initial=store.initial())
        stamp = time.strftime("%Y-%m-%d", time.localtime())
        return web.Response(text=page, content_type="text/html", headers={
            "Content-Disposition": f'attachment; filename="digest-{room.id}-{stamp}.html"'})

    # --- changing a room ---------------------------------------------------------------------
    async def _body(self, request: web.Request, schema: Any,
                    max_bytes: int = MAX_BODY_BYTES) -> dict[str, Any]:
        if request.content_length is not None and request.content_length > max_bytes:
            raise PanelError(413, f"the request is {request.content_length} bytes; at most "
                                  f"{max_bytes}")
        raw = await request.content.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise PanelError(413, f"the request is over {max_bytes} bytes")
        try:
            return schema(decode_frame(raw)) if schema is not None else json.loads(raw)
        except WireError as exc:
            raise PanelError(400, str(exc)) from None
        except (ValueError, RecursionError) as exc:
            raise PanelError(400, f"not JSON: {str(exc)[:200]}") from None

    def _save_name(self, name: str) -> str:
        name = name.strip()
        if not SAVE_NAME.match(name):
            raise PanelError(400, "a save name is 1–40 letters, digits, spaces and . _ - ( ), "
                                  "starting with a letter or digit")
        return name

    def _instruct(self, room: Any, intent: dict[str, Any]) -> dict[str, Any]:
        events = self.host.rooms.instruct(room.id, intent)
        if not accepted(events):
            raise PanelError(409, str(events[0].get("reason", "refused")))
        return self.summary(room)

    async def _reset(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        self.host.rooms.reset_room(room.id)
        self.note(room.id, "the instructor reset the room to the current content")
        return web.json_response(self.summary(room))

    async def _save(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        name = self._save_name((await self._body(request, NAME_BODY))["name"])
        self.host.rooms.save_room(room.id, name)
        self.note(room.id, f"the instructor saved the room as “{name}”")
        return web.json_response(self.summary(room))

    async def _load(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        name = self._save_name((await self._body(request, NAME_BODY))["name"])
        with _known_save(room.id, name):
            self.host.rooms.load_room(room.id, name)
        self.note(room.id, f"the instructor loaded “{name}”")
        return web.json_response(self.summary(room))

    async def _delete(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        name = self._save_name(request.match_info["name"])
        with _known_save(room.id, name):
            room.store.delete_save(name)
        self.note(room.id, f"the instructor deleted the save “{name}”")
        return web.json_response(self.summary(room))

    async def _download(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        name = self._save_name(request.match_info["name"])
        with _known_save(room.id, name):
            state = room.store.saved_state(name)
        body = json.dumps({"format": SAVE_FORMAT, "version": 1, "room": room.id, "name": name,
                           "state": state}, separators=(",", ":"))
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{room.id}-{name}")
        return web.Response(body=body, content_type="application/json", headers={
            "Content-Disposition": f'attachment; filename="{safe}.bmm.json"'})

    async def _upload(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        doc = await self._body(request, None, MAX_UPLOAD_BYTES)
        if not isinstance(doc, dict) or doc.get("format") != SAVE_FORMAT:
            raise PanelError(400, f"not a saved room: a file from “Download” has format "
                                  f"{SAVE_FORMAT!r}")
        name = self._save_name(str(doc.get("name", ""))[:60])
        problem = state_problem(doc.get("state"))
        if problem:
            raise PanelError(400, f"the saved room cannot be used: {problem}")
        room.store.put_save(name, doc["state"])
        self.note(room.id, f"the instructor uploaded the save “{name}”")
        return web.json_response(self.summary(room))

    async def _skip(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        seconds = (await self._body(request, SKIP_BODY))["seconds"]
        return web.json_response(self._instruct(room, {"type": "skip_time",
                                                       "seconds": float(seconds)}))

    async def _settings(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        body = await self._body(request, SETTINGS_BODY)
        if not body:
            raise PanelError(400, "name at least one of student_skip, paper_model")
        return web.json_response(self._instruct(room, {"type": "set_room_settings", **body}))

    async def _notebook(self, request: web.Request) -> web.Response:
        room = self._room_of(request)
        try:
            number_ = INDEX(int(request.match_info["index"]))
        except (ValueError, WireError):
            raise PanelError(404, f"notebooks are numbered 1 to {NOTEBOOKS}") from None
        body = await self._body(request, NOTEBOOK_BODY)
        intent = {"type": "write_notebook", "index": number_ - 1, "text": body["text"]}
        if body.get("title"):
            intent["title"] = body["title"]
        return web.json_response(self._instruct(room, intent))

    # --- content ---------------------------------------------------------------------------
    async def reload_content(self) -> dict[str, Any]:
        """Check the content folder (and the guided recipe) and, only if all of it is fine,
        use it: new notebooks and Easter eggs in every room at once, the new guide on every
        seat. Raises :class:`PanelError` (400) with every problem, changing nothing."""
        folder = self.host.rooms.content_dir
        guide = self.host.config.guide_recipe
        files = await asyncio.to_thread(content_files, [str(folder)])
        paths = [*files, *([Path(guide.path)] if guide is not None
                          and Path(guide.path).resolve() not in {f.resolve() for f in files}
                          else [])]
        problems = [str(e) for e in await asyncio.to_thread(_check_all, paths)]
        if not problems:
            try:
                content = await asyncio.to_thread(load_room_content, folder)
                recipe = (await asyncio.to_thread(load_recipe, guide.path)
                          if guide is not None else None)
            except SpecError as exc:  # changed between the check and the load
                problems = [str(exc)]
        if problems:
            self.content_problems = problems
            self._send_all({"t": "content", "ok": False, "problems": problems})
            raise PanelError(400, f"{len(problems)} problem(s) in the content; nothing was "
                                  "changed", problems)
        self.host.rooms.use_content(content)
        for room in self.host.rooms.rooms.values():
            self._apply_content(room, content)
        if recipe is not None:
            self.host.use_guide(recipe)
        self.content_problems = []
        self._send_all({"t": "content", "ok": True, "problems": []})
        return {"files": len(paths), "rooms": len(self.host.rooms.rooms)}

    def _apply_content(self, room: Any, content: dict[str, Any]) -> None:
        books = content.get("notebooks") or []
        for i, book in enumerate(books[:NOTEBOOKS]):
            now = room.state["notebooks"][i]
            title, text_ = str(book.get("title", now["title"])), str(book.get("text", ""))
            if (now["title"], now["text"]) != (title, text_):
                self.host.rooms.instruct(room.id, {"type": "write_notebook", "index": i,
                                                   "title": title, "text": text_})
        eggs = [{**{k: str(e.get(k, "")) for k in ("id", "title", "where", "message")},
                 **({"position": [float(v) for v in e["position"]]} if "position" in e
                    else {})}
                for e in content.get("easter_eggs") or []]
        current = [{"id": k, **{f: v[f] for f in ("title", "where", "message", "position")
                                if f in v}}
                   for k, v in room.state["easter_eggs"].items()]
        if eggs != current:
            self.host.rooms.instruct(room.id, {"type": "set_eggs", "eggs": eggs})
        self.note(room.id, "the instructor reloaded the content")

    async def _reload(self, request: web.Request) -> web.Response:
        return web.json_response(await self.reload_content())

    async def watch_content(self, every_s: float = 2.0) -> None:
        """Reload the content whenever a file of it changes (``bmm host --watch-content``)."""
        seen = _mtimes(self.host.rooms.content_dir)
        while True:
            await asyncio.sleep(every_s)
            now = _mtimes(self.host.rooms.content_dir)
            if now == seen:
                continue
            seen = now
            try:
                await self.reload_content()
                log.warning("content changed: reloaded")
            except PanelError as refused:
                log.warning("content changed but is not usable: %s", "; ".join(
                    refused.problems[:3]))

    async def close(self) -> None:
        """Close the live sockets (the host is stopping: browsers reconnect to the next one)."""
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        for ws in list(self.sockets):
            with contextlib.suppress(Exception):
                await ws.close(message=b"the host is stopping")
        self.sockets.clear()

    # --- live --------------------------------------------------------------------------------
    def note(self, room_id: str, line: str, ok: bool = True) -> None:
        """A line of a room's activity feed."""
        entry = {"at": time.time(), "line": line, "ok": ok}
        self.feed.setdefault(room_id, collections.deque(maxlen=FEED_LINES)).append(entry)
        self._send_all({"t": "activity", "room": room_id, **entry})
        self._mark(room_id)

    def refused(self, room_id: str, intent: dict[str, Any], reason: str) -> None:
        """A refused intent of a seat, for the feed."""
        state = self.host.rooms.room_state(room_id)
        self.note(room_id, f"{describe(state, intent, self.known_names())} — refused: "
                           f"{reason}"[:300], ok=False)

    def _changed(self, room_id: str, events: list[dict[str, Any]]) -> None:
        room = self.host.rooms.rooms.get(room_id)
        if room is None:
            return
        intent = room.store.last_intent
        if events and events[0].get("type") == "accepted" and intent is not None \
                and not intent.get("pace"):
            self.note(room_id, describe(room.state, intent, self.known_names()))
        else:
            self._mark(room_id)

    def _mark(self, room_id: str) -> None:
        self._dirty.add(room_id)
        if self._flush is None and self.sockets:
            with contextlib.suppress(RuntimeError):
                self._flush = asyncio.get_running_loop().call_later(LIVE_EVERY_S, self._send_dirty)

    def _send_dirty(self) -> None:
        self._flush = None
        dirty, self._dirty = self._dirty, set()
        for room_id in dirty:
            room = self.host.rooms.rooms[room_id]
            self._send_all({"t": "room", "room": self.summary(room)})
            now = time.monotonic()
            for ws, watched in list(self.watching.items()):
                if watched != room_id:
                    continue
                if now - self._entities_at.get(ws, 0.0) < ENTITIES_EVERY_S:
                    self._mark(room_id)  # the map follows a second later
                    continue
                self._entities_at[ws] = now
                self._send(ws, {"t": "entities", "room": room_id, **self.entity_map(room)})

    def _send(self, ws: web.WebSocketResponse, msg: dict[str, Any]) -> None:
        """Queue a message for one panel; a panel that stops reading is cut (its browser
        reconnects and gets everything afresh), so nothing piles up for it."""
        if ws.closed:
            return
        pending = self._pending.get(ws, 0)
        if pending >= LIVE_BACKLOG:
            log.warning("a panel socket stopped reading (%d messages waiting): closed", pending)
            self._forget(ws)
            closing = asyncio.ensure_future(ws.close(message=b"not reading"))
            closing.add_done_callback(lambda t: t.cancelled() or t.exception())
            return
        self._pending[ws] = pending + 1
        task = asyncio.ensure_future(ws.send_json(msg))
        task.add_done_callback(lambda t: self._sent(ws, t))

    def _sent(self, ws: web.WebSocketResponse, task: asyncio.Future[Any]) -> None:
        if ws in self._pending:
            self._pending[ws] -= 1
        if not task.cancelled():
            task.exception()  # retrieved: a closed socket is not an error here

    def _forget(self, ws: web.WebSocketResponse) -> None:
        self.sockets.discard(ws)
        self.watching.pop(ws, None)
        self._entities_at.pop(ws, None)
        self._pending.pop(ws, None)

    def _send_all(self, msg: dict[str, Any]) -> None:
        for ws in list(self.sockets):
            self._send(ws, msg)

    async def _live(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=4096)
        await ws.prepare(request)
        self.sockets.add(ws)
        try:
            await ws.send_json({"t": "rooms", "rooms": [self.summary(r) for r in
                                                        self.host.rooms.rooms.values()]})
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    break
                try:
                    msg = WATCH(decode_frame(frame.data))
                except WireError as exc:
                    await ws.send_json({"t": "error", "message": str(exc)})
                    continue
                room = self.host.rooms.rooms.get(msg.get("room", ""))
                if msg["t"] == "watch" and room is not None:
                    self.watching[ws] = room.id
                    await ws.send_json({"t": "entities", "room": room.id,
                                        **self.entity_map(room)})
        finally:
            self._forget(ws)
        return ws


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'")


def state_problem(state: Any) -> str:
    """What is wrong with an uploaded room state ("" when it can be loaded)."""
    from scripts_py import check_invariants
    from scripts_py.room.state import SCHEMA
    from scripts_py.runtime.projection import Projector

    if not isinstance(state, dict):
        return "state: is not a room state (a mapping)"
    if state.get("schema") != SCHEMA:
        return f"state.schema: is {str(state.get('schema'))[:20]!r}; this version reads {SCHEMA}"
    for key, kind in (("version", int), ("clock", dict), ("items", dict), ("machines", dict),
                      ("users", dict), ("notebooks", list), ("easter_eggs", dict),
                      ("deposits", list), ("rng", dict)):
        if not isinstance(state.get(key), kind) or isinstance(state.get(key), bool):
            return f"state.{key}: missing or not a {kind.__name__}"
    try:
        problems = check_invariants(state)
        if not problems:
            Projector().view(state, {})
    except Exception as exc:  # a malformed row anywhere: refuse it, whatever it is
        return f"it does not hold together ({type(exc).__name__}: {str(exc)[:120]})"
    return problems[0][:300] if problems else ""
