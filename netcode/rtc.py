"""aiortc peer connections carrying this protocol's data channels (environment-notes.md).

- ``iceServers`` is always explicit (the host's configuration; empty on a LAN): aiortc's
  default would ask a public STUN server.
- A connection that never opens (no usable candidates, a firewall) stays "new" silently in
  aiortc: :meth:`PeerLink.wait_open` gives up after a timeout with a message that says why.
- Handlers never raise into aiortc (an exception in ``on("message")`` closes the channel):
  :class:`RtcChannel` goes through :meth:`Channel.deliver`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCDataChannel,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)

from netcode.transport import Channel

log = logging.getLogger("bmm.mesh")
CONNECT_TIMEOUT_S = 10.0
# label -> createDataChannel options: the authority channel is reliable and ordered; poses
# are sent again 30 times a second, so a lost one is never retransmitted
CHANNELS: dict[str, dict[str, Any]] = {
    "authority": {},
    "pose": {"ordered": False, "maxRetransmits": 0},
}


def offer_only(addresses: list[str]) -> None:
    """Offer only these local addresses as ICE host candidates (a multi-homed lecture PC:
    leave out VPN or container interfaces; loopback for tests)."""
    import aioice.ice

    chosen = list(addresses)
    aioice.ice.get_host_addresses = lambda use_ipv4=True, use_ipv6=True: chosen


class ConnectTimeout(Exception):
    """A peer connection did not open in time."""


def configuration(ice_servers: list[dict[str, str]], *, relay_only: bool = False
                  ) -> RTCConfiguration:
    """An explicit RTCConfiguration (``[]``: host candidates only, as on a LAN)."""
    servers = [RTCIceServer(urls=s["urls"], username=s.get("username"),
                            credential=s.get("credential")) for s in ice_servers]
    if relay_only:
        from aiortc import RTCIceTransportPolicy

        return RTCConfiguration(iceServers=servers,
                                iceTransportPolicy=RTCIceTransportPolicy.RELAY)
    return RTCConfiguration(iceServers=servers)


class RtcChannel(Channel):
    """A :class:`Channel` over an aiortc data channel."""

    def __init__(self, dc: RTCDataChannel) -> None:
        super().__init__()
        self.label = dc.label
        self.dc = dc
        dc.on("message", lambda data: self.deliver(
            data.encode("utf-8") if isinstance(data, str) else data))
        dc.on("close", self.close)

    @property
    def open(self) -> bool:
        """True once the channel can carry messages."""
        return self.dc.readyState == "open" and not self.closed

    def send(self, data: bytes) -> bool:
        if not self.open:
            return False
        try:
            self.dc.send(data)
        except Exception:  # the transport went away under us: the peer is gone
            log.info("%s channel: send failed, closing", self.label)
            self.close()
            return False
        self.sent += 1
        return True


class PeerLink:
    """One peer connection and its channels (``channels[label]`` once they exist)."""

    def __init__(self, pc: RTCPeerConnection, labels: tuple[str, ...]) -> None:
        self.pc = pc
        self.labels = labels
        self.channels: dict[str, RtcChannel] = {}
        self._all_open = asyncio.Event()
        pc.on("datachannel", self._adopt)
        pc.on("connectionstatechange", self._state_changed)
        self.on_lost: Any = None

    @classmethod
    async def offer(cls, ice_servers: list[dict[str, str]], labels: tuple[str, ...],
                    *, relay_only: bool = False, audio: MediaStreamTrack | None = None
                    ) -> tuple[PeerLink, str]:
        """The offering side: creates the channels (and with ``audio``, a two-way audio
        stream that sends it); returns the link and the offer SDP."""
        link = cls(RTCPeerConnection(configuration(ice_servers, relay_only=relay_only)),
                   labels)
        for label in labels:
            link._adopt(link.pc.createDataChannel(label, **CHANNELS[label]))
        if audio is not None:
            link.pc.addTrack(audio)
        await link.pc.setLocalDescription(await link.pc.createOffer())
        return link, link.pc.localDescription.sdp

    async def accept(self, answer_sdp: str) -> None:
        """The offering side: take the answer."""
        await self.pc.setRemoteDescription(RTCSessionDescription(answer_sdp, "answer"))

    @classmethod
    async def answer(cls, ice_servers: list[dict[str, str]], labels: tuple[str, ...],
                     offer_sdp: str, *, relay_only: bool = False,
                     audio: MediaStreamTrack | None = None) -> tuple[PeerLink, str]:
        """The answering side: returns the link and the answer SDP. An offered audio stream
        is answered with ``audio`` (two-way), or refused (inactive) without one."""
        link = cls(RTCPeerConnection(configuration(ice_servers, relay_only=relay_only)),
                   labels)
        await link.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        offered = [t for t in link.pc.getTransceivers() if t.kind == "audio"]
        if audio is not None and offered:
            link.pc.addTrack(audio)
        else:
            for transceiver in offered:  # nobody would read it: do not receive it at all
                transceiver.direction = "inactive"
        await link.pc.setLocalDescription(await link.pc.createAnswer())
        return link, link.pc.localDescription.sdp

    def _adopt(self, dc: RTCDataChannel) -> None:
        if dc.label not in self.labels or dc.label in self.channels:
            dc.close()  # a channel this protocol does not have
            return
        channel = RtcChannel(dc)
        self.channels[dc.label] = channel
        dc.on("open", self._check_open)
        self._check_open()

    def _check_open(self) -> None:
        if all(label in self.channels and self.channels[label].open for label in self.labels):
            self._all_open.set()

    def _state_changed(self) -> None:
        if self.pc.connectionState in ("failed", "closed") and self.on_lost is not None:
            lost, self.on_lost = self.on_lost, None
            lost()

    async def wait_open(self, what: str, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
        """Wait until every channel is open (raises :class:`ConnectTimeout` naming ``what``)."""
        try:
            await asyncio.wait_for(self._all_open.wait(), timeout_s)
        except TimeoutError:
            raise ConnectTimeout(
                f"no connection to {what} within {timeout_s:g} s (state "
                f"{self.pc.connectionState}): a firewall between you may block it; on a "
                "campus network the host needs a TURN server (bmm host --ice-server)") from None

    async def close(self) -> None:
        """Close the channels and the connection."""
        for channel in self.channels.values():
            channel.close()
        with contextlib.suppress(Exception):
            await self.pc.close()
