"""The game's runtime process: serves the Godot bridge (``addons/bmm_bridge/PROTOCOL.md``).

``server`` speaks the WebSocket protocol, ``bindings`` binds machine nodes to their
``scripts_py`` modules, ``translate`` maps Godot intents to reducer intents, ``host`` is the
in-process solo host (reducer + SQLite store + wall-clock pacing), ``projection`` turns room
state into the view Godot shows and ``patch`` diffs views; ``play`` is ``bmm play``.
"""
