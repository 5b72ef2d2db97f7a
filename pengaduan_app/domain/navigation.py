"""Where a signed-in officer may be sent: only back into the staff area, never an outside address."""

from __future__ import annotations

SIGN_IN_PAGE = "/staf/masuk"


def safe_next(path: str) -> str:
    path = str(path or "")
    if path.startswith("/staf") and not path.startswith("//") and "\\" not in path and path != SIGN_IN_PAGE:
        return path
    return "/staf"
