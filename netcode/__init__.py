"""The class in one room: the lecture-PC host, the seats' peer mesh, the wire between them.

``codec`` (msgpack frames with a version, bounded and checked), ``messages`` (the schemas),
``transport`` (a channel between two peers: in memory for tests, aiortc data channels for
real), ``host`` (``bmm host``: signalling, the room directory, one authority per room) and
``seat`` (the remote authority a seat's runtime asks). The protocol is in ``PROTOCOL.md``.
"""
