"""``bmm host``: run the lecture-PC host until Ctrl-C (which saves every room)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import secrets
import signal
import sqlite3
import sys
from pathlib import Path

from battery_model.errors import SpecError
from netcode.host.server import HostConfig, HostServer
from netcode.messages import guide_lines
from netcode.rtc import offer_only
from scripts_py.reducer.room_ops import MAX_USERS
from scripts_py.runtime import args as args_
from scripts_py.runtime.play import CLASSIC_RECIPE, StartError, guide_recipe

DEFAULT_ROOMS = 8
CODE_WORDS = ("anode", "cathode", "slurry", "calender", "separator", "jelly", "roll", "cell",
              "binder", "foil", "coat", "mixer", "winder", "formation", "lithium", "nickel")


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/bmm/host``: the rooms and the seats of a lecture host."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bmm" / "host"


def new_class_code() -> str:
    """A class code that is easy to say aloud: two words and two digits."""
    return (f"{secrets.choice(CODE_WORDS)}-{secrets.choice(CODE_WORDS)}-"
            f"{secrets.randbelow(90) + 10}")


def ice_server(text: str) -> dict[str, str]:
    """``stun:HOST:PORT`` or ``turn:USER:PASSWORD@HOST:PORT`` -> an iceServers entry."""
    scheme, _, rest = text.partition(":")
    if scheme not in ("stun", "turn", "turns") or not rest:
        raise argparse.ArgumentTypeError(f"{text[:60]!r}: use stun:HOST:PORT or "
                                         "turn:USER:PASSWORD@HOST:PORT")
    creds, at, where = rest.rpartition("@")
    entry = {"urls": f"{scheme}:{where if at else rest}"}
    if at:
        user, colon, password = creds.partition(":")
        if not (user and colon and password):
            raise argparse.ArgumentTypeError(f"{text[:60]!r}: a TURN server needs "
                                             "USER:PASSWORD@")
        entry.update(username=user, credential=password)
    return entry


def lan_addresses() -> list[str]:
    """This PC's IPv4 addresses other than loopback (what students type)."""
    try:
        import ifaddr
    except ImportError:
        return []
    out = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                out.append(ip.ip)
    return out


def kept_panel_token(data: Path) -> str:
    """The panel token kept in the data folder (made on first use, readable by this user)."""
    path = data / "panel_token"
    if path.is_file():
        with contextlib.suppress(argparse.ArgumentTypeError, OSError):
            text = path.read_text(encoding="ascii", errors="replace").strip()
            return args_.panel_token(text)
    data.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.write_text(token + "\n", encoding="ascii")
    path.chmod(0o600)
    return token


