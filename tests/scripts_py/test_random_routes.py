"""Any settings a screen allows, on any shipped route: a result, a feedback item or a
rejection with a reason, never a crash."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from line_helpers import RECIPE_NAMES, recipe

from scripts_py import check_invariants
from scripts_py.machines import MACHINE_TYPES
from scripts_py.recipes.driver import RecipeRunError, run_recipe


@st.composite
def routes(draw: st.DrawFn):
    """A shipped recipe with every screen setting redrawn inside the screen's range."""
    base = recipe(draw(st.sampled_from(RECIPE_NAMES)))
    steps = []
    for step in base.steps:
        m = MACHINE_TYPES[step.machine]
        params = dict(step.parameters)
        for p in m.params:
            if p.name not in params or p.name == "side" or not draw(st.booleans()):
                continue
            if p.choices:
                params[p.name] = draw(st.sampled_from(p.choices))
            elif p.integer:
                params[p.name] = draw(st.integers(int(p.lo or 0), int(p.hi or 0)))
            else:
                params[p.name] = draw(st.floats(p.lo, p.hi))
        if step.machine == "powder_dispenser":
            params["additive_wt_pct"] = min(params["additive_wt_pct"],
                                            100.0 - params["active_wt_pct"])
            params["binder_wt_pct"] = 100.0 - params["active_wt_pct"] - params[
                "additive_wt_pct"]
        steps.append(dataclasses.replace(step, parameters=params))
    return dataclasses.replace(base, steps=tuple(steps))


@settings(max_examples=60, deadline=None)
@given(routes())
def test_any_screen_settings_never_crash(route):
    try:
        out = run_recipe(route)
    except RecipeRunError as exc:  # a rejection, with its reason
        assert exc.message
        return
    assert check_invariants(out.state) == []
    assert out.found is not None
    if "result" in out.found:
        for f in out.found["result"]["feedback"]:
            assert set(f) - {"consequence"} == {"code", "severity", "step", "parameter",
                                                "value", "allowed", "message"}
            if "consequence" in f:  # what a mistake costs is said in its message
                assert "consequence:" in f["message"]
                assert 0 <= f["consequence"]["capacity_loss_pct"] <= 100
    else:
        assert out.found["error"]["severity"] == "error"
