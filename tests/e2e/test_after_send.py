"""After sending on a phone: the full private link, "Salin" copies it, "Bagikan" shares it (the share sheet,
else WhatsApp); and what the browser did becomes the account's at sign-in, never counting a support twice;
the bell counts unread updates and opening the list reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.notifications import notify_followers
from pengaduan_app.models import Report
from tests.e2e.reporting import fill_report, submit
from tests.e2e.test_phone import SCREENSHOTS

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True}


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _support_count(engine, code: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Report.support_count).where(Report.tracking_code == code)).one()


def test_the_private_link_is_whole_and_copied_and_shared(browser, base_url):
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"], **PHONE)
    context.route("https://wa.me/**", lambda route: route.fulfill(status=200, body="WhatsApp"))
    page = context.new_page()
    fill_report(page, "Lampu jalan mati di gang")
    code = submit(page)
    link = page.locator("#private-link")
    expect(link).to_have_text(re.compile(rf"^{re.escape(base_url)}/laporan/{code}\?kunci=\S+$"))
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # wrapped, never cut off
    expect(page.locator("#private-link-why")).to_contain_text("Simpan tautan ini")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-after-send.png"), full_page=True)

    page.locator("#copy-link").tap()
    expect(page.locator("#copy-status")).to_have_text("Tautan tersalin.")
    assert page.evaluate("navigator.clipboard.readText()") == link.inner_text()

    # No share sheet in this browser: WhatsApp opens with the link in the message.
    with context.expect_page() as opened:
        page.locator("#share-link").tap()
    whatsapp = opened.value
    whatsapp.wait_for_load_state()
    assert whatsapp.url.startswith("https://wa.me/?text=") and code in whatsapp.url
    whatsapp.close()

    # With one (as on a phone): the share sheet gets the link, and nothing else opens.
    page.evaluate(
        "() => { window.shared = []; navigator.share = (d) => { window.shared.push(d); return Promise.resolve(); }; }"
    )
    pages = len(context.pages)
    page.locator("#share-link").tap()
    page.wait_for_function("window.shared.length === 1")
    assert page.evaluate("window.shared[0].url") == link.inner_text()
    assert len(context.pages) == pages
    context.close()


def _enter(page: Page, kind: str, login: str) -> None:
    """`kind`: "register" (then sign in: registering alone does not) or "sign_in", on /akun, with one password."""
    page.goto("/akun")
    if kind == "register":
        page.fill("#register-login", login)
        page.fill("#register-password", "kata-sandi-panjang")
        page.click("#register-submit")
        expect(page.locator("#account-notice")).to_be_visible()
    page.fill("#sign_in-login", login)
    page.fill("#sign_in-password", "kata-sandi-panjang")
    page.click("#sign_in-submit")
    expect(page.locator("#account-sign-out")).to_be_visible()


def _support(page: Page, code: str) -> None:
    page.goto(f"/laporan/{code}")
    button = page.locator("#support-button")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def test_what_the_browser_did_becomes_the_account_s_without_counting_twice(browser, base_url, engine, file_report):
    supported = file_report(title="Pohon tumbang menutup jalan")
    first = browser.new_context(base_url=base_url, **PHONE).new_page()
    fill_report(first, "Got mampet sebelum akun")
    mine = submit(first)
    _support(first, supported)
    assert _support_count(engine, supported) == 1

    _enter(first, "register", "warga.klaim@contoh.id")
    # At once: the report filed from this browser is the account's, and its support is the account's (still one).
    expect(first.locator("#my-reports")).to_contain_text("Got mampet sebelum akun")
    expect(first.locator(f"#my-reports a[href='/laporan/{mine}']")).to_have_count(1)
    assert _support_count(engine, supported) == 1
    first.goto(f"/laporan/{supported}")
    expect(first.locator("#support-button")).to_have_attribute("aria-pressed", "true")  # the account supports it

    # Another browser supports it too before signing in (two for now), then signs in: one support again.
    second = browser.new_context(base_url=base_url, **PHONE).new_page()
    _support(second, supported)
    assert _support_count(engine, supported) == 2
    _enter(second, "sign_in", "warga.klaim@contoh.id")
    assert _support_count(engine, supported) == 1
    second.goto(f"/laporan/{supported}")
    expect(second.locator("#support-button")).to_have_attribute("aria-pressed", "true")
    first.context.close()
    second.context.close()


def test_the_bell_counts_unread_updates_and_opening_the_list_reads_them(browser, base_url, engine, file_report):
    code = file_report(title="Sampah menumpuk di taman")
    page = browser.new_context(base_url=base_url, **PHONE).new_page()
    page.goto(f"/laporan/{code}")
    page.click("#follow-button")
    expect(page.locator("#follow-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#bell-count")).to_have_count(0)
    with Session(engine) as session:  # an officer's public step, as handling does
        report = session.exec(select(Report).where(Report.tracking_code == code)).one()
        notify_followers(session, report, "verify", "Sudah kami cek di lokasi.")
        notify_followers(session, report, "start", "")
        session.commit()
    page.goto("/")
    expect(page.locator("#bell-count")).to_have_text("2")
    page.screenshot(path=str(Path(SCREENSHOTS) / "phone-bell.png"))
    page.locator("#bell").tap()
    page.wait_for_url("**/akun#notifications")
    expect(page.locator("#notifications .notification.unread")).to_have_count(2)  # highlighted this once
    expect(page.locator("#bell-count")).to_have_count(0)
    page.goto("/")
    expect(page.locator("#bell")).to_be_visible()
    expect(page.locator("#bell-count")).to_have_count(0)
    page.context.close()
