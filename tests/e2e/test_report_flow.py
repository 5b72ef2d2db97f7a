"""A citizen reports a problem in the browser and finds it on its page and on the public map."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.config import get_settings
from tests.e2e.browsing import open_page
from tests.e2e.reporting import fill_report, submit

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]


def test_report_with_photo_then_page_then_map(page: Page):
    fill_report(page, "Jalan berlubang uji ujung ke ujung")
    code = submit(page)

    page.click("#open-report")
    expect(page.locator("#report-title")).to_have_text("Jalan berlubang uji ujung ke ujung")
    expect(page.locator("#report-code")).to_have_text(code)
    expect(page.locator("#report-area")).to_contain_text("Kecamatan")
    if get_settings().boundaries_dir.is_dir():  # real polygons: the kelurahan is known too
        expect(page.locator("#report-area")).to_contain_text("Kelurahan")
    expect(page.locator(".status-badge").first).to_contain_text("Menunggu")
    expect(page.locator("#timeline li")).to_have_count(1)
    expect(page.locator("#timeline")).to_contain_text("Laporan diterima")
    photo = page.locator(".gallery img").first
    expect(photo).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())  # lazy: loads
    # The reporter chose to show the name; the contact never reaches the page.
    expect(page.locator("main")).to_contain_text("Rahmat Hidayat")
    assert "rahmat@contoh.id" not in page.content()

    page.goto(f"/?focus={code}")
    marker = page.frame_locator("#public-map").locator(f".pg-{code}")
    expect(marker).to_be_visible(timeout=15_000)
    popup = page.frame_locator("#public-map").locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Jalan berlubang uji ujung ke ujung")
    expect(popup).to_contain_text("Menunggu")


def test_confidential_report_is_never_public(page: Page):
    fill_report(page, "Laporan rahasia uji", privacy="confidential")
    code = submit(page)
    private_link = page.locator("#private-link").inner_text()

    page.goto(f"/laporan/{code}")
    expect(page.locator("#not-found")).to_be_visible()
    assert "Laporan rahasia uji" not in page.content()

    # Its reporter follows it through the private link: the report, marked confidential, and no public tools.
    page.goto(private_link)
    expect(page.locator("#report-title")).to_have_text("Laporan rahasia uji")
    expect(page.locator("#confidential-notice")).to_be_visible()
    expect(page.locator("#support-button")).to_have_count(0)

    page.goto(f"/?focus={code}")
    frame = page.frame_locator("#public-map")
    expect(frame.locator(".leaflet-marker-icon").first).to_be_attached(timeout=15_000)
    expect(frame.locator(f".pg-{code}")).to_have_count(0)
    assert code not in page.request.get("/peta/frame").text()


def test_unknown_code_gives_a_friendly_page(page: Page):
    page.goto("/laporan/JKT-0000-99999")
    expect(page.locator("#not-found")).to_be_visible()
    page.goto("/laporan/bukan-kode")
    expect(page.locator("#not-found")).to_be_visible()


def test_bad_input_shows_messages_beside_fields(page: Page):
    open_page(page, "/lapor", "id")  # the form ready, as a person sees it (under load a bare goto clicked too soon)
    page.fill("#title", "abc")
    page.click("#submit-report")
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#category-error")).to_contain_text("Pilih kategori")
    expect(page.locator("#title-error")).to_contain_text("terlalu pendek")
    expect(page.locator("#description-error")).to_be_visible()
    expect(page.locator("#location-error")).to_contain_text("Tandai lokasi")
    expect(page.locator("#photos-error")).to_contain_text("foto")
