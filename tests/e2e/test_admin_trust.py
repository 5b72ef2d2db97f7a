"""Issue 16.7 in the browser: an admin enrolls two-factor sign-in by reading the key shown with the QR code,
signs out, and signs in again with a code; revoking a key, disabling an account and hiding a report ask first,
naming the thing, and disabling and hiding offer "Batalkan"; the audit log reads as sentences with filters."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from pengaduan_app.db import make_engine
from pengaduan_app.domain import permissions
from pengaduan_app.domain.accounts import create_staff
from tests.e2e.server import settings_for
from tests.e2e.staff_sign_in import PASSWORDS, fresh_totp, sign_in_as

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/h16-admin-trust")


def _shot(page: Page, name: str) -> None:
    """A screenshot to look at; a dialog is shot as the screen shows it (it stays fixed in the viewport)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page="dialog" not in name)


@pytest.fixture(scope="module")
def new_admin(app_env) -> str:
    """An admin the server has never seen sign in: no second factor yet."""
    engine = make_engine(settings_for(app_env).db_url)
    with Session(engine) as session:
        create_staff(
            session,
            username="admin.baru",
            display_name="Admin Baru",
            password="kata-sandi-admin-baru",
            role=permissions.ADMIN,
        )
        session.commit()
    engine.dispose()
    return "admin.baru"


def _password(page: Page, username: str, password: str) -> None:
    page.goto("/staf/masuk")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")


def test_an_admin_enrols_with_the_qr_key_then_signs_in_with_a_code(page: Page, phone_page: Page, new_admin):
    _password(page, new_admin, "kata-sandi-admin-baru")
    page.wait_for_url(re.compile(r".*/staf/dua-langkah/?\?.*"))  # before anything else: no session yet
    expect(page.locator("#two-factor-qr")).to_be_visible()
    assert page.locator("#two-factor-qr").get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert not any(c["name"] == "pengaduan_staff" for c in page.context.cookies())
    _shot(page, "enrol-1280")
    page.goto("/staf")  # nothing else opens before enrolling
    page.wait_for_url(re.compile(r".*/staf/masuk.*"))
    page.goto("/staf/dua-langkah")  # the pending state still holds, for five minutes
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    page.fill("#code", "000000")
    page.click("#code-submit")
    expect(page.locator("#code-error")).to_contain_text("Kode salah")
    page.fill("#code", fresh_totp(page, new_admin, secret))
    page.click("#code-submit")
    page.wait_for_url(re.compile(r".*/staf/dua-langkah/pemulihan.*"))
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    _shot(page, "recovery-1280")
    page.reload()
    expect(page.locator("#recovery-codes li")).to_have_count(0)  # shown once
    page.click("#two-factor-continue")
    page.wait_for_url(re.compile(r".*/staf/?$"))
    page.click("#sign-out")
    page.wait_for_url(re.compile(r".*/staf/masuk.*"))

    _password(page, new_admin, "kata-sandi-admin-baru")
    page.wait_for_url(re.compile(r".*/staf/masuk/kode.*"))
    assert not any(c["name"] == "pengaduan_staff" for c in page.context.cookies())
    _shot(page, "code-1280")
    page.fill("#code", fresh_totp(page, new_admin, secret))
    page.click("#code-submit")
    page.wait_for_url(re.compile(r".*/staf/?$"))
    expect(page.locator("#queue")).to_be_visible()
    assert pyotp.TOTP(secret).now().isdigit()

    # the same pages on a phone
    _password(phone_page, "moderator", PASSWORDS["moderator"])
    phone_page.wait_for_url(re.compile(r".*/staf/masuk/kode.*"))
    _shot(phone_page, "code-360")
    phone_page.fill("#code", fresh_totp(phone_page, "moderator"))
    phone_page.click("#code-submit")
    phone_page.wait_for_url(re.compile(r".*/staf/?$"))
    phone_page.goto("/staf/dua-langkah/pemulihan")
    expect(phone_page.locator("#recovery-codes li")).to_have_count(10)
    _shot(phone_page, "recovery-360")


