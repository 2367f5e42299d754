"""Durable rooms: snapshot codec and the SQLite (WAL) intent log."""

from scripts_py.persistence.codec import decode_state, encode_state
from scripts_py.persistence.store import RoomStore, replay

__all__ = ["RoomStore", "decode_state", "encode_state", "replay"]
