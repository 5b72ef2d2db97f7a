"""The client's network address for HTTP endpoints, read the way Reflex reads it for the event socket.

Behind `REFLEX_TRUSTED_PROXY_HOPS` reverse proxies the address is that many entries from the right of
X-Forwarded-For (the entries the proxies added); without it the header is ignored, since any client can send it.
"""

from __future__ import annotations

from reflex.config import get_config
from starlette.requests import Request


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else ""
    hops = get_config().trusted_proxy_hops
    if not hops:
        return peer
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    return forwarded[-hops] if len(forwarded) >= hops else peer
