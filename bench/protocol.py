"""A browser tab as the app's backend sees it: Reflex's event protocol, spoken from Python.

What the compiled frontend (.web/utils/state.js, helpers/upload.js) does, and nothing more:
- a Socket.IO connection (Engine.IO v4, websocket transport) to `/_event/?token=<tab token>`, in the
  namespace `/_event`, whose CONNECT packet carries the page's first event, `hydrate_and_load`;
- events as `["event", {name, payload, router_data: {pathname, asPath}}]`, answered by
  `["event", {delta, events}]` state updates on the same socket;
- uploads as a multipart POST to `/_upload` (files in the `files` field, headers
  `reflex-client-token` and `reflex-event-handler`), answered by the deltas as NDJSON.

python-socketio's packet codecs are used; its asyncio client needs aiohttp, which the app does
not install, so the websocket is simple-websocket's asyncio client (python-engineio's own dependency).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from engineio import packet as eio
from reflex.state import state_snapshot_hashes
from simple_websocket import AioClient, ConnectionClosed
from socketio import packet as sio
from wsproto.utilities import RemoteProtocolError

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
SUFFIX = "_rx_state_"

Delta = dict[str, dict[str, Any]]


async def compiled_hashes(base_url: str) -> list[str]:
    """The `hashes` a compiled frontend sends with its first hydrate (of the defaults baked into the bundle), so
    the backend answers with only the vars that differ. Computed with Reflex's own function from the full
    snapshot a fresh tab gets without them: its states are at their defaults, except the root state with the
    connection's router data, which the backend then sends in full, as it does to a browser."""
    probe = Tab(base_url)
    try:
        await probe.open("/")
    finally:
        await probe.close()
    return state_snapshot_hashes(probe.snapshot)


class _WebSocket(AioClient):
    """simple-websocket's client goes to its read loop right after the handshake, so a message that came
    in the same TCP read as the handshake answer (Engine.IO's OPEN often does) waited for more data, for ever."""

    async def handshake(self):
        await super().handshake()
        await self._handle_events()


class ProtocolError(RuntimeError):
    """The server answered something a browser would not accept (refused connect, HTTP error, timeout)."""


def state_name(module: str, cls: str) -> str:
    """The frontend's name of an app state, e.g. ("report", "ReportState") ->
    "reflex___state____state.pengaduan_app___state___report____report_state"."""
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in cls).lstrip("_")
    return f"{ROOT_STATE}.pengaduan_app___state___{module}____{snake}"


def handler(module: str, cls: str, name: str) -> str:
    """The full event name of a handler, as the compiled page sends it."""
    return f"{state_name(module, cls)}.{name}"


def router_data(path: str, params: dict[str, str]) -> dict[str, Any]:
    """What the frontend sends with every event: where the tab is, and the route's dynamic parts
    (e.g. {"code": ...} on /laporan/[code]) merged into the query, as React Router gives them."""
    parts = urlsplit(path)
    query = {**dict(parse_qsl(parts.query)), **params}
    return {"pathname": parts.path, "asPath": path} | ({"query": query} if query else {})


