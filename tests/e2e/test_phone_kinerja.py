"""`/kinerja` on a 360×740 phone: every value under its column's name, and the top ten of the ranking within
three screens of the top of the page (the rest behind "show more")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.i18n.catalog import catalog
from tests.e2e.test_phone import SCREENSHOTS

pytestmark = pytest.mark.e2e

SCREEN = 740
NAMED = {
    "received": "kinerja.short.received",
    "resolved": "kinerja.short.resolved",
    "response": "kinerja.short.response",
    "resolution": "kinerja.short.resolution",
    "within": "kinerja.short.within_sla",
    "reopen": "kinerja.short.reopen",
    "rating": "kinerja.short.rating",
    "score": "kinerja.short.score",
}


def test_the_top_ten_fit_three_phone_screens_with_every_value_named(phone_page: Page):
    phone_page.goto("/kinerja")
    rows = phone_page.locator("#kinerja-table tbody tr:not(.total-row)")
    expect(rows).to_have_count(10, timeout=20_000)  # ten now, more behind the button
    expect(phone_page.locator("#kinerja-more")).to_be_visible()
    tenth = rows.nth(9)
    bottom = tenth.evaluate("r => r.getBoundingClientRect().bottom + window.scrollY")
    assert bottom <= 3 * SCREEN, f"the 10th row ends at {bottom:.0f} px"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    # Each value with its (short) name, as the phone shows it (the cell's label drawn over the value).
    words = catalog("id")
    for cls, key in NAMED.items():
        cell = tenth.locator(f"td.{cls}")
        shown = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert shown == f'"{words[key]}"', (cls, shown)
        assert cell.evaluate("td => getComputedStyle(td).display") != "none"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for screen in range(3):
        phone_page.evaluate(f"window.scrollTo(0, {screen * SCREEN})")
        phone_page.screenshot(path=str(SCREENSHOTS / f"phone-kinerja-{screen + 1}.png"))
    # "Show more" brings the next ten.
    phone_page.locator("#kinerja-more").tap()
    expect(rows).to_have_count(20)
