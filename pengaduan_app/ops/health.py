"""`/healthz`: the database answers, the photo store takes a write, the schema is at this version's head."""

from __future__ import annotations

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..backup.archive import head_revision
from ..db import read_scope
from ..media.stores import public_store


def checks() -> dict[str, str]:
    """Each part's state: "ok", or what is wrong with it (no secret, no path)."""
    result: dict[str, str] = {}
    try:
        with read_scope() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
        result["database"] = "ok"
        head = head_revision()
        result["migrations"] = "ok" if revision == head else f"at {revision}, expected {head}"
    except Exception as err:  # any failure of the database is the answer here
        result["database"] = f"unreachable ({type(err).__name__})"
        result["migrations"] = "unknown"
    try:
        public_store().probe()
        result["media"] = "ok"
    except OSError as err:
        result["media"] = f"not writable ({type(err).__name__})"
    return result


def healthz(_request: Request) -> JSONResponse:
    """Plain (sync): Starlette runs it in its thread pool. 200 when every part is ok, else 503 naming them."""
    parts = checks()
    failing = sorted(name for name, state in parts.items() if state != "ok")
    body = {"status": "failing" if failing else "ok", "failing": failing, "checks": parts}
    return JSONResponse(body, status_code=503 if failing else 200, headers={"Cache-Control": "no-store"})
