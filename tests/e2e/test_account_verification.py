"""Issue 14.4 in the browser: sign up → the verification e-mail reaches the SMTP server (aiosmtpd) → the link
verifies the address, once; and the attacker's check: registering a taken e-mail (or phone) and a new one look the
same, as do failed sign-ins. Screenshots of the account page's states at 1280 and 360 wide in /tmp/shots."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

SHOTS = Path("/tmp/shots/h14-accounts")
PASSWORD = "kata-sandi-panjang"
LINK = re.compile(r"https?://\S+/akun/verifikasi\?t=[A-Za-z0-9_\-]+")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _register(page: Page, login: str, password: str = PASSWORD) -> str:
    """Register on /akun; returns the page's visible text afterwards (what an attacker compares)."""
    page.goto("/akun")
    page.fill("#register-name", "Rina")
    page.fill("#register-login", login)
    page.fill("#register-password", password)
    page.click("#register-submit")
    expect(page.locator("#account-notice")).to_be_visible()
    return page.locator(".form-page").inner_text()


def _sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    page.goto("/akun")
    page.fill("#sign_in-login", login)
    page.fill("#sign_in-password", password)
    page.click("#sign_in-submit")


def _mails_to(sink, address: str, count: int = 1, timeout: float = 20) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in sink.messages if m["To"] == address]
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {address}: {[m['To'] for m in sink.messages]}")


def _link_path(message) -> str:
    link = urlsplit(LINK.search(message.get_content()).group(0))
    return f"{link.path}?{link.query}"


def test_sign_up_the_mailed_link_verifies_the_address_once(page: Page, phone_page: Page, channel_fakes):
    email = "rina.verifikasi@contoh.id"
    _register(page, email)
    expect(page.locator("#account-sign-out")).to_have_count(0)  # registering does not sign in
    _shot(page, "desktop-1-registered")
    _sign_in(page, email)
    expect(page.locator("#email-unverified")).to_have_text("E-mail belum diverifikasi")
    expect(page.locator("#resend-link")).to_be_visible()
    expect(page.locator("#my-reports")).to_be_visible()  # "Laporan saya" works before verifying
    _shot(page, "desktop-2-unverified")

    [mail] = _mails_to(channel_fakes.mail_sink, email)
    assert "Verifikasi" in mail["Subject"]
    path = _link_path(mail)
    page.goto(path)
    page.wait_for_url(re.compile(r"/akun/?\?verifikasi=ok$"))
    expect(page.locator("#account-notice")).to_contain_text("sudah terverifikasi")
    expect(page.locator("#contact-status")).to_contain_text("E-mail terverifikasi")
    expect(page.locator("#email-unverified")).to_have_count(0)
    _shot(page, "desktop-3-verified")
    page.goto(path)  # the same link again
    expect(page.locator("#account-notice")).to_contain_text("sudah pernah dipakai")

    phone_page.goto(path)
    expect(phone_page.locator("#account-notice")).to_contain_text("sudah pernah dipakai")
    _shot(phone_page, "phone-1-link-used")
    _sign_in(phone_page, email)
    expect(phone_page.locator("#contact-status")).to_contain_text("E-mail terverifikasi")
    _shot(phone_page, "phone-3-verified")


def test_the_unverified_and_phone_states_on_a_phone(phone_page: Page, channel_fakes):
    email = "budi.hp@contoh.id"
    _register(phone_page, email)
    _shot(phone_page, "phone-0-registered")
    _sign_in(phone_page, email)
    expect(phone_page.locator("#email-unverified")).to_be_visible()
    phone_page.click("#resend-link")
    expect(phone_page.locator("#account-notice")).to_contain_text("Tautan verifikasi baru sudah dikirim")
    _mails_to(channel_fakes.mail_sink, email, count=2)
    _shot(phone_page, "phone-2-unverified-resent")
    phone_page.click("#account-sign-out")
    _register(phone_page, "0813 5555 6666")
    _sign_in(phone_page, "0813 5555 6666")
    status = phone_page.locator("#contact-status")
    expect(status).to_contain_text("Nomor HP tidak diverifikasi")
    expect(phone_page.locator("#email-unverified")).to_have_count(0)
    _shot(phone_page, "phone-4-phone-account")


def test_a_taken_email_or_phone_looks_the_same_as_a_new_one_to_an_attacker(browser, base_url, channel_fakes):
    owner = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800}).new_page()
    _register(owner, "pemilik.akun@contoh.id")
    _register(owner, "0819 1234 0000")
    owner.context.close()

    def fresh() -> Page:  # the attacker starts each probe from a clean browser
        return browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800}).new_page()

    probes = {}
    for login in ("pemilik.akun@contoh.id", "belum.ada@contoh.id", "0819 1234 0000", "0819 9999 0000"):
        page = fresh()
        probes[login] = _register(page, login, "tebakan-penyerang")
        page.context.close()
    assert probes["pemilik.akun@contoh.id"] == probes["belum.ada@contoh.id"]
    assert probes["0819 1234 0000"] == probes["0819 9999 0000"]

    failures = {}
    for login in ("pemilik.akun@contoh.id", "tidak.pernah@contoh.id"):
        page = fresh()
        _sign_in(page, login, "tebakan-penyerang")
        expect(page.locator("#account-error")).to_be_visible()
        failures[login] = page.locator(".form-page").inner_text()
        page.context.close()
    assert failures["pemilik.akun@contoh.id"] == failures["tidak.pernah@contoh.id"]

    # The owner learns of the attempt by e-mail (the attacker sees nothing of it); the new address gets its link.
    told = _mails_to(channel_fakes.mail_sink, "pemilik.akun@contoh.id", count=2)
    assert "sudah punya akun" in told[-1]["Subject"] and not LINK.search(told[-1].get_content())
    assert LINK.search(_mails_to(channel_fakes.mail_sink, "belum.ada@contoh.id")[0].get_content())
