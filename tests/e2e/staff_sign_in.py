"""Signing the demo officers in for the e2e tests. Each authenticator code is good once per account, so the codes
this run typed, and the sessions it opened, are remembered here, in one module that every test file and conftest
import by the same name (pytest loads conftest.py under a name of its own: state kept there would exist twice)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pyotp
from playwright.sync_api import Page

from pengaduan_app.demo.staff import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from pengaduan_app.domain.accounts import SESSION_COOKIE

PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}  # the demo officers

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


_SESSION_COOKIES: dict[str, dict] = {}  # username -> the session cookie its last sign-in through the form gave


def sign_in_as(page: Page, username: str, password: str) -> None:
    """Signed in as `username`, on /staf. The first time through the form, as an officer would: the password,
    then for admins and moderators (two-factor is required for them; the demo accounts share DEMO_TOTP_SECRET)
    the authenticator's code. After that with the session that sign-in opened, as a returning officer's browser,
    while the server still knows it: the server takes each code once, so every third sign-in of an account
    within 30 s waited for the next code (over a minute of the run). Tests of signing in use the form."""
    cookie = _SESSION_COOKIES.get(username)
    if cookie is not None:
        page.context.add_cookies([cookie])
        page.goto("/staf")
        signed_in = page.locator("#sign-out")
        signed_in.or_(page.locator("#username")).wait_for()
        if signed_in.is_visible():
            return
    page.goto("/staf/masuk")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")  # a form post: the server sets the session cookie and redirects (to /staf/)
    page.wait_for_url(re.compile(r".*/staf/?$|.*/staf/masuk/kode.*"))
    if "/staf/masuk/kode" in page.url:
        page.fill("#code", fresh_totp(page, username))
        page.click("#code-submit")
        page.wait_for_url(re.compile(r".*/staf/?$"))
    [_SESSION_COOKIES[username]] = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
