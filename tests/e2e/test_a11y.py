"""Accessibility: axe-core on every page (map frames included), visible labels, status in words,
and the whole submission with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page, expect

from pengaduan_app.i18n import catalog
from tests.e2e.browsing import open_page
from tests.e2e.public_pages import address, page_ids
from tests.helpers import jpeg_bytes
from tests.known_gaps import AXE, UNLABELLED, known

pytestmark = pytest.mark.e2e

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


@pytest.mark.parametrize("page_id", page_ids())
def test_every_page_passes_axe_and_labels_every_field(page: Page, page_parameters, page_id):
    open_page(page, address(page_id, page_parameters), "id")
    blocking = [
        f"{v['id']} ({v['impact']}) at {node['target']}: {v['help']}"
        for v in _axe_violations(page)
        if v["impact"] in BLOCKING
        for node in v["nodes"]
        if not known(AXE, (v["id"], node["target"][0]))
    ]
    assert not blocking, f"{page_id}: axe found\n" + "\n".join(blocking)

    unlabelled = [c for c in page.evaluate(_UNLABELLED_JS) if not known(UNLABELLED, (page_id, c))]
    assert not unlabelled, f"{page_id}: form controls without a visible label: {unlabelled}"

    for badge in page.locator(".status-badge").all():
        expect(badge).not_to_have_text("")
        expect(badge.locator("svg")).to_have_count(1)


def _focused(page: Page) -> str:
    """What has keyboard focus: `#id` in the page, or `#frame-id > tag.class` inside a frame."""
    frame_id = page.evaluate("() => document.activeElement.tagName === 'IFRAME' ? document.activeElement.id : ''")
    if frame_id:
        frame: Frame = page.locator(f"#{frame_id}").element_handle().content_frame()
        inner = frame.evaluate("() => (e => e.tagName.toLowerCase() + '.' + e.className)(document.activeElement)")
        return f"#{frame_id} > {inner}"
    return page.evaluate("() => '#' + document.activeElement.id")


def _tab_to(page: Page, target: str, limit: int = 40) -> None:
    """Press Tab until focus is on `target` (a prefix of what `_focused` says): proves it is reachable in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
        if seen[-1].startswith(target):
            return
    raise AssertionError(f"Tab never reached {target}; focus went through {seen}")


def test_a_report_can_be_sent_with_the_keyboard_alone(page: Page):
    texts = catalog("id")
    open_page(page, "/lapor", "id")
    page.locator("h1").click()  # start from the top of the page, as after the skip link

    _tab_to(page, "#category")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#category")).not_to_have_value("")
    _tab_to(page, "#title")
    page.keyboard.type("Lampu jalan mati, dikirim dengan papan ketik")
    _tab_to(page, "#description")
    page.keyboard.type("Sudah tiga malam gelap total di ujung gang.")

    _tab_to(page, "#picker > div.folium-map")
    page.keyboard.press("Enter")  # marks the centre of the map
    expect(page.locator("#location-chosen")).to_contain_text(re.compile(r"-6\.\d+, 106\.\d+"))

    _tab_to(page, "#address")
    page.keyboard.type("Gang Kelinci")
    _tab_to(page, "#photos")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(files=[{"name": "lampu.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(320, 240)}])
    expect(page.locator(".selected-files li")).to_have_count(1)

    _tab_to(page, "#privacy-public")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#privacy-anonymous")).to_be_checked()

    _tab_to(page, "#submit-report")
    page.keyboard.press("Enter")
    expect(page.locator("#tracking-code")).to_have_text(re.compile(r"^JKT-\d{4}-\d{5}$"), timeout=20_000)
    expect(page.locator(".success h2")).to_have_text(texts["form.success_title"])
