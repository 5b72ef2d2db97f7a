"""An officer handles a report from the queue to resolution with proof; the public sees each step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.builders import jpeg_bytes
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]


def test_officer_verifies_assigns_and_resolves_with_proof(page: Page, file_report):
    code = file_report(title="Trotoar amblas dekat Monas", reporter_contact="saksi@contoh.id")
    sign_in_as(page, "camat.gambir", PASSWORDS["camat.gambir"])

    page.select_option("#queue-sort", "newest")
    row = page.locator("#queue tbody tr", has_text=code)
    expect(row).to_be_visible()
    # Open it by its address: the queue re-sorts as other tests file reports, so a click could land on another row.
    page.goto(row.get_by_role("link", name=code, exact=True).get_attribute("href"))
    expect(page.locator("#staff-title")).to_have_text("Trotoar amblas dekat Monas")
    expect(page.locator("#reporter-contact")).to_have_text("saksi@contoh.id")  # staff see the contact

    page.click("#action-verify")
    expect(page.locator("#staff-status")).to_have_text("Terverifikasi")
    page.select_option("#assign-officer", label="Petugas Kelurahan Gambir")
    expect(page.locator("#staff-status")).to_have_text("Ditugaskan")
    page.click("#action-start")
    expect(page.locator("#staff-status")).to_have_text("Dikerjakan")

    page.fill("#resolve-note", "Trotoar sudah diperbaiki dan dicor ulang.")
    page.locator("#after_photo input[type=file]").set_input_files(
        files=[{"name": "sesudah.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(300, 200, (20, 160, 60))}]
    )
    page.click("#action-resolve")
    expect(page.locator("#staff-status")).to_have_text("Selesai", timeout=15_000)

    page.locator("summary", has_text="Log audit").click()
    audit = page.locator("#audit-log")
    for sentence in ("memverifikasi laporan", "menugaskan laporan", "mulai mengerjakan", "menyelesaikan laporan"):
        expect(audit).to_contain_text(sentence)
    expect(audit).to_contain_text("status dari Dikerjakan ke Selesai")

    page.goto(f"/laporan/{code}")
    timeline = page.locator("#timeline")
    expect(timeline.locator("li")).to_have_count(5)
    expect(timeline).to_contain_text("Selesai ditangani")
    expect(timeline).to_contain_text("Trotoar sudah diperbaiki")
    expect(page.locator(".gallery figcaption", has_text="Foto sesudah")).to_be_visible()
    assert "saksi@contoh.id" not in page.content()


def test_staff_pages_need_a_sign_in_and_wrong_passwords_are_refused(page: Page):
    page.goto("/staf")
    page.wait_for_url(re.compile(r".*/staf/masuk\?next=/staf/?$"))
    # Typed once the page has loaded, as a person would: a post sent while this page's on_load is still on its
    # way can let that older event, which saw no refusal, land after the refused page's own.
    expect(page.locator("input[name=next]")).to_have_value(re.compile(r"^/staf/?$"))
    page.fill("#username", "camat.gambir")
    page.fill("#password", "salah-sekali-ini")
    page.click("#sign-in")
    expect(page.locator("#sign-in-error")).to_contain_text("salah")


def test_an_officer_cannot_open_another_areas_report(page: Page, file_report):
    code = file_report(title="Laporan wilayah Gambir saja")
    sign_in_as(page, "camat.tebet", PASSWORDS["camat.tebet"])
    page.goto(f"/staf/laporan/{code}")
    expect(page.locator("#not-allowed")).to_be_visible()
    assert "Laporan wilayah Gambir saja" not in page.content()


def test_walk_in_complaint_and_printed_receipt(page: Page):
    sign_in_as(page, "camat.gambir", PASSWORDS["camat.gambir"])
    page.goto("/staf/loket")
    page.select_option("#category", "sampah")
    page.fill("#title", "Sampah menumpuk di gang sempit")
    page.fill("#description", "Warga datang ke loket: sampah belum diangkut seminggu.")
    page.frame_locator("#picker").locator(".leaflet-container").click(position={"x": 300, "y": 150})
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))
    page.fill("#reporter_name", "Ibu Sumarni")
    page.fill("#reporter_contact", "0813 2222 3333")
    page.locator("label", has=page.locator("#privacy-anonymous")).click()  # chosen with the citizen: no default
    page.click("#submit-report")

    page.wait_for_url(re.compile(r".*/staf/tanda-terima/JKT-\d{4}-\d{5,}$"), timeout=20_000)
    code = page.url.rsplit("/", 1)[1]
    expect(page.locator("#receipt-code")).to_have_text(code)
    expect(page.locator("#receipt")).to_contain_text("Petugas Kecamatan Gambir")

    page.emulate_media(media="print")
    expect(page.locator(".staff-nav")).to_be_hidden()
    expect(page.locator("#print-receipt")).to_be_hidden()
    expect(page.locator("#receipt-code")).to_be_visible()
    pdf = page.pdf(format="A5")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000

    page.emulate_media(media="screen")
    page.goto(f"/laporan/{code}")
    expect(page.locator("main")).to_contain_text("Loket pengaduan kecamatan")
    assert "0813 2222 3333" not in page.content() and "Ibu Sumarni" not in page.content()
