"""Admins change categories, reply templates and officers' areas in the browser; the next citizen and officer
see the change at once (no restart)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.sla import add_working_days
from pengaduan_app.i18n import format_datetime
from pengaduan_app.models import Report, ReportAttribute
from tests.e2e.reporting import fill_report, submit
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as
from tests.e2e.test_phone import PHONE, SCREENSHOTS

pytestmark = pytest.mark.e2e


def _stored(db_url: str, code: str) -> tuple[Report, list[tuple[str, str]]]:
    engine = make_engine(db_url, immediate=False)
    with Session(engine) as session:
        report = session.exec(select(Report).where(Report.tracking_code == code)).one()
        answers = session.exec(select(ReportAttribute.code, ReportAttribute.value).where(
            ReportAttribute.report_id == report.id)).all()  # fmt: skip
    engine.dispose()
    return report, list(answers)


def _look(page: Page, name: str) -> None:
    """A full-page screenshot for a person to look at (see tests/e2e/test_phone.py)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_a_new_category_with_a_question_is_offered_to_citizens_at_once(page: Page, browser, base_url, db_url):
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/kategori")
    expect(page.locator("#categories")).to_contain_text("Jalan rusak")
    page.fill("#code", "got_mampet")
    page.fill("#name_id", "Got mampet")
    page.fill("#name_en", "Clogged gutter")
    page.fill("#sla_days", "0")
    page.click("#save-category")
    expect(page.locator("#sla_days-error")).to_contain_text("1 sampai 60")
    expect(page.locator("#categories")).not_to_contain_text("got_mampet")
    page.fill("#sla_days", "4")
    page.click("#save-category")
    expect(page.locator("#config-message")).to_have_text("Perubahan disimpan.")
    expect(page.locator("#categories")).to_contain_text("Got mampet")

    page.fill("#q_code", "kedalaman")
    page.select_option("#q_datatype", "number")
    page.fill("#q_label_id", "Kedalaman air di got (cm)")
    page.fill("#q_label_en", "Water depth in the gutter (cm)")
    page.fill("#q_minimum", "0")
    page.fill("#q_maximum", "300")
    page.click("#add-question")
    expect(page.locator("#questions-list")).to_contain_text("Kedalaman air di got (cm)")
    _look(page, "desktop-id-category-with-question")
    page.set_viewport_size(PHONE)
    _look(page, "phone-id-category-with-question")

    citizen = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800}).new_page()
    fill_report(citizen, "Got mampet di depan pasar pagi", category="got_mampet")
    expect(citizen.locator("#questions")).to_contain_text("Kedalaman air di got (cm)")
    citizen.fill("#answer_kedalaman", "999")
    citizen.click("#submit-report")
    expect(citizen.locator("#answer_kedalaman-error")).to_contain_text("0 sampai 300")
    citizen.fill("#answer_kedalaman", "35")
    _look(citizen, "desktop-id-report-form-question")
    code = submit(citizen)
    citizen.context.close()

    report, answers = _stored(db_url, code)
    assert answers == [("kedalaman", "35")]
    assert report.due_at == add_working_days(report.created_at, 4)
    page.goto(f"/staf/laporan/{code}")
    expect(page.locator("main")).to_contain_text(format_datetime(report.due_at, "id"))
    expect(page.locator("main")).to_contain_text("Kedalaman air di got (cm)")


def test_an_edited_template_is_on_the_officers_reply_form(page: Page, browser, base_url, file_report):
    code = file_report(title="Laporan untuk templat yang diubah admin")
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/templat")
    page.click("#edit-template-need_info")
    expect(page.locator("#text_id")).to_have_value(re.compile("^Mohon lengkapi"))
    page.fill("#text_id", "Mohon kirim foto yang lebih dekat agar petugas bisa menilai kerusakannya.")
    page.click("#save-template")
    expect(page.locator("#config-message")).to_have_text("Perubahan disimpan.")
    expect(page.locator("#templates")).to_contain_text("foto yang lebih dekat")

    officer = browser.new_context(base_url=base_url).new_page()
    sign_in_as(officer, "camat.gambir", PASSWORDS["camat.gambir"])
    officer.goto(f"/staf/laporan/{code}")
    officer.select_option("#template", label="Perlu informasi")
    expect(officer.locator("#reply-text")).to_have_value(re.compile("foto yang lebih dekat"))
    officer.context.close()


def test_an_admin_adds_and_removes_an_officers_area(page: Page):
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/akun")
    officer = page.locator("#area-officer option", has_text="camat.tebet")
    page.select_option("#area-officer", officer.get_attribute("value"))
    chosen = page.locator("#area-chosen")
    expect(chosen).to_contain_text("Tebet")
    page.fill("#area-search", "setia")
    page.locator("#area-matches button", has_text="Setia Budi").click()
    expect(chosen).to_contain_text("Setia Budi")
    page.fill("#area-search", "men")
    expect(page.locator("#area-matches button").first).to_be_visible()
    _look(page, "desktop-id-officer-areas")
    page.click("#areas-save")
    expect(page.locator("#accounts-message")).to_be_visible()
    expect(page.locator("#accounts tr", has_text="camat.tebet")).to_contain_text("Setia Budi")

    page.get_by_role("button", name="Hapus wilayah Setia Budi").click()
    page.click("#areas-save")
    expect(page.locator("#accounts tr", has_text="camat.tebet")).not_to_contain_text("Setia Budi")
