"""An admin creates an Open311 key in the browser; an app files a report with it; revoking it stops the app."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.builders import MONAS
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = pytest.mark.e2e


def _post(base_url: str, key: str) -> httpx.Response:
    fields = {
        "api_key": key,
        "service_code": "banjir",
        "lat": str(MONAS[0]),
        "long": str(MONAS[1]),
        "description": "Banjir setinggi lutut di depan Monas, dilaporkan lewat aplikasi mitra.",
        "attribute[water_depth]": "45",
    }
    return httpx.post(f"{base_url}/open311/v2/requests.json", data=fields, timeout=30)


def test_admin_creates_a_key_an_app_uses_it_and_revoking_stops_it(page: Page, base_url):
    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.goto("/staf/api")
    page.fill("#api-key-name", "Aplikasi Mitra Uji")
    page.click("#create-api-key")
    shown = page.locator("#new-api-key")
    expect(shown).to_contain_text("pgd_")
    key = shown.inner_text().strip()
    row = page.locator("#api-keys tr", has_text="Aplikasi Mitra Uji")
    expect(row).to_contain_text(key[:13])
    expect(row).not_to_contain_text(key[14:])

    response = _post(base_url, key)
    assert response.status_code == 201, response.text
    code = response.json()[0]["service_request_id"]
    page.goto(f"/laporan/{code}")
    expect(page.get_by_text("Banjir setinggi lutut di depan Monas").first).to_be_visible()

    page.goto("/staf/api")
    expect(page.locator("#new-api-key")).to_have_count(0)
    row = page.locator("#api-keys tr", has_text="Aplikasi Mitra Uji")
    row.get_by_role("button").click()
    expect(page.locator("#revoke-dialog-question")).to_contain_text("Aplikasi Mitra Uji")  # asks first
    page.click("#revoke-dialog-yes")
    expect(row).to_contain_text("Dicabut")
    refused = _post(base_url, key)
    assert refused.status_code == 403
    assert refused.json()[0]["code"] == 403
