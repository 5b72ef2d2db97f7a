"""Where a signed-in officer may be sent: only back into the staff area, never an outside address."""

from __future__ import annotations

SIGN_IN_PAGE = "/staf/masuk"
CODE_PAGE = "/staf/masuk/kode"  # the second factor of a sign-in
ENROL_PAGE = "/staf/dua-langkah"  # enrolling a phone for two-factor sign-in
RECOVERY_PAGE = "/staf/dua-langkah/pemulihan"  # one-time recovery codes, shown once


def safe_next(path: str) -> str:
    path = str(path or "")
    signing_in = path in (SIGN_IN_PAGE, CODE_PAGE, ENROL_PAGE)
    if path.startswith("/staf") and not path.startswith("//") and "\\" not in path and not signing_in:
        return path
    return "/staf"
