"""An admin manages staff accounts in the browser; a disabled officer can no longer sign in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.shots import shoot
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = pytest.mark.e2e


def test_admin_creates_and_disables_an_officer(page: Page, browser, base_url):
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/akun")
    page.fill("#new-username", "lurah.baru")
    page.fill("#new-name", "Lurah Baru")
    page.select_option("#new-role", "kelurahan")
    page.select_option("#new-areas", label="Kel. Gambir")
    page.fill("#new-password", "kata-sandi-lurah-baru")
    page.click("#create-account")
    expect(page.locator("#accounts-message")).to_be_visible()
    row = page.locator("#accounts tr", has_text="lurah.baru")
    expect(row).to_contain_text("Gambir")

    other = browser.new_context(base_url=base_url).new_page()
    sign_in_as(other, "lurah.baru", "kata-sandi-lurah-baru")
    expect(other.locator("#queue")).to_be_visible()

    page.click("#toggle-lurah\\.baru")
    expect(page.locator("#disable-dialog-question")).to_contain_text("Nonaktifkan akun 'lurah.baru'?")
    page.click("#disable-dialog-yes")
    expect(row).to_contain_text("Nonaktif")
    other.goto("/staf")  # the running session ended with the account
    other.wait_for_url("**/staf/masuk**")
    other.fill("#username", "lurah.baru")
    other.fill("#password", "kata-sandi-lurah-baru")
    other.click("#sign-in")
    expect(other.locator("#sign-in-error")).to_be_visible()
    other.context.close()

    page.goto("/staf/audit")
    table = page.locator("#audit-table")
    expect(table).to_contain_text("membuat akun lurah.baru (Petugas kelurahan)")
    expect(table).to_contain_text("menonaktifkan akun lurah.baru")
    assert "account_disable" not in table.inner_text()


def test_officers_cannot_manage_accounts(page: Page):
    sign_in_as(page, "camat.gambir", PASSWORDS["camat.gambir"])
    page.goto("/staf/akun")
    expect(page.get_by_role("alert")).to_contain_text("tidak berwenang")
    expect(page.locator("#accounts")).to_have_count(0)


def test_admin_sets_and_clears_an_officers_digest_email(page: Page):
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/akun")
    row = page.locator("#accounts tr", has_text="lurah.gambir")
    page.select_option("#email-user", label="lurah.gambir")
    page.fill("#email", "lurah gambir@kantor")
    page.click("#email-save")
    expect(page.locator("#email-error")).to_contain_text("Tulis alamat email yang benar")
    expect(page.locator("#email")).to_have_attribute("aria-describedby", "email-hint")
    shoot(page, "accounts-email-error-1280")
    page.fill("#email", "lurah.gambir@kelurahan.example")
    page.click("#email-save")
    expect(page.locator("#accounts-message")).to_have_text("Email ringkasan harian disimpan.")
    expect(page.locator("#email-error")).to_have_count(0)
    expect(row).to_contain_text("lurah.gambir@kelurahan.example")
    page.select_option("#email-user", label="lurah.gambir")
    page.fill("#email", "")
    page.click("#email-save")
    expect(row).not_to_contain_text("lurah.gambir@kelurahan.example")

    page.fill("#new-username", "lurah.surel")
    page.fill("#new-name", "Lurah Surel")
    page.select_option("#new-role", "kelurahan")
    page.select_option("#new-areas", label="Kel. Gambir")
    page.fill("#new_email", "bukan alamat")
    page.fill("#new-password", "kata-sandi-lurah-surel")
    page.click("#create-account")
    expect(page.locator("#new_email-error")).to_contain_text("Tulis alamat email yang benar")
    expect(page.locator("#accounts tr", has_text="lurah.surel")).to_have_count(0)
    page.fill("#new_email", "lurah.surel@kelurahan.example")
    page.click("#create-account")
    expect(page.locator("#accounts tr", has_text="lurah.surel")).to_contain_text("lurah.surel@kelurahan.example")
    expect(page.locator("#new-username")).to_have_value("")  # the form starts afresh
    shoot(page, "accounts-1280")

    page.goto("/staf/audit")
    table = page.locator("#audit-table")
    expect(table).to_contain_text("mengatur email ringkasan harian akun lurah.gambir ke lurah.gambir@kelurahan.example")
    expect(table).to_contain_text("menghapus email ringkasan harian akun lurah.gambir")


def test_the_admin_pages_show_their_rows_and_the_accounts_read_as_cards_on_a_phone(page: Page, phone_page: Page):
    """Typed rows in a real build: every admin page lists its rows (never "[object Object]"); on a phone each
    account is a card of values, each beside its column's name. One sign-in per screen: a sign-in costs a code."""
    sign_in_as(phone_page, "admin", PASSWORDS["admin"])
    phone_page.goto("/staf/akun")
    row = phone_page.locator("#accounts tbody tr", has_text="camat.gambir")
    expect(row).to_be_visible()
    labels = row.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content.replaceAll('\"', ''))"
    )
    assert labels == ["Nama pengguna", "Nama lengkap", "Peran", "Unit penanggung jawab", "Email", "Status",
                      "Tindakan"]  # fmt: skip
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off the screen
    shoot(phone_page, "akun-360")

    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/api")
    page.fill("#api-key-name", "Aplikasi Tangkapan Layar")  # so that the keys' table has a row
    page.click("#create-api-key")
    expect(page.locator("#api-keys tbody tr", has_text="Aplikasi Tangkapan Layar")).to_have_count(1)  # others' too
    rows = {"audit": "#audit-table", "kategori": "#categories", "templat": "#templates", "api": "#api-keys"}
    for name in ("audit", "kategori", "templat", "api", "moderasi"):
        for viewer, width in ((page, 1280), (phone_page, 360)):
            viewer.goto(f"/staf/{name}")
            expect(viewer.locator("h1")).to_be_visible()
            if name in rows:
                first = viewer.locator(f"{rows[name]} tbody tr").first
                expect(first).to_be_visible()
                if width == 360:  # a card of named values: every cell but the card's title names its column
                    unnamed = first.locator("td:not(.wrap)").evaluate_all(
                        "cells => cells.filter(c => ['none', '\"\"'].includes(getComputedStyle(c, '::before')"
                        ".content)).length"
                    )
                    assert unnamed == 0, name
            expect(viewer.locator("main")).not_to_contain_text("[object Object]")
            shoot(viewer, f"{name}-{width}")
