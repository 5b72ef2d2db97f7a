"""Serves stored photos by their content-hash names only: `photo_response` is the one way a photo leaves a store.

Whatever the store (a local folder or a private bucket), the bytes go through the app, so a bucket never
needs public URLs and the rules of each route (public photos, originals for admins) are the app's. The public
route never serves the original of a photo a moderator redacted (issue 14.3): another report may use the same
file, so the original's name can outlive the redaction.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from ..db import read_scope
from ..domain.moderation import is_redacted_original
from ..media import MediaStore, PhotoStore
from ..media.stores import public_store

PUBLIC_HEADERS = {"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"}


def photo_response(store: PhotoStore, name: str, headers: dict[str, str]) -> Response:
    """The photo as a response with `headers`, or 404 for a name we could not have made or do not have.

    Plain (sync): callers run in Starlette's thread pool, away from the event loop.
    """
    if not store.is_stored_name(name):
        return PlainTextResponse("not found", status_code=404, headers=headers)
    if isinstance(store, MediaStore):
        path = store.path(name)
        if path.is_file():
            return FileResponse(path, media_type="image/jpeg", headers=headers)
        return PlainTextResponse("not found", status_code=404, headers=headers)
    try:
        data = store.read(name)
    except FileNotFoundError:
        return PlainTextResponse("not found", status_code=404, headers=headers)
    return Response(data, media_type="image/jpeg", headers=headers)


def photo(request: Request) -> Response:
    name = request.path_params["name"]
    with read_scope() as session:
        if is_redacted_original(session, name):
            return PlainTextResponse("not found", status_code=404)
    return photo_response(public_store(), name, PUBLIC_HEADERS)
