"""Runtime tests: helpers live in ``runtime_helpers``."""
