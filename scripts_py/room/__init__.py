"""The room: its plain-data state, items and where they are, labels, invariants."""
