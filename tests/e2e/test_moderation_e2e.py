"""A visitor flags a report; an admin finds it in the moderation list and hides it; the public loses it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.demo.staff import DEMO_ACCOUNTS
from tests.e2e.shots import shoot
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

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
    staff.click(f"#hide-{code}")  # no reason yet: said at once, nothing asked
    expect(staff.locator("#moderation-error")).to_have_text("Tulis alasannya.")
    expect(staff.get_by_role("alertdialog")).to_have_count(0)
    staff.fill(f"#hide-reason-{code}", "Data pribadi warga")
    staff.click(f"#hide-{code}")
    question = staff.locator("#queue-hide-dialog-question")
    expect(question).to_have_text(f"Sembunyikan laporan {code} '{TITLE}' dari publik?")
    shoot(staff, "moderation-queue-dialog-1280", full_page=False)
    staff.click("#queue-hide-dialog-no")  # "Tidak": nothing hidden
    expect(question).to_have_count(0)
    expect(item).not_to_contain_text("Disembunyikan")
    staff.click(f"#hide-{code}")
    staff.click("#queue-hide-dialog-yes")
    expect(staff.locator("#moderation-message")).to_have_text("Laporan disembunyikan dari publik.")
    expect(item).to_contain_text("Disembunyikan")
    expect(staff.locator("#queue-hide-undo")).to_contain_text(f"Laporan {code} disembunyikan dari publik.")
    shoot(staff, "moderation-queue-undo-1280")

    visitor.goto(f"/laporan/{code}")
    expect(visitor.locator("#not-found")).to_be_visible()
    assert TITLE not in visitor.content()

    staff.click("#queue-hide-undo-undo")  # "Batalkan": public again, audited
    expect(staff.locator("#moderation-message")).to_have_text("Laporan ditampilkan lagi untuk publik.")
    expect(staff.locator("#queue-hide-undo")).to_have_count(0)
    visitor.goto(f"/laporan/{code}")
    expect(visitor.locator("#report-title")).to_have_text(TITLE)
    staff.goto("/staf/audit")
    expect(staff.locator("#audit-table")).to_contain_text("menampilkan kembali laporan ke publik")


def test_hiding_from_the_queue_asks_on_a_phone(phone_page: Page, file_report):
    code = file_report(title="Coretan kasar di halte bus")
    phone_page.goto(f"/laporan/{code}")
    phone_page.click("#flag-open")
    phone_page.select_option("#flag-reason", "offensive")
    phone_page.click("#flag-send")
    expect(phone_page.locator("#flag-thanks")).to_be_visible()
    sign_in_as(phone_page, "moderator", PASSWORDS["moderator"])
    phone_page.goto("/staf/moderasi")
    phone_page.fill(f"#hide-reason-{code}", "Kata-kata kasar")
    phone_page.click(f"#hide-{code}")
    expect(phone_page.locator("#queue-hide-dialog-question")).to_contain_text(code)
    shoot(phone_page, "moderation-queue-dialog-360", full_page=False)
    phone_page.click("#queue-hide-dialog-no")
    shoot(phone_page, "moderation-queue-360")
