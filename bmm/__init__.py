"""The ``bmm`` command: one entry point for every part of the Battery Manufacturing Metaverse."""
