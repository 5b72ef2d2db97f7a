"""Every text response compressed, and long cache lifetimes for files whose name carries their content hash.

Reflex's own compiled files come with precompressed sidecars (they already carry Content-Encoding and pass
through untouched). Everything else (pages' API JSON, the map frames, Leaflet and its CSS, the app's
stylesheets) is gzip'd here on the way out. Starlette's FileResponse hands static files to the server as a
"pathsend" (zero-copy) message, which GZipMiddleware cannot compress; for text files the request is told the
server has no pathsend, so the file streams through the compressor instead.
"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware

PATHSEND = "http.response.pathsend"
TEXT_FILE = re.compile(r"\.(?:js|mjs|css|html|json|svg|txt|xml|map|webmanifest)$")
# Vite names the compiled chunks `<name>-<hash>.js`: a new build gets new names, so a copy never goes stale.
HASHED_ASSET = re.compile(r"^/assets/[^/]+-[A-Za-z0-9_-]{8,}\.(?:js|css|woff2?)$")
# Leaflet's files change only with the installed package: a day, then a revalidation.
VERSIONED_STATIC = "/static/"
# Reflex's upload answer streams state updates line by line, and /_event is its socket: leave both as they are.
NOT_COMPRESSED = ("/_upload", "/_event")

IMMUTABLE = b"public, max-age=31536000, immutable"
ONE_DAY = b"public, max-age=86400"


def cache_control_for(path: str) -> bytes | None:
    if HASHED_ASSET.match(path):
        return IMMUTABLE
    if path.startswith(VERSIONED_STATIC):
        return ONE_DAY
    return None


def _with_cache_control(app):
    async def cached(scope, receive, send):
        lifetime = cache_control_for(scope["path"])
        if lifetime is None:
            await app(scope, receive, send)
            return

        async def send_with_lifetime(message):
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = MutableHeaders(scope=message)
                headers["cache-control"] = lifetime.decode()
            await send(message)

        await app(scope, receive, send_with_lifetime)

    return cached


def compression(app):
    """ASGI middleware (a Reflex `api_transformer`): gzip for text, cache lifetimes for static files."""
    gzipped = GZipMiddleware(_with_cache_control(app), minimum_size=500, compresslevel=6)
    plain = _with_cache_control(app)

    async def compress(scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(NOT_COMPRESSED):
            await (plain if scope["type"] == "http" else app)(scope, receive, send)
            return
        extensions = scope.get("extensions") or {}
        if PATHSEND in extensions and TEXT_FILE.search(scope["path"]):
            scope = {**scope, "extensions": {k: v for k, v in extensions.items() if k != PATHSEND}}
        await gzipped(scope, receive, send)

    return compress