def add_host_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``bmm host``."""
    p.add_argument("--bind", default="0.0.0.0", type=args_.bind_address, metavar="ADDR",
                   help="address to listen on (default 0.0.0.0: every network of this PC)")
    p.add_argument("--port", type=args_.port, default=args_.HOST_PORT,
                   help=f"port (default {args_.HOST_PORT}; open it in the PC's firewall)")
    p.add_argument("--data", type=Path, default=None, metavar="DIR",
                   help=f"folder for the rooms and seats (default {default_data_dir()})")
    p.add_argument("--rooms", type=args_.whole_in(1, 32, "the number of rooms"),
                   default=DEFAULT_ROOMS, help=f"rooms to offer (default {DEFAULT_ROOMS})")
    p.add_argument("--max-users", type=args_.whole_in(1, MAX_USERS, "users per room"),
                   default=MAX_USERS, help=f"students per room (default {MAX_USERS})")
    p.add_argument("--class-code", type=args_.class_code, default=None, metavar="CODE",
                   help="the code students type to join (default: a new one, printed)")
    p.add_argument("--ice-server", type=ice_server, action="append", default=[],
                   metavar="URL", help="a STUN/TURN server for students behind firewalls "
                   "(turn:USER:PASSWORD@HOST:PORT); repeatable; none on a LAN")
    p.add_argument("--ice-address", type=args_.bind_address, action="append", default=[],
                   metavar="ADDR", help="offer only this local address to seats for their "
                   "peer connections (repeatable; default: every address of this PC)")
    p.add_argument("--time-speed", type=args_.time_speed, default=1.0, metavar="X",
                   help="sim seconds per wall second while a room has students (default 1)")
    p.add_argument("--grace", type=args_.number_in(0.0, 3600.0, "the grace period [s]"),
                   default=120.0, metavar="S", help="how long a seat that drops out keeps its "
                   "place and what it holds (default 120 s)")
    p.add_argument("--recipe", default=CLASSIC_RECIPE, metavar="FILE",
                   help="the recipe every room is guided through: each student's HUD (VR: "
                   "wrist) shows its next step and an arrow marks the machine (default "
                   f"{CLASSIC_RECIPE}; checked like `bmm content check` before anything starts)")
    p.add_argument("--no-guide", action="store_true",
                   help="no guided mode in any room: students work from the notebooks alone")
    p.add_argument("--panel-token", type=args_.panel_token, default=None, metavar="TOKEN",
                   help="access token of the instructor panel (default: the one kept in the "
                   "data folder, made on first start; the link with it is printed)")
    p.add_argument("--watch-content", action="store_true",
                   help="reload recipes/ (notebooks, Easter eggs, the guided recipe) whenever "
                   "a file changes, as the panel's Reload button does (a broken file is "
                   "refused and the rooms keep the content they have)")
    p.add_argument("--paper-model", action="store_true",
                   help="new and reset rooms keep the concept paper's model: processing "
                   "mistakes give feedback only (default: each costs the tested cell the "
                   "capacity or resistance its feedback states; the panel switches it per room)")
    p.add_argument("-v", "--verbose", action="store_true", help="log every connection")


async def serve(args: argparse.Namespace) -> int:
    """Run the host until a signal."""
    if args.ice_address:
        offer_only(args.ice_address)
    data = args.data or default_data_dir()
    code = args.class_code or new_class_code()
    try:
        guide = guide_recipe(args)
        if guide is not None:
            guide_lines(guide.text)
    except StartError as exc:
        print(f"bmm host: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"bmm host: the guided recipe cannot be sent to the seats: {exc}",
              file=sys.stderr)
        return 2
    config = HostConfig(data_dir=data, content_dir=Path(__file__).resolve().parents[2] /
                        "recipes", class_code=code, rooms=args.rooms,
                        max_users=args.max_users, ice_servers=args.ice_server,
                        time_speed=args.time_speed, grace_s=args.grace, guide_recipe=guide,
                        panel_token=args.panel_token or kept_panel_token(data),
                        watch_content=args.watch_content, paper_model=args.paper_model)
    try:
        host = HostServer(config)
    except SpecError as exc:
        print(f"bmm host: the room content is broken: {exc}", file=sys.stderr)
        return 2
    except (sqlite3.Error, OSError) as exc:
        print(f"bmm host: cannot use the data folder {data}: {exc}", file=sys.stderr)
        return 2
    try:
        port = await host.start(args.bind, args.port)
    except OSError as exc:
        host.rooms.close()
        print(f"bmm host: cannot listen on {args.bind}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    addresses = lan_addresses() if args.bind == "0.0.0.0" else [args.bind]
    where = ", ".join(f"{a}:{port}" for a in addresses) or f"{args.bind}:{port}"
    print(f"bmm host: {len(host.rooms.rooms)} rooms, data in {data}\n"
          f"  students type the server address: {where}\n"
          f"  class code: {code}\n"
          f"  guided mode: {guide.title if guide else 'off'}\n"
          f"  instructor panel: http://{where.split(', ')[0]}/panel/?token="
          f"{config.panel_token}\n"
          f"  Ctrl-C saves every room and stops.", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await host.stop()
        print("bmm host: every room saved", flush=True)
    return 0


def main_host(args: argparse.Namespace) -> int:
    """Entry point of ``bmm host``."""
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(name)s: %(message)s")
    return asyncio.run(serve(args))
