"""Authenticator codes for the e2e sign-ins. Each code is good once per account, so the codes this run typed are
remembered here, in one module that every test file and conftest import by the same name (pytest loads
conftest.py under a name of its own: state kept there would exist twice)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pyotp
from playwright.sync_api import Page

from pengaduan_app.demo.staff import DEMO_TOTP_SECRET

_USED_STEPS: dict[tuple[str, str], int] = {}  # (server, username) -> the last TOTP step this run typed


def fresh_totp(page: Page, username: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """The authenticator's code that this run has not used yet for the account on this server: the current
    step's, else the next step's (the server allows one step of drift), else wait for one."""
    totp = pyotp.TOTP(secret)
    key = (page.url.split("/staf")[0], username)
    while True:
        now = totp.timecode(datetime.now(UTC))
        step = max(now, _USED_STEPS.get(key, 0) + 1)
        if step <= now + 1:
            _USED_STEPS[key] = step
            return totp.generate_otp(step)
        time.sleep(1)
