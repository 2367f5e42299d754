"""Who may open a connection to the runtime (checked in the WebSocket handshake).

- Origin: Godot sends no ``Origin`` header, browsers always do, so any web page open on the
  student's PC is refused (HTTP 403, by ``websockets``' ``origins=[None]``).
- Token: a runtime bound to an address other than loopback requires the token it prints;
  the seat presents it in the URL (``ws://HOST:PORT/?token=...``). Wrong or missing: 401.
- Capacity: at most ``max_connections`` open at once (503 beyond), so connections cannot
  exhaust the process; a connection holds a room place only after its ``hello``.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

TOKEN_BYTES = 16
MAX_TOKEN_CHARS = 128


def is_loopback(bind: str) -> bool:
    """True when ``bind`` only accepts connections from this PC."""
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh random access token (URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_of(path: str) -> str:
    """The ``token`` query parameter of a request path ("" when there is none)."""
    query = urllib.parse.urlsplit(path).query
    values = urllib.parse.parse_qs(query, max_num_fields=8).get("token", [])
    return values[0] if values else ""


def gatekeeper(token: str | None, count: Callable[[], int], max_connections: int
               ) -> Callable[[ServerConnection, Request], Response | None]:
    """The handshake check: capacity first, then the token (when one is required)."""
    def check(connection: ServerConnection, request: Request) -> Response | None:
        if count() >= max_connections:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE,
                                      f"the runtime is full ({max_connections} connections)\n")
        if token is not None:
            try:
                given = token_of(request.path)
            except ValueError:
                given = ""
            if not (0 < len(given) <= MAX_TOKEN_CHARS and hmac.compare_digest(
                    given.encode("utf-8", "replace"), token.encode("utf-8"))):
                return connection.respond(HTTPStatus.UNAUTHORIZED,
                                          "this runtime needs its access token: "
                                          "ws://HOST:PORT/?token=...\n")
        return None
    return check
