"""Simulated time: a heap of run end times that never sleeps, and a wall-clock pacer."""
