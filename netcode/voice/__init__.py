"""Spatial voice over the peer mesh: one Opus encode per seat, jitter buffer and loss
concealment per speaker, 20 ms PCM frames to Godot over the bridge (see README "Voice")."""
