"""Helpers of the security tests: a log watch, a raw client that never reads, memory in use."""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import resource
import socket
import struct
from collections.abc import Iterator
from pathlib import Path


class LogWatch(logging.Handler):
    """Collects every log record of the game's loggers (``bmm.*``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def tracebacks(self) -> list[str]:
        """Records that carry an exception (a traceback in the log)."""
        return [f"{r.name}: {r.getMessage()} ({r.exc_info[1]!r})" for r in self.records
                if r.exc_info]

    def messages(self) -> list[str]:
        """Every message, formatted."""
        return [r.getMessage() for r in self.records]


@contextlib.contextmanager
def watch_logs() -> Iterator[LogWatch]:
    """Attach a :class:`LogWatch` to the ``bmm`` loggers for the block."""
    watch = LogWatch()
    logger = logging.getLogger("bmm")
    old = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(watch)
    try:
        yield watch
    finally:
        logger.removeHandler(watch)
        logger.setLevel(old)


class RawSeat:
    """A WebSocket client on a plain socket: it sends frames and never reads.

    ``SO_RCVBUF`` is set small before connecting, so the kernel buffers little on its side
    and what the runtime sends backs up in the runtime (the case the outbox bound is for).
    """

    def __init__(self, port: int, path: str = "/", rcvbuf: int = 4096) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           ).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            head += chunk
        self.status = int(head.split(b" ", 2)[1])

    def send_text(self, text: str) -> bool:
        """Send one masked text frame; False once the runtime has cut the connection."""
        payload = text.encode("utf-8")
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 1 << 16:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        try:
            self.sock.sendall(header + mask + body)
        except OSError:
            return False
        return True

    def close(self) -> None:
        """Close the socket."""
        with contextlib.suppress(OSError):
            self.sock.close()


def memory_kb() -> tuple[int, int]:
    """``(resident now, peak resident)`` of this process [kB] (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024, int(peak)
