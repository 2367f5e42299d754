"""Random intents from several users against the reducer, with the room's invariants.

Every item is in exactly one place, none is lost or duplicated, the clock never goes back,
rejections change nothing, and replaying the accepted intents from the initial state gives
the live state (same hash).
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from line_helpers import recipe

from scripts_py import apply, check_invariants, initial_state, state_hash
from scripts_py.machines import MACHINE_TYPES, machine_of
from scripts_py.persistence import replay
from scripts_py.recipes.driver import RecipeRunError, Student, run_step
from scripts_py.reducer import accepted
from scripts_py.room import places
from scripts_py.sim.clock import SKIPS_S

USERS = ("ana", "ben", "cara", "iris", "olga", "ghost")
ACTORS = ("ana", "ben", "cara", "iris")
ROLES = {"ana": "student", "ben": "student", "cara": "student", "iris": "instructor",
         "olga": "observer"}
EGGS = [{"id": "goodenough", "title": "J. B. Goodenough", "where": "potentiostat",
         "message": "Nobel 2019"}]


@functools.cache
def museum() -> dict[str, Any]:
    """A room with items at every stage of the line (ana has made them)."""
    student = Student(initial_state(3, pots=30, li_electrodes=4, easter_eggs=EGGS), "ana")
    for name, n in (("nmc622_graphite_full", 2), ("nmc622_graphite_full", 4),
                    ("nmc622_graphite_full", 6), ("nmc622_graphite_full", 8),
                    ("lfp_li_half", 9), ("lfp_li_half", 12), ("nmc622_graphite_full", 18)):
        batches: dict[str, str] = {}
        for step in recipe(name).steps[:n]:
            run_step(student, step, batches)
    return student.state


def values_for(machine_type: str, wild: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Screen settings for a machine: in the screen's range, or (``wild``) anything."""
    options: dict[str, st.SearchStrategy[Any]] = {}
    for p in MACHINE_TYPES[machine_type].params:
        if p.choices:
            options[p.name] = st.sampled_from([*p.choices, "bogus"] if wild else p.choices)
        elif wild:
            options[p.name] = st.one_of(st.floats(-1e4, 1e4), st.integers(-3, 10),
                                        st.just(None))
        elif p.integer:
            options[p.name] = st.integers(int(p.lo or 0), int(p.hi or 0))
        else:
            options[p.name] = st.floats(p.lo, p.hi)
    if wild:
        options["nonsense"] = st.just(1)
    return st.fixed_dictionaries({}, optional=options)


