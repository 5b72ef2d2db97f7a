"""Both languages in the browser: a report can be sent in each, errors and buttons speak it (that every page
shows no untranslated key is checked where test_phone opens every page in both languages)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pengaduan_app.i18n import LANGUAGES, catalog
from tests.e2e.browsing import open_page, use_language
from tests.e2e.reporting import fill_report, submit

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_report_is_sent_and_confirmed_in_the_chosen_language(page: Page, base_url, lang):
    texts = catalog(lang)
    use_language(page, base_url, lang)
    fill_report(page, f"Trotoar rusak uji bahasa {lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    submit(page)
    expect(page.locator(".success h2")).to_have_text(texts["form.success_title"])
    expect(page.locator(".success")).to_contain_text(texts["form.success_body"])
    expect(page.locator("#open-report")).to_have_text(texts["form.open_report"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_errors_are_in_the_chosen_language(page: Page, base_url, lang):
    texts = catalog(lang)
    use_language(page, base_url, lang)
    open_page(page, "/lapor", lang)
    page.fill("#title", "abc")
    page.click("#submit-report")
    expect(page.locator("#form-errors")).to_have_text(texts["form.has_errors"])
    expect(page.locator("#category-error")).to_have_text(texts["error.category_required"])
    expect(page.locator("#title-error")).to_have_text(texts["error.title_too_short"].format(min=5))
    expect(page.locator("#location-error")).to_have_text(texts["error.location_required"])
    expect(page.locator("#photos-error")).to_have_text(texts["error.photos_required"])


def test_the_language_buttons_switch_and_remember(page: Page):
    page.goto("/lacak")
    expect(page.locator("h1")).to_have_text(catalog("id")["track.heading"])
    page.get_by_role("button", name="EN").click()
    expect(page.locator("h1")).to_have_text(catalog("en")["track.heading"])
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.title().startswith(catalog("en")["page.track"])
    page.goto("/halaman-yang-tidak-ada")
    expect(page.locator("h1")).to_have_text(catalog("en")["notfound.title"])
    page.get_by_role("button", name="ID").click()
    expect(page.locator("h1")).to_have_text(catalog("id")["notfound.title"])
    assert page.title().startswith(catalog("id")["page.not_found"])
