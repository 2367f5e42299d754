"""Item kinds along the line, in order, with the text a label shows."""

from __future__ import annotations

CONTAINER = "container"
EMPTY_POT = "empty_pot"
POWDERS = "powders"
PREMIXED = "premixed_powders"
UNMIXED = "unmixed_slurry"
SLURRY = "slurry"
ROLL_A = "coated_roll_a"
ROLL_AB = "coated_roll_ab"
CALENDERED = "calendered_roll"
SLIT = "slit_electrode"
JELLY_ROLL = "jelly_roll"
WELDED = "welded_jelly_roll"
SEALED = "sealed_cell"
TESTED = "tested_cell"
LI_METAL = "li_metal"

TITLES: dict[str, str] = {
    CONTAINER: "material container",
    EMPTY_POT: "empty mixing pot",
    POWDERS: "mixing pot with powders",
    PREMIXED: "mixing pot with premixed powders",
    UNMIXED: "mixing pot with powders and solvent (not mixed)",
    SLURRY: "mixing pot with slurry",
    ROLL_A: "coated roll (side A)",
    ROLL_AB: "coated roll (sides A and B)",
    CALENDERED: "calendered roll",
    SLIT: "slit electrode",
    JELLY_ROLL: "jelly roll",
    WELDED: "welded jelly roll",
    SEALED: "filled and sealed cell",
    TESTED: "tested cell",
    LI_METAL: "lithium-metal electrode",
}

# kinds a fresh item of each origin starts as (the recycle bin returns items to these)
ORIGINS = (CONTAINER, EMPTY_POT, LI_METAL)
WET = frozenset({UNMIXED, SLURRY})
DRY = frozenset({POWDERS, PREMIXED})
ROLLS = frozenset({ROLL_A, ROLL_AB, CALENDERED})
ELECTRODES = frozenset({SLIT, LI_METAL})
CELLS = frozenset({JELLY_ROLL, WELDED, SEALED, TESTED})
