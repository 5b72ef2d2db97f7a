"""The place of a report for the officer who goes there: the map with the pin and the reports near it, the
routed areas, coordinates and directions; dragging the pin and correcting the category, both of which the
public reads in citizen words on the report's timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = [pytest.mark.e2e]


def _open(page: Page, username: str, code: str) -> None:
    sign_in_as(page, username, PASSWORDS[username])
    page.goto(f"/staf/laporan/{code}")
    expect(page.locator("#place")).to_be_visible()


def test_officer_sees_the_place_moves_the_pin_and_corrects_the_category(page: Page, file_report, tmp_path):
    code = file_report(title="Trotoar retak di Medan Merdeka")
    neighbour = file_report(title="Saluran mampet dekat trotoar", latitude=-6.1756, longitude=106.8272)
    _open(page, "camat.gambir", code)

    expect(page.locator("#place-kecamatan")).to_have_text(re.compile("Gambir", re.I))
    before = page.locator("#coordinates").inner_text()
    lat, lng = before.split(", ")
    expect(page.locator("#directions-geo")).to_have_attribute("href", f"geo:{lat},{lng}?q={lat},{lng}")
    expect(page.locator("#directions-osm")).to_have_attribute(
        "href", re.compile(rf"^https://www\.openstreetmap\.org/directions\?to={lat}%2C{lng}")
    )
    frame = page.frame_locator("#staff-map")
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(1)  # the report's own pin
    expect(frame.locator("path.leaflet-interactive").first).to_be_visible()  # the neighbours' circles
    page.screenshot(path=str(tmp_path / "place-desktop.png"), full_page=True)

    box = frame.locator(".leaflet-container")
    box.click(position={"x": 200, "y": 120})  # a tap moves the pin; nothing is stored yet
    expect(page.locator("#new-place")).to_contain_text("Gambir")
    page.click("#save-place")
    expect(page.locator("#staff-message")).to_contain_text("Lokasi diperbaiki")
    expect(page.locator("#coordinates")).not_to_have_text(before)

    page.locator("summary", has_text="Perbaiki kategori").click()
    page.select_option("#new-category", label="Banjir")
    page.click("#save-category")
    expect(page.locator("#staff-message")).to_contain_text("Kategori diperbaiki")
    expect(page.locator("#staff-timeline")).to_contain_text("Perbaiki kategori")

    page.goto(f"/laporan/{code}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Lokasi diperbaiki oleh petugas")
    expect(timeline).to_contain_text("Kategori diperbaiki oleh petugas")
    assert neighbour not in page.content()


def test_the_map_is_refused_to_an_officer_of_another_area(page: Page, file_report):
    code = file_report(title="Laporan Gambir untuk uji peta")
    sign_in_as(page, "camat.tebet", PASSWORDS["camat.tebet"])
    assert page.request.get(f"/staf/peta/{code}").status == 403
    page.goto(f"/staf/laporan/{code}")
    expect(page.locator("#not-allowed")).to_be_visible()
    assert page.request.get(f"/staf/peta/{code}", headers={"Cookie": ""}).status == 403


def test_the_place_on_a_phone(phone_page: Page, file_report, tmp_path):
    code = file_report(title="Pohon tumbang menutup jalan")
    _open(phone_page, "camat.gambir", code)
    place = phone_page.locator("#place")
    place.scroll_into_view_if_needed()
    expect(phone_page.frame_locator("#staff-map").locator(".leaflet-marker-icon")).to_have_count(1)
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    for link in ("#directions-geo", "#directions-osm"):
        assert phone_page.locator(link).bounding_box()["height"] >= 44
    place.screenshot(path=str(tmp_path / "place-phone.png"))
