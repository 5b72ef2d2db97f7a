"""Security headers on every response (pages, API, map frames, photos).

The Content-Security-Policy keeps the maps working: Leaflet and its plugins
come from this server, tiles from the configured tile server, and inline
scripts are needed by the compiled pages and the folium frames. Reflex runs
the scripts a server event sends (`rx.call_script`) through `eval`, hence
'unsafe-eval'; what the policy still stops is any script, frame, form target
or plugin from elsewhere, and other sites framing these pages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..config import get_settings


def _tile_origin(tile_url: str) -> str:
    """`https://{s}.tile.example.org/...` → `https://*.tile.example.org`; a relative tile URL needs nothing."""
    parts = urlsplit(tile_url.replace("{s}", "subdomain"))
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('subdomain', '*')}"


def content_security_policy(tile_url: str) -> str:
    tiles = _tile_origin(tile_url)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {tiles}".strip(),
            "font-src 'self' data:",
            "connect-src 'self'",  # only this origin: CSP 3's 'self' covers the event socket's ws:// and wss://
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def security_headers(app):
    """ASGI middleware (a Reflex `api_transformer`) adding the headers to every HTTP response."""
    settings = get_settings()
    headers = [
        (b"content-security-policy", content_security_policy(settings.tile_url).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"SAMEORIGIN"),
        # Private links carry a key in the address: never send it to another site.
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", b"geolocation=(self), camera=(self), microphone=()"),
    ]
    names = {name for name, _ in headers}

    async def with_headers(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return with_headers
