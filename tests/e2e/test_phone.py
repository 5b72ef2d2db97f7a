"""A cheap phone at 360×740: no sideways scrolling, thumb-sized targets, camera photos, a map that takes taps.

Screenshots of every page on a phone in both languages go to SCREENSHOTS for a person to look at (the desktop's
are taken by test_a11y, which opens every page at 1280 px).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.i18n import LANGUAGES
from tests.e2e.browsing import assert_in_language, open_page, use_language
from tests.e2e.public_pages import address, slug
from tests.e2e.staff_pages import (
    open_as_admin,
    open_every_disclosure,
    public_page_ids,
    staff_page_ids,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
MIN_TARGET = 44
SCREENSHOTS = Path(os.environ.get("PENGADUAN_SCREENSHOTS") or Path(tempfile.gettempdir()) / "pengaduan-screenshots")

# Visible things a finger can tap that are smaller than `min` px either way. A control's labels count as
# part of it; a link inside running text keeps the size of its text (WCAG 2.5.8's inline exception).
_SMALL_TARGETS_JS = """
(min) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [role=link], [role=radio], [role=checkbox], [tabindex]:not([tabindex="-1"])';
  const own = (el) => el.tagName.toLowerCase() + (el.classList[0] ? '.' + el.classList[0] : '');
  const name = (el) => {
    if (el.id) return '#' + el.id;
    const around = el.parentElement && el.parentElement.closest('[id], [class]');
    return around ? `${around.id ? '#' + around.id : own(around)} ${own(el)}` : own(el);
  };
  const offenders = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || style.visibility === 'hidden') continue;
    if (r.right <= 0 || r.left >= innerWidth || r.bottom <= 0) continue;
    const text = ((el.parentElement && el.parentElement.innerText) || '').trim();
    if (el.tagName === 'A' && style.display === 'inline' && text !== (el.innerText || '').trim()) continue;
    let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
    for (const label of el.labels || []) {
      const b = label.getBoundingClientRect();
      [left, top] = [Math.min(left, b.left), Math.min(top, b.top)];
      [right, bottom] = [Math.max(right, b.right), Math.max(bottom, b.bottom)];
    }
    const [w, h] = [right - left, bottom - top];
    const size = `${Math.round(w)}x${Math.round(h)} "${(el.textContent || '').trim().slice(0, 20)}"`;
    if (w < min - 0.5 || h < min - 0.5) offenders.push([name(el), size]);
  }
  return offenders;
}
"""


def _small_targets(page: Page) -> list[tuple[str, str]]:
    """("frame element", size) for every target under MIN_TARGET, in the page and in its frames."""
    found = []
    for frame in page.frames:
        where = "page" if frame == page.main_frame else "#" + (frame.frame_element().get_attribute("id") or "frame")
        found += [(f"{where} {element}", size) for element, size in frame.evaluate(_SMALL_TARGETS_JS, MIN_TARGET)]
    return found


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(viewport=PHONE, base_url=base_url, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def _assert_fits_a_phone(phone: Page, page_id: str, lang: str) -> None:
    """Screenshot for a person to look at (folded tools opened); no sideways scrolling; every tap target big enough;
    every word in `lang` (each page is opened here in both languages, so the language check rides along)."""
    assert_in_language(phone, page_id, lang)
    open_every_disclosure(phone)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SCREENSHOTS / f"phone-{lang}-{slug(page_id)}.png", full_page=True)

    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page_id} ({lang}) scrolls sideways: {width}px wide (see {SCREENSHOTS})"
    small = [f"{target} {size}" for target, size in _small_targets(phone)]
    assert not small, f"{page_id} ({lang}): tap targets under {MIN_TARGET}px: {small}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_id", public_page_ids())
def test_every_page_fits_a_phone_with_thumb_sized_targets(phone: Page, base_url, page_parameters, page_id, lang):
    use_language(phone, base_url, lang)
    open_page(phone, address(page_id, page_parameters), lang)
    _assert_fits_a_phone(phone, page_id, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_id", staff_page_ids())
def test_every_staff_page_fits_a_phone_with_thumb_sized_targets(
    phone: Page, base_url, staff_parameters, admin_cookie, page_id, lang
):
    use_language(phone, base_url, lang)
    open_as_admin(phone, page_id, staff_parameters, lang, admin_cookie)
    _assert_fits_a_phone(phone, page_id, lang)


def test_photos_can_come_straight_from_the_camera(phone: Page):
    """Image types only and no `capture`: Android and iOS then offer the camera beside the gallery."""
    open_page(phone, "/lapor", "id")
    file_input = phone.locator("#photos input[type=file]")
    accept = file_input.get_attribute("accept") or ""
    mime_types = [kind for kind in accept.split(",") if "/" in kind]
    assert mime_types and all(kind.startswith("image/") for kind in mime_types), accept
    assert file_input.get_attribute("capture") is None
    assert file_input.get_attribute("multiple") is not None


def test_the_location_is_chosen_with_a_tap(phone: Page):
    open_page(phone, "/lapor", "id")
    phone.frame_locator("#picker").locator(".leaflet-container").tap(position={"x": 150, "y": 150})
    expect(phone.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))
