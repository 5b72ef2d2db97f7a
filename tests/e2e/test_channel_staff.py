"""An officer finds a WhatsApp report by its channel, writes to the person through it, and the message
reaches the (fake) WhatsApp API through the app's own deliverer; the public never sees the number."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from pengaduan_app.db import make_engine
from pengaduan_app.domain.intake import contact_for
from tests.e2e.channel_waits import wait_for, whatsapp_texts
from tests.e2e.staff_sign_in import PASSWORDS, sign_in_as

pytestmark = [pytest.mark.e2e]

NUMBER = "+6281299990000"


def test_an_officer_writes_to_a_whatsapp_reporter_through_the_channel(page: Page, file_report, db_url, channel_fakes):
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

    (sent,) = wait_for(lambda: whatsapp_texts(channel_fakes.provider, NUMBER), "the message on WhatsApp")
    assert "Mohon kirim foto tiang lampunya" in sent

    page.goto(f"/laporan/{code}")
    expect(page.locator("h1")).to_contain_text("Lampu jalan mati")
    assert NUMBER not in page.content() and "Mohon kirim foto" not in page.content()
