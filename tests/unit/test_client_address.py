"""Client addresses for the HTTP endpoints' limits: X-Forwarded-For only counts behind trusted proxies."""

from __future__ import annotations

import pytest
from reflex.config import get_config
from starlette.requests import Request

from pengaduan_app.api.client_address import client_address


def _request(forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers, "client": ("10.0.0.5", 4321)})


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.5"),  # no proxy configured: a client cannot choose its address
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # the client's own claim on the left is ignored
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.4", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.5"),  # fewer entries than proxies: not through them, use the peer
        (1, None, "10.0.0.5"),
    ],
)
def test_the_address_comes_from_the_trusted_proxies_only(monkeypatch, hops, forwarded, expected):
    monkeypatch.setattr(get_config(), "trusted_proxy_hops", hops)
    assert client_address(_request(forwarded)) == expected