class Tab:
    """One browser tab: its token, its socket, and the frontend state it has been sent so far."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, hashes: list[str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.hashes = hashes  # see compiled_hashes; without them the first hydrate answers with the whole state
        self.snapshot: Delta | None = None  # the first delta received: the hydrate's snapshot
        self.token = str(uuid.uuid4())
        self.timeout = timeout
        self.state: Delta = {}
        self.path = "/"
        self.params: dict[str, str] = {}
        self._ws: _WebSocket | None = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Condition()
        self._closed: Exception | None = None

    def var(self, state: str, name: str, default: Any = None) -> Any:
        """A var of a state as the tab knows it now."""
        return self.state.get(state, {}).get(name + SUFFIX, default)

    def hydrated(self) -> bool:
        """The page's on_load handlers have all run (the backend sets is_hydrated after the last one)."""
        return self.var(ROOT_STATE, "is_hydrated") is True

    async def open(
        self, path: str, until: Callable[[Tab], bool] = hydrated, params: dict[str, str] | None = None
    ) -> float:
        """Open a page: connect with its hydrate event in the CONNECT packet, as the frontend does, and wait
        until `until(self)` holds (by default: the page's on_load handlers have run). Returns the seconds taken."""
        self.path, self.params = path, params or {}
        started = time.perf_counter()
        url = self.base_url.replace("http", "ws", 1) + f"{NAMESPACE}/?EIO=4&transport=websocket&token={self.token}"
        try:
            self._ws = await _WebSocket.connect(url)
        except RemoteProtocolError as err:  # e.g. the server died during the handshake
            raise ProtocolError(f"websocket handshake failed: {err}") from err
        opening = eio.Packet(encoded_packet=await self._receive_raw())
        if opening.packet_type != eio.OPEN:
            raise ProtocolError(f"no Engine.IO OPEN packet: {opening.data!r}")
        payload = {"hashes": self.hashes} if self.hashes else {}
        auth = {"event": {"name": HYDRATE, "payload": payload, "router_data": router_data(path, self.params)}}
        await self._send(sio.Packet(sio.CONNECT, data=auth, namespace=NAMESPACE))
        self._reader = asyncio.create_task(self._read())
        await self._wait(until)
        return time.perf_counter() - started

    async def navigate(
        self, path: str, until: Callable[[Tab], bool] = hydrated, params: dict[str, str] | None = None
    ) -> float:
        """A client-side navigation: the page's on_load through `on_load_internal` on the open socket.
        The previous page's `is_hydrated` is forgotten first, so the default `until` waits for this page's."""
        self.path, self.params = path, params or {}
        self.state.setdefault(ROOT_STATE, {}).pop("is_hydrated" + SUFFIX, None)
        return await self.emit(f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal", {}, until)

    async def emit(self, name: str, payload: dict[str, Any], until: Callable[[Tab], bool]) -> float:
        """Send one event from the current page and wait until `until(self)` holds; returns the seconds taken."""
        started = time.perf_counter()
        event = {"name": name, "payload": payload, "router_data": router_data(self.path, self.params)}
        await self._send(sio.Packet(sio.EVENT, data=["event", event], namespace=NAMESPACE))
        await self._wait(until)
        return time.perf_counter() - started

    async def upload(
        self, client: httpx.AsyncClient, name: str, files: list[tuple[str, bytes, str]]
    ) -> tuple[float, int]:
        """What `rx.upload_files` does: POST the files to /_upload for handler `name`, apply the NDJSON
        deltas it streams back. Returns (seconds, HTTP status)."""
        started = time.perf_counter()
        response = await client.post(
            f"{self.base_url}/_upload",
            files=[("files", file) for file in files],
            headers={"reflex-client-token": self.token, "reflex-event-handler": name},
            timeout=self.timeout,
        )
        for line in response.text.splitlines():
            if line.strip():
                await self._apply(json.loads(line))
        return time.perf_counter() - started, response.status_code

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None and self._ws.connected:
            with contextlib.suppress(ConnectionClosed, OSError):
                await self._ws.close()

    async def _send(self, packet: sio.Packet) -> None:
        if self._ws is None or self._closed is not None:
            raise ProtocolError(f"socket closed: {self._closed}")
        await self._ws.send(eio.Packet(eio.MESSAGE, data=packet.encode()).encode())

    async def _receive_raw(self) -> str:
        try:
            message = await self._ws.receive(timeout=self.timeout)
        except ConnectionClosed as err:
            raise ProtocolError(f"socket closed: {err}") from err
        if message is None:
            raise ProtocolError("no answer from the server")
        return message

    async def _read(self) -> None:
        """The socket's receive loop: pong the server's pings, apply every state update."""
        try:
            while True:
                packet = eio.Packet(encoded_packet=await self._ws.receive())
                if packet.packet_type == eio.PING:
                    await self._ws.send(eio.Packet(eio.PONG, data=packet.data).encode())
                elif packet.packet_type == eio.MESSAGE:
                    await self._on_message(sio.Packet(encoded_packet=packet.data))
                elif packet.packet_type == eio.CLOSE:
                    raise ProtocolError("the server closed the connection")
        except (ConnectionClosed, OSError, ProtocolError) as err:
            self._closed = err
        except asyncio.CancelledError:
            self._closed = ProtocolError("closed")
            raise
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def _on_message(self, packet: sio.Packet) -> None:
        if packet.packet_type == sio.CONNECT_ERROR:
            raise ProtocolError(f"connect refused: {packet.data}")
        if packet.packet_type == sio.EVENT and packet.data and packet.data[0] == "event":
            await self._apply(packet.data[1])

    async def _apply(self, update: dict[str, Any]) -> None:
        if self.snapshot is None:
            self.snapshot = update.get("delta") or {}
        for name, values in (update.get("delta") or {}).items():
            self.state.setdefault(name, {}).update(values)
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, until: Callable[[Tab], bool]) -> None:
        async def satisfied() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: until(self) or self._closed is not None)
            if not until(self):
                raise ProtocolError(f"socket closed: {self._closed}")

        try:
            await asyncio.wait_for(satisfied(), self.timeout)
        except TimeoutError as err:
            raise ProtocolError(f"no answer in {self.timeout:.0f} s") from err
