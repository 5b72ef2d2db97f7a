"""Opening pages as a visitor in a chosen language, and reading what every frame of a page shows."""

from __future__ import annotations

import re
from functools import cache

from playwright.sync_api import Page, expect

from pengaduan_app.i18n import LANG_COOKIE, LANGUAGES, catalog

# Texts a person can read or hear: visible text plus the attributes assistive technology reads out.
_SHOWN_TEXTS_JS = """
() => {
  const texts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [aria-description]')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder', 'aria-description']) {
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts;
}
"""


def use_language(page: Page, base_url: str, lang: str) -> None:
    """Choose the language as the ID/EN buttons do: the cookie that the pages and the map frames read."""
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": base_url}])


def open_page(page: Page, address: str, lang: str) -> None:
    """Go to `address` and wait until its state has loaded in `lang` and its frames have loaded."""
    page.goto(address)
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_text(catalog(lang)["common.loading"], exact=True)).to_have_count(0)
    page.wait_for_load_state("networkidle")
    for frame in page.frames:  # the main frame's idle says nothing of a frame the loaded state gave a new address
        frame.wait_for_load_state("load")


def shown_texts(page: Page) -> list[str]:
    """Every text the page and its frames show or announce."""
    return [text for frame in page.frames for text in frame.evaluate(_SHOWN_TEXTS_JS) if text]


@cache
def _key_pattern() -> re.Pattern:
    """Text shaped like a catalog key (`form.title`): what `translate` returns for a key it does not know."""
    namespaces = sorted({key.split(".", 1)[0] for lang in LANGUAGES for key in catalog(lang)})
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, namespaces))})(?:\.[a-z][a-z0-9_]*)+\b")


def assert_in_language(page: Page, page_id: str, lang: str) -> None:
    """The open page speaks `lang`: its header's words, a title, and no untranslated key anywhere it shows."""
    expect(page.locator("#nav-report")).to_have_text(catalog(lang)["nav.report"])
    assert page.title().strip() and "undefined" not in page.title()
    keys = sorted({match for text in shown_texts(page) for match in _key_pattern().findall(text)})
    assert not keys, f"{page_id} in {lang} shows untranslated keys: {keys}"
