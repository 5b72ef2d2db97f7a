"""The running app (its own process, as deployed) takes reports on WhatsApp and e-mail from local fakes,
and its in-process deliverer answers them there: a whole conversation files one report with its photo in
the right kelurahan, a retried webhook files nothing twice, a bad signature stores nothing."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from itertools import count

import httpx
import pytest
from sqlmodel import Session, func, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import active_categories
from pengaduan_app.models import Area, ChannelInbound, Photo, Report
from tests.channel_fakes import INTAKE_ADDRESS, PHONE_ID, signed
from tests.e2e.channel_waits import wait_for, whatsapp_texts
from tests.helpers import jpeg_bytes

pytestmark = [pytest.mark.e2e]
_ids = count(1)


@pytest.fixture
def db(db_url):
    """The running app's database; these tests need its real kelurahan boundaries (to name a kelurahan)."""
    engine = make_engine(db_url, immediate=False)
    with Session(engine) as session:
        if session.exec(select(Area.id).where(Area.level == "kelurahan")).first() is None:
            pytest.skip("the app runs without kelurahan boundaries (PENGADUAN_BOUNDARIES_DIR)")
        yield session
    engine.dispose()


def notification(sender: str, message: dict) -> dict:
    message = {"from": sender, "id": f"wamid.e2e{sender}{next(_ids)}", "timestamp": "1764400000", **message}
    value = {"metadata": {"phone_number_id": PHONE_ID}, "contacts": [{"wa_id": sender, "profile": {"name": "Ani"}}]}
    change = {"field": "messages", "value": {**value, "messages": [message]}}
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}


def post(base_url: str, payload: dict) -> httpx.Response:
    body, headers = signed(payload)
    return httpx.post(f"{base_url}/api/channels/whatsapp", content=body, headers=headers, timeout=30)


def test_a_whatsapp_conversation_files_one_report_answered_by_the_app(db, base_url, channel_fakes):
    provider, sender = channel_fakes.provider, "6281377770001"
    provider.media["E2EPHOTO"] = jpeg_bytes(640, 480)
    banjir = str([c.code for c in active_categories(db)].index("banjir") + 1)
    messages = [
        {"type": "text", "text": {"body": "halo"}},
        {"type": "text", "text": {"body": banjir}},
        {"type": "text", "text": {"body": "Cikini"}},
        {"type": "image", "image": {"id": "E2EPHOTO"}},
        {"type": "text", "text": {"body": "Air masuk ke rumah warga setinggi lutut sejak subuh."}},
        {"type": "text", "text": {"body": "2"}},
    ]
    for message in messages:
        last = notification(sender, message)
        assert post(base_url, last).status_code == 200

    answer = wait_for(lambda: next((t for t in whatsapp_texts(provider, sender) if "JKT-" in t), None), "the code")
    report = db.exec(select(Report).where(Report.reporter_contact == "+" + sender)).one()
    cikini = db.exec(select(Area.id).where(Area.level == "kelurahan", Area.name == "CIKINI")).one()
    assert (report.channel, report.kelurahan_id) == ("whatsapp", cikini)
    assert db.exec(select(func.count(Photo.id)).where(Photo.report_id == report.id)).one() == 1
    assert report.tracking_code in answer and "?kunci=" in answer

    assert post(base_url, last).status_code == 200  # the provider retries: nothing new
    db.expire_all()
    assert db.exec(select(func.count(Report.id)).where(Report.reporter_contact == "+" + sender)).one() == 1

    taken_in = select(func.count(ChannelInbound.id))
    before = db.exec(taken_in).one()
    body, headers = signed(notification(sender, messages[0]), secret="forged")
    assert httpx.post(f"{base_url}/api/channels/whatsapp", content=body, headers=headers).status_code == 401
    db.expire_all()
    assert db.exec(taken_in).one() == before


def test_an_email_is_answered_in_its_thread_by_the_app(db, base_url, channel_fakes):
    mail = EmailMessage()
    mail["From"] = "ibu.rt@contoh.example"
    mail["To"] = INTAKE_ADDRESS
    mail["Subject"] = "Pohon tumbang di Kelurahan Gambir"
    mail["Message-ID"] = "<e2e-pohon@contoh.example>"
    mail.set_content("Pohon besar tumbang menutup separuh jalan, mobil tidak bisa lewat.")
    mail.add_attachment(jpeg_bytes(400, 300), maintype="image", subtype="jpeg", filename="pohon.jpg")
    with smtplib.SMTP("127.0.0.1", channel_fakes.intake_port, timeout=30) as smtp:
        smtp.send_message(mail)

    sink = channel_fakes.mail_sink
    answer = wait_for(
        lambda: next((m for m in list(sink.messages) if m["In-Reply-To"] == "<e2e-pohon@contoh.example>"), None),
        "the e-mailed answer",
    )
    report = db.exec(select(Report).where(Report.reporter_contact == "ibu.rt@contoh.example")).one()
    gambir = db.exec(select(Area.id).where(Area.level == "kelurahan", Area.name == "GAMBIR")).one()
    assert (report.channel, report.kelurahan_id, report.title) == ("email", gambir, "Pohon tumbang di Kelurahan Gambir")
    assert report.tracking_code in answer.get_content()
