"""Where things stand in the dry room, read from the Godot scene itself.

``scenes/dry_room/dry_room.tscn`` is the one source of the room's plan: the machines (their
``machine_id``, transform and ``body_size``) and the fixtures (shelves, bench, notebooks,
time panel). The instructor panel's map and anything else in Python read it here, so moving
a machine in the editor moves it on the map too; nothing copies coordinates.

Only the plan is read (x and z on the floor, the yaw about y, the footprint); the scene's other
properties are Godot's business.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scripts_py.room.places import ROOM_HALF_X_M, ROOM_HALF_Z_M

SCENE = Path(__file__).resolve().parents[2] / "scenes" / "dry_room" / "dry_room.tscn"
FIXTURES = {"Shelves": ("shelf", (2.4, 0.5)), "Bench": ("bench", (1.8, 0.8)),
            "Notebooks": ("notebooks", (3.6, 0.5)), "TimePanel": ("time_panel", (0.9, 0.3))}
_NODE = re.compile(r'^\[node name="([^"]+)" type="([^"]+)"(?: parent="([^"]*)")?')
_NUMBER = r"-?[0-9.]+(?:e-?[0-9]+)?"


class LayoutError(ValueError):
    """The scene could not be read as a plan (says where)."""


@dataclass(frozen=True, slots=True)
class Spot:
    """One thing on the plan: centre [m] on the floor, yaw [deg] and footprint [m]."""

    id: str  # the machine id, or the fixture kind ("shelf", "bench", ...)
    kind: str  # "machine" or the fixture kind
    node: str  # the scene node's name
    x_m: float
    z_m: float
    yaw_deg: float
    width_m: float  # along the thing's own x
    depth_m: float  # along its own z

    def as_dict(self) -> dict[str, object]:
        """For JSON."""
        return {"id": self.id, "kind": self.kind, "node": self.node, "x_m": self.x_m,
                "z_m": self.z_m, "yaw_deg": self.yaw_deg, "width_m": self.width_m,
                "depth_m": self.depth_m}


@dataclass(frozen=True, slots=True)
class Layout:
    """The room's plan: its size and where each machine and fixture stands."""

    width_m: float
    depth_m: float
    spots: tuple[Spot, ...]

    def machine(self, machine_id: str) -> Spot | None:
        """Where a machine stands (None: not in the scene)."""
        return next((s for s in self.spots if s.kind == "machine" and s.id == machine_id),
                    None)

    def fixture(self, kind: str) -> Spot | None:
        """Where a fixture stands ("shelf", "bench", "notebooks", "time_panel")."""
        return next((s for s in self.spots if s.kind == kind), None)

    def as_dict(self) -> dict[str, object]:
        """For JSON."""
        return {"width_m": self.width_m, "depth_m": self.depth_m,
                "spots": [s.as_dict() for s in self.spots]}


def _numbers(text: str, name: str, count: int, where: str) -> list[float]:
    found = re.findall(_NUMBER, text.partition("(")[2])
    if len(found) != count:
        raise LayoutError(f"{where}: {name} has {len(found)} numbers, expected {count}")
    return [float(v) for v in found]


def _sections(text: str, path: str) -> list[tuple[str, str, str, dict[str, str], int]]:
    out: list[tuple[str, str, str, dict[str, str], int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _NODE.match(line)
        if match:
            out.append((match[1], match[2], match[3] or "", {}, number))
        elif line.startswith("["):
            out.append(("", "", "", {}, number))  # a resource: not a node
        elif out and " = " in line:
            key, _, value = line.partition(" = ")
            out[-1][3][key.strip()] = value.strip()
    return [s for s in out if s[0]]


def parse_layout(text: str, path: str = "dry_room.tscn") -> Layout:
    """The plan in a scene's text (raises :class:`LayoutError` naming the line)."""
    spots: list[Spot] = []
    for name, _type, parent, props, line in _sections(text, path):
        where = f"{path}:{line}: node {name}"
        if parent == "Machines" and "machine_id" in props:
            kind, machine_id = "machine", props["machine_id"].strip('"')
            size = _numbers(props.get("body_size", "Vector3( 1, 1, 0.8 )"), "body_size", 3,
                            where)
            footprint = (size[0], size[2])
        elif parent == "." and name in FIXTURES:
            kind, footprint = FIXTURES[name]
            machine_id = kind
        else:
            continue
        xf = _numbers(props.get("transform", "Transform( 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 )"),
                      "transform", 12, where)
        # rows of the basis, then the origin; the yaw turns local x (column 0) on the floor
        yaw = math.degrees(math.atan2(-xf[6], xf[0]))
        x, z = xf[9], xf[11]
        if not (abs(x) <= ROOM_HALF_X_M and abs(z) <= ROOM_HALF_Z_M):
            raise LayoutError(f"{where}: at ({x:g}, {z:g}) m, outside the room")
        spots.append(Spot(machine_id, kind, name, round(x, 3), round(z, 3),
                          round(yaw + 0.0, 1), footprint[0], footprint[1]))
    if not any(s.kind == "machine" for s in spots):
        raise LayoutError(f"{path}: no machines (nodes under Machines with a machine_id)")
    return Layout(2 * ROOM_HALF_X_M, 2 * ROOM_HALF_Z_M, tuple(spots))


@lru_cache(maxsize=4)
def read_layout(path: Path = SCENE) -> Layout:
    """The plan of the dry room scene (cached)."""
    return parse_layout(path.read_text(encoding="utf-8"), path.name)
