"""Accessibility: axe-core on every page (map frames included), visible labels, status in words,
and the whole submission with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from pengaduan_app.i18n import catalog
from tests.builders import jpeg_bytes
from tests.e2e.browsing import open_page
from tests.e2e.public_pages import address, slug
from tests.e2e.shots import shoot
from tests.e2e.staff_pages import (
    choose_file_with_keys,
    open_as_admin,
    open_every_disclosure,
    public_page_ids,
    staff_page_ids,
    tab_to,
)

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}  # the `page` fixture's window

BLOCKING = ("serious", "critical")

# Form controls whose name a person cannot see: no visible <label>, nor aria-labelledby to visible text.
_UNLABELLED_JS = """
() => {
  const shown = (el) => el && el.getClientRects().length > 0 && el.innerText.trim() !== '';
  const controls = document.querySelectorAll('input:not([type=hidden]), select, textarea');
  return [...controls].filter((el) => {
    const byLabel = [...(el.labels || [])].some(shown);
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const byRef = ids.length > 0 && ids.every((id) => shown(document.getElementById(id)));
    return !(byLabel || byRef);
  }).map((el) => el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : ''));
}
"""


def _axe_violations(page: Page) -> list[dict]:
    """axe-core in every frame (it follows iframes only where it is loaded), run from the top document."""
    axe = Axe()
    for frame in page.frames:
        frame.evaluate(axe.axe_script)
    return axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]


def _assert_accessible(page: Page, page_id: str) -> None:
    """No serious or critical axe finding, a visible label on every field, every status badge in words and icon."""
    open_every_disclosure(page)
    blocking = [
        f"{v['id']} ({v['impact']}) at {node['target']}: {v['help']}"
        for v in _axe_violations(page)
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]
    assert not blocking, f"{page_id}: axe found\n" + "\n".join(blocking)

    unlabelled = page.evaluate(_UNLABELLED_JS)
    assert not unlabelled, f"{page_id}: form controls without a visible label: {unlabelled}"

    for badge in page.locator(".status-badge").all():
        expect(badge).not_to_have_text("")
        expect(badge.locator("svg")).to_have_count(1)


def _assert_fits_a_desktop(page: Page, page_id: str) -> None:
    """A screenshot at 1280 px for a person to look at, and no sideways scrolling."""
    shoot(page, f"desktop-id-{slug(page_id)}", full_page=False)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= DESKTOP["width"], f"{page_id} scrolls sideways on a desktop: {width}px wide"


@pytest.mark.parametrize("page_id", public_page_ids())
def test_every_page_fits_a_desktop_passes_axe_and_labels_every_field(page: Page, page_parameters, page_id):
    open_page(page, address(page_id, page_parameters), "id")
    _assert_fits_a_desktop(page, page_id)
    _assert_accessible(page, page_id)


@pytest.mark.parametrize("page_id", staff_page_ids())
def test_every_staff_page_fits_a_desktop_passes_axe_and_labels_every_field(
    page: Page, staff_parameters, admin_cookie, page_id
):
    open_as_admin(page, page_id, staff_parameters, "id", admin_cookie)
    _assert_fits_a_desktop(page, page_id)
    _assert_accessible(page, page_id)


def test_a_report_can_be_sent_with_the_keyboard_alone(page: Page):
    texts = catalog("id")
    open_page(page, "/lapor", "id")
    page.locator("h1").click()  # start from the top of the page, as after the skip link

    tab_to(page, "#category")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#category")).not_to_have_value("")
    tab_to(page, "#title")
    page.keyboard.type("Lampu jalan mati, dikirim dengan papan ketik")
    tab_to(page, "#description")
    page.keyboard.type("Sudah tiga malam gelap total di ujung gang.")

    tab_to(page, "#picker > div.folium-map")
    page.keyboard.press("Enter")  # marks the centre of the map
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))

    tab_to(page, "#address")
    page.keyboard.type("Gang Kelinci")
    tab_to(page, "#photos")
    photo = {"name": "lampu.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(320, 240)}
    choose_file_with_keys(page, "#photos", [photo])
    expect(page.locator("#photos-chosen .photo-thumb")).to_have_count(1)

    tab_to(page, "#privacy-public")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#privacy-anonymous")).to_be_checked()

    tab_to(page, "#submit-report")
    page.keyboard.press("Enter")
    expect(page.locator("#tracking-code")).to_have_text(re.compile(r"^JKT-\d{4}-\d{5,}$"), timeout=20_000)
    expect(page.locator(".success h2")).to_have_text(texts["form.success_title"])
