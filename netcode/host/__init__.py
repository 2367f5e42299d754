"""``bmm host``: the lecture PC. Signalling, the room directory and one authority per room."""