class RoomMachine(RuleBasedStateMachine):
    """Several users poking at one room."""

    def __init__(self) -> None:
        super().__init__()
        self.state: dict[str, Any] = {}
        self.initial: dict[str, Any] = {}
        self.log: list[dict[str, Any]] = []
        self.now = 0.0

    @initialize(busy=st.booleans())
    def open_room(self, busy: bool) -> None:
        self.state = museum() if busy else initial_state(1, pots=6, li_electrodes=2,
                                                         easter_eggs=EGGS)
        self.initial = self.state
        self.items = set(self.state["items"])
        for user in ROLES:
            if user not in self.state["users"]:
                self.send({"type": "join", "sender": "host", "user": user, "name": user,
                           "role": ROLES[user]})
        self.now = self.state["clock"]["now_s"]
        self.route: list[Any] = []
        self.batches: dict[str, str] = {}

    # --- sending -----------------------------------------------------------------------------
    def send(self, intent: dict[str, Any], *, base: int | None = None) -> list[dict]:
        full = {"base_version": self.state["version"] if base is None else base, **intent}
        before = self.state
        new, events = apply(before, full)
        if accepted(events):
            self.log.append(full)
            assert new["version"] == before["version"] + 1
        else:
            assert new is before and len(events) == 1
            assert events[0]["code"] and events[0]["reason"]
        self.state = new
        return events

    def held(self, user: str) -> list[str]:
        hands = self.state["users"].get(user, {}).get("hands", {})
        return [i for i in hands.values() if i is not None]

    # --- rules -------------------------------------------------------------------------------
    @rule(data=st.data(), user=st.sampled_from(USERS), hand=st.sampled_from([None, "left",
                                                                            "right"]))
    def take(self, data: st.DataObject, user: str, hand: str | None) -> None:
        item = data.draw(st.sampled_from(sorted(self.state["items"])))
        intent = {"type": "take", "sender": user, "item": item}
        if hand:
            intent["hand"] = hand
        self.send(intent)

    @rule(data=st.data(), user=st.sampled_from(USERS),
          place=st.sampled_from(places.SURFACES))
    def put(self, data: st.DataObject, user: str, place: str) -> None:
        choices = self.held(user) or sorted(self.state["items"])[:3]
        self.send({"type": "put", "sender": user, "item": data.draw(st.sampled_from(choices)),
                   "place": place})

    @rule(data=st.data(), user=st.sampled_from(USERS), to=st.sampled_from(USERS))
    def hand_to(self, data: st.DataObject, user: str, to: str) -> None:
        choices = self.held(user) or ["pot-01"]
        self.send({"type": "hand_to", "sender": user, "item": data.draw(st.sampled_from(choices)),
                   "to": to})

    @rule(data=st.data(), user=st.sampled_from(USERS))
    def load_anywhere(self, data: st.DataObject, user: str) -> None:
        item = data.draw(st.sampled_from(self.held(user) or ["pot-02"]))
        mid = data.draw(st.sampled_from(sorted(self.state["machines"])))
        slot = data.draw(st.sampled_from([s.name for s in machine_of(self.state, mid).slots]))
        self.send({"type": "load", "sender": user, "item": item, "machine": mid, "slot": slot})

    @rule(data=st.data(), user=st.sampled_from(ACTORS), how_many=st.integers(1, 9))
    def fetch(self, data: st.DataObject, user: str, how_many: int) -> None:
        """Fill up to ``how_many`` empty slots of one machine with fitting items from a shelf
        or the bench."""
        for held in self.held(user):  # free both hands first
            self.send({"type": "put", "sender": user, "item": held, "place": "bench"})
        mid = data.draw(st.sampled_from(sorted(self.state["machines"])))
        for _ in range(how_many):
            row, m = self.state["machines"][mid], machine_of(self.state, mid)
            pairs = [(s.name, i) for s in m.slots
                     if row["slots"][s.name] is None and m.channel_of(s.name) not in row["runs"]
                     for i, item in self.state["items"].items()
                     if item["location"] in places.SURFACES and m.accepts(s, item) is None]
            if not pairs:
                return
            slot, item = data.draw(st.sampled_from(sorted(pairs)))
            self.send({"type": "take", "sender": user, "item": item})
            self.send({"type": "load", "sender": user, "item": item, "machine": mid,
                       "slot": slot})

    @rule(name=st.sampled_from(["nmc622_graphite_full", "lfp_li_half"]))
    def follow_a_recipe(self, name: str) -> None:
        """cara follows a recipe one step at a time while the others get in the way."""
        if not self.route:
            self.route, self.batches = list(recipe(name).steps), {}
        student = Student(self.state, "cara", join=False)
        try:
            run_step(student, self.route.pop(0), self.batches)
        except RecipeRunError:
            self.route = []
        finally:
            self.state = student.state
            self.log.extend(student.intents)

    @rule(data=st.data(), user=st.sampled_from(ACTORS))
    def unload(self, data: st.DataObject, user: str) -> None:
        full = sorted(i for row in self.state["machines"].values()
                      for i in row["slots"].values() if i is not None)
        if full:
            item = data.draw(st.sampled_from(full))
            self.send({"type": "take", "sender": user, "item": item})
            self.send({"type": "put", "sender": user, "item": item, "place": "bench"})

    @rule(data=st.data(), user=st.sampled_from(ACTORS), configure=st.booleans(),
          wild=st.booleans(), ready=st.booleans())
    def start(self, data: st.DataObject, user: str, configure: bool, wild: bool,
              ready: bool) -> None:
        loaded = sorted(mid for mid, row in self.state["machines"].items()
                        if any(row["slots"].values()) and all(
                            row["slots"][s.name] for s in machine_of(self.state, mid).slots
                            if s.required and not machine_of(self.state, mid).per_slot_runs))
        mid = data.draw(st.sampled_from(loaded if ready and loaded
                                        else sorted(self.state["machines"])))
        m = machine_of(self.state, mid)
        intent: dict[str, Any] = {"type": "set_params" if configure else "start",
                                  "sender": user, "machine": mid,
                                  "params": data.draw(values_for(m.type, wild))}
        if m.per_slot_runs:
            row = self.state["machines"][mid]
            used = [s for s, i in row["slots"].items() if i is not None]
            intent["slot"] = data.draw(st.sampled_from(used if ready and used else
                                                       [s.name for s in m.slots]))
        self.send(intent)

    @rule(user=st.sampled_from(USERS), seconds=st.one_of(
        st.sampled_from(SKIPS_S), st.floats(0.001, 2e5), st.floats(-10, 0)))
    def skip_time(self, user: str, seconds: float) -> None:
        self.send({"type": "skip_time", "sender": user, "seconds": seconds})

    @rule(data=st.data(), user=st.sampled_from(USERS))
    def stale(self, data: st.DataObject, user: str) -> None:
        base = data.draw(st.integers(0, self.state["version"]))
        item = data.draw(st.sampled_from(sorted(self.state["items"])))
        self.send({"type": "take", "sender": user, "item": item}, base=base)

    @rule(junk=st.one_of(
        st.none(), st.integers(), st.text(max_size=5),
        st.dictionaries(st.sampled_from(["type", "sender", "base_version", "item", "machine",
                                         "slot", "seconds", "params", "x"]),
                        st.one_of(st.none(), st.integers(-2, 5), st.text(max_size=6),
                                  st.sampled_from(["take", "load", "start", "ana", "coater",
                                                   "pot-01"]),
                                  st.lists(st.integers(), max_size=2)), max_size=6)))
    def junk(self, junk: Any) -> None:
        before = self.state
        new, events = apply(before, junk)
        if accepted(events):  # a random mapping can still be a valid intent
            self.log.append(junk)
        else:
            assert new is before
        self.state = new

    @rule(user=st.sampled_from(USERS), index=st.integers(-1, 5), text=st.text(max_size=20))
    def notebook(self, user: str, index: int, text: str) -> None:
        self.send({"type": "write_notebook", "sender": user, "index": index, "text": text})

    @rule(user=st.sampled_from(USERS), egg=st.sampled_from(["goodenough", "none"]))
    def egg(self, user: str, egg: str) -> None:
        self.send({"type": "find_egg", "sender": user, "egg": egg})

    @rule(user=st.sampled_from(list(ROLES)))
    def leave_and_return(self, user: str) -> None:
        self.send({"type": "leave", "sender": "host", "user": user})
        self.send({"type": "join", "sender": "host", "user": user, "name": user,
                   "role": ROLES[user]})

    # --- invariants --------------------------------------------------------------------------
    @invariant()
    def every_item_in_exactly_one_place(self) -> None:
        if self.state:
            assert check_invariants(self.state) == []

    @invariant()
    def nothing_lost_or_duplicated(self) -> None:
        if self.state:
            assert set(self.state["items"]) == self.items
            assert self.state["version"] == self.initial["version"] + len(self.log)

    @invariant()
    def clock_never_goes_back(self) -> None:
        if self.state:
            now = self.state["clock"]["now_s"]
            assert now >= self.now
            self.now = now

    def teardown(self) -> None:
        if self.state:
            replayed = replay(self.initial, (("intent", i) for i in self.log))
            assert state_hash(replayed) == state_hash(self.state)


RoomMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestRoom = RoomMachine.TestCase
