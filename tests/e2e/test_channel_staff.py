"""An officer finds a WhatsApp report by its channel, writes to the person through it, and the message
reaches the (fake) WhatsApp API once the outbox is delivered; the public never sees the number."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from pengaduan_app.channels.delivery import deliver_due
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.intake import contact_for
from tests.channel_fakes import TOKEN, FakeProvider
from tests.e2e.conftest import sign_in_as
from tests.e2e.staff_pages import PASSWORDS

pytestmark = [pytest.mark.e2e]

NUMBER = "+6281299990000"


@pytest.fixture
def provider(db_url, monkeypatch):
    fake = FakeProvider().start()
    for name, value in {
        "REFLEX_DB_URL": db_url,
        "PENGADUAN_WHATSAPP_APP_SECRET": "secret",
        "PENGADUAN_WHATSAPP_TOKEN": TOKEN,
        "PENGADUAN_WHATSAPP_PHONE_NUMBER_ID": "555",
        "PENGADUAN_WHATSAPP_API_URL": fake.url,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield fake
    get_settings.cache_clear()
    fake.stop()


def test_an_officer_writes_to_a_whatsapp_reporter_through_the_channel(page: Page, file_report, db_url, provider):
    code = file_report(
        title="Lampu jalan mati di gang", channel="whatsapp", reporter_contact=NUMBER, privacy="anonymous"
    )
    engine = make_engine(db_url)
    with Session(engine) as session:
        contact_for(session, "whatsapp", NUMBER)
        session.commit()
    engine.dispose()

    sign_in_as(page, "admin", PASSWORDS["admin"])
    page.select_option("#queue-channel", "whatsapp")
    expect(page.locator("#queue tbody tr", has_text=code)).to_be_visible()
    page.goto(f"/staf/laporan/{code}")
    panel = page.locator("#channel-panel")
    expect(panel).to_contain_text("WhatsApp")
    expect(page.locator("#channel-address")).to_have_text(NUMBER)

    page.fill("#channel-text", "Mohon kirim foto tiang lampunya dari dekat.")
    page.click("#channel-send")
    expect(page.locator("#channel-notice")).to_be_visible()
    expect(page.locator("#staff-timeline")).to_contain_text("Mohon kirim foto tiang lampunya")

    assert deliver_due() == (1, 0)
    (sent,) = provider.whatsapp_sent
    assert sent["to"] == NUMBER.lstrip("+") and "Mohon kirim foto tiang lampunya" in sent["text"]["body"]

    page.goto(f"/laporan/{code}")
    expect(page.locator("h1")).to_contain_text("Lampu jalan mati")
    assert NUMBER not in page.content() and "Mohon kirim foto" not in page.content()
