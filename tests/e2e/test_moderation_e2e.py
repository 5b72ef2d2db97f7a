"""A visitor flags a report; an admin finds it in the moderation list and hides it; the public loses it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.demo.staff import DEMO_ACCOUNTS
from tests.e2e.conftest import sign_in_as

pytestmark = pytest.mark.e2e

ADMIN = next(a for a in DEMO_ACCOUNTS if a.username == "admin")
TITLE = "Spanduk berisi nomor HP warga"


def test_a_flagged_report_is_hidden_by_an_admin_and_leaves_the_public_page(phone_page: Page, page: Page, file_report):
    code = file_report(title=TITLE)
    visitor, staff = phone_page, page
    visitor.goto(f"/laporan/{code}")
    expect(visitor.locator("#report-title")).to_have_text(TITLE)
    visitor.click("#flag-open")
    visitor.select_option("#flag-reason", "personal_data")
    visitor.fill("#flag-comment", "Ada nomor HP orang lain di foto.")
    visitor.click("#flag-send")
    expect(visitor.locator("#flag-thanks")).to_be_visible()

    sign_in_as(staff, ADMIN.username, ADMIN.password)
    staff.goto("/staf/moderasi")
    item = staff.locator(f"#moderation-{code}")
    expect(item).to_contain_text("Memuat data pribadi ×1")
    expect(item).to_contain_text("Ada nomor HP orang lain di foto.")
    staff.fill(f"#hide-reason-{code}", "Data pribadi warga")
    staff.click(f"#hide-{code}")
    expect(staff.locator("#moderation-message")).to_have_text("Laporan disembunyikan dari publik.")
    expect(item).to_contain_text("Disembunyikan")

    visitor.goto(f"/laporan/{code}")
    expect(visitor.locator("#not-found")).to_be_visible()
    assert TITLE not in visitor.content()
