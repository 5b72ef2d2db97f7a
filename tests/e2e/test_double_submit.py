"""Pressing "Kirim" twice (double-click, click then Enter, two clicks in one go) files one report."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.reporting import codes_titled, fill_report

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]

PRESSES = {
    "double_click": lambda button: button.dblclick(),
    # Enter goes to whatever has focus: the button, unless the page already replaced it with the answer.
    "click_then_enter": lambda button: (button.click(), button.page.keyboard.press("Enter")),
    # Both clicks before the page can re-render the button as busy.
    "two_clicks_at_once": lambda button: button.evaluate("b => { b.click(); b.click(); }"),
}


@pytest.mark.parametrize("press", PRESSES)
def test_pressing_submit_twice_files_one_report(page: Page, db_url: str, press: str):
    title = f"Uji kirim dua kali {uuid.uuid4().hex[:10]}"  # other tests file reports at the same time
    fill_report(page, title)
    PRESSES[press](page.locator("#submit-report"))
    code = page.locator("#tracking-code")
    expect(code).to_have_text(re.compile(r"^JKT-\d{4}-\d{5,}$"), timeout=20_000)
    first = code.inner_text()
    page.wait_for_timeout(1_500)  # time for a second request to be stored, if one went out
    expect(page.locator("#tracking-code")).to_have_count(1)
    expect(code).to_have_text(first)  # one code, and still the first one
    assert codes_titled(db_url, title) == [first]
