"""An admin manages staff accounts in the browser; a disabled officer can no longer sign in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORDS, sign_in_as

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
