"""Serves stored photos by their content-hash names only, never one a moderator redacted (issue 14.3): another
report may use the same file, so the original's name can outlive the redaction in the public folder."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from ..config import get_settings
from ..db import read_scope
from ..domain.moderation import is_redacted_original
from ..media import MediaStore


def photo(request: Request) -> Response:
    """Plain (sync): Starlette runs it in its thread pool, the database check included."""
    store = MediaStore(get_settings().media_dir)
    try:
        path = store.path(request.path_params["name"])
    except ValueError:
        return PlainTextResponse("not found", status_code=404)
    if not path.is_file():
        return PlainTextResponse("not found", status_code=404)
    with read_scope() as session:
        if is_redacted_original(session, path.name):
            return PlainTextResponse("not found", status_code=404)
    return FileResponse(
        path,
        media_type="image/jpeg",
        headers={"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"},
    )
