"""When the page loses its connection to the server it says so in the visitor's language, and the notice goes
once the connection is back (the page reconnects by itself)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.i18n import LANGUAGES
from pengaduan_app.i18n.catalog import catalog
from tests.e2e.browsing import open_page, use_language
from tests.e2e.test_phone import SCREENSHOTS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_connection_notice_comes_and_goes_in_the_visitors_language(phone_page: Page, base_url, lang):
    use_language(phone_page, base_url, lang)
    open_page(phone_page, "/lacak", lang)
    notice = phone_page.locator("#connection-lost")
    expect(notice).to_have_count(0)

    # The phone loses its network: Chromium closes the event socket and every new attempt fails.
    phone_page.context.set_offline(True)
    expect(notice).to_be_visible(timeout=15_000)
    expect(notice).to_have_text(catalog(lang)["connection.lost"])
    expect(notice).to_have_attribute("role", "alert")
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # whole on the phone's screen
    assert notice.locator("svg").bounding_box()["width"] >= 16  # its icon is not squeezed by the words
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=str(SCREENSHOTS / f"connection-lost-{lang}.png"))

    phone_page.context.set_offline(False)
    expect(notice).to_have_count(0, timeout=20_000)
    expect(phone_page.locator("html")).to_have_attribute("lang", lang)