def test_an_officer_may_enrol_by_choice_on_a_phone(phone_page: Page):
    sign_in_as(phone_page, "camat.tebet", PASSWORDS["camat.tebet"])
    phone_page.goto("/staf/dua-langkah")
    expect(phone_page.locator("#two-factor-qr")).to_be_visible()
    _shot(phone_page, "enrol-360")


def test_revoke_disable_and_hide_ask_first_and_can_be_undone(page: Page, phone_page: Page, file_report):
    code = file_report(title="Lampu jalan mati di gang sempit")
    sign_in_as(page, "admin", PASSWORDS["admin"])

    page.goto("/staf/api")
    page.fill("#api-key-name", "Dinas Bina Marga")
    page.click("#create-api-key")
    row = page.locator("#api-keys tr", has_text="Dinas Bina Marga")
    row.get_by_role("button", name="Cabut").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Cabut kunci API 'Dinas Bina Marga'?")
    _shot(page, "revoke-dialog-1280")
    page.click("#revoke-dialog-no")
    expect(dialog).to_have_count(0)
    expect(row).to_contain_text("Aktif")
    row.get_by_role("button", name="Cabut").click()
    page.click("#revoke-dialog-yes")
    expect(row).to_contain_text("Dicabut")

    page.goto("/staf/akun")
    page.click("#toggle-dishub")
    expect(page.locator("#disable-dialog-question")).to_contain_text("Nonaktifkan akun 'dishub'?")
    _shot(page, "disable-dialog-1280")
    page.click("#disable-dialog-yes")
    expect(page.locator("#account-undo")).to_contain_text("Akun 'dishub' dinonaktifkan.")
    _shot(page, "disable-undo-1280")
    page.click("#account-undo-undo")
    expect(page.locator("#accounts tr", has_text="dishub")).to_contain_text("Aktif")

    page.goto(f"/staf/laporan/{code}")
    page.fill("#hide-report-reason", "Memuat nomor telepon warga")
    page.click("#hide-report")
    expect(page.locator("#hide-dialog-question")).to_have_text(
        f"Sembunyikan laporan {code} 'Lampu jalan mati di gang sempit' dari publik?"
    )
    _shot(page, "hide-dialog-1280")
    page.click("#hide-dialog-yes")
    expect(page.locator("#moderation-visibility")).to_contain_text("disembunyikan")
    page.click("#hide-undo-undo")
    expect(page.locator("#moderation-visibility")).not_to_contain_text("disembunyikan")

    page.goto("/staf/audit")
    table = page.locator("#audit-table")
    for sentence in (
        "mencabut kunci API 'Dinas Bina Marga'",
        "menonaktifkan akun dishub",
        "mengaktifkan kembali akun dishub",
        "menyembunyikan laporan dari publik",
        "menampilkan kembali laporan ke publik",
    ):
        expect(table).to_contain_text(sentence)
    expect(table.get_by_role("link", name=code).first).to_have_attribute("href", f"/staf/laporan/{code}")
    page.select_option("#audit-action", label="Menyembunyikan laporan dari publik")
    expect(table.locator("tbody tr")).to_have_count(1)
    _shot(page, "audit-1280")

    sign_in_as(phone_page, "admin", PASSWORDS["admin"])
    phone_page.goto("/staf/audit")
    expect(phone_page.locator("#audit-table")).to_contain_text("mencabut kunci API")
    _shot(phone_page, "audit-360")
    phone_page.goto("/staf/akun")
    phone_page.click("#toggle-dishub")
    expect(phone_page.locator("#disable-dialog-question")).to_be_visible()
    _shot(phone_page, "disable-dialog-360")
    phone_page.click("#disable-dialog-no")
    phone_page.goto(f"/staf/laporan/{code}")
    phone_page.fill("#hide-report-reason", "Uji di ponsel")
    phone_page.click("#hide-report")
    expect(phone_page.locator("#hide-dialog-question")).to_be_visible()
    _shot(phone_page, "hide-dialog-360")
    phone_page.click("#hide-dialog-no")
