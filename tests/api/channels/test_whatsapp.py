"""WhatsApp end to end: signed webhooks in, photos from the fake Graph API, answers delivered to it."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from itertools import count

from sqlmodel import func, select

from pengaduan_app.channels.delivery import deliver_due
from pengaduan_app.domain.categories import active_categories
from pengaduan_app.models import Area, ChannelInbound, OutboxMessage, Photo, Report
from pengaduan_app.models.types import utcnow
from tests.channel_fakes import APP_SECRET, PHONE_ID, signed
from tests.helpers import jpeg_bytes

SENDER = "6281234567890"
_ids = count(1)


def notification(message: dict, sender: str = SENDER, name: str = "Budi Santoso") -> dict:
    message = {"from": sender, "id": f"wamid.test{next(_ids)}", "timestamp": "1764400000", **message}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6221000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": name}, "wa_id": sender}],
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


def text(body: str) -> dict:
    return {"type": "text", "text": {"body": body}}


def post(api, payload: dict):
    body, headers = signed(payload)
    return api.post("/api/channels/whatsapp", content=body, headers=headers)


def sent_texts(provider) -> list[str]:
    return [m["text"]["body"] for m in provider.whatsapp_sent]


def number_of(db, code: str) -> str:
    return str([c.code for c in active_categories(db)].index(code) + 1)


def converse(api, db, provider, *, last_privacy_id: str | None = None):
    provider.media["MEDIA1"] = jpeg_bytes(640, 480)
    steps = [
        text("halo"),
        text(number_of(db, "jalan_rusak")),
        text("kelurahan Gambir"),
        {"type": "image", "image": {"id": "MEDIA1", "mime_type": "image/jpeg"}},
        text("Jalan berlubang besar di depan stasiun, motor sering jatuh."),
    ]
    for step in steps:
        assert post(api, notification(step)).status_code == 200
    final = notification(text("2"))
    if last_privacy_id:
        final["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = last_privacy_id
    assert post(api, final).status_code == 200
    return final


def test_handshake_echoes_the_challenge_only_with_the_verify_token(api):
    ok = api.get(
        "/api/channels/whatsapp",
        params={"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"},
    )
    assert ok.status_code == 200 and ok.text == "42"
    bad = api.get(
        "/api/channels/whatsapp", params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "42"}
    )
    assert bad.status_code == 403


def test_a_conversation_files_one_report_with_photo_in_the_named_kelurahan(api, db, provider):
    final = converse(api, db, provider)
    report = db.exec(select(Report)).one()
    gambir = db.exec(select(Area).where(Area.level == "kelurahan", Area.name == "GAMBIR")).one()
    assert (report.channel, report.kelurahan_id, report.privacy) == ("whatsapp", gambir.id, "anonymous")
    assert report.reporter_contact == "+" + SENDER and report.reporter_name == "Budi Santoso"
    assert report.description.startswith("Jalan berlubang")
    assert db.exec(select(func.count(Photo.id)).where(Photo.report_id == report.id)).one() == 1

    assert deliver_due() == (6, 0)
    answers = sent_texts(provider)
    assert {m["to"] for m in provider.whatsapp_sent} == {SENDER}
    assert "1. Jalan rusak" in answers[0]  # the numbered category list
    assert "Kelurahan Gambir" in answers[2]
    assert report.tracking_code in answers[-1]
    assert f"https://lapor.example/laporan/{report.tracking_code}?kunci=" in answers[-1]

    # The provider retries the last webhook: nothing is filed or answered twice.
    assert post(api, final).status_code == 200
    assert db.exec(select(func.count(Report.id))).one() == 1
    assert deliver_due() == (0, 0)
    assert len(provider.whatsapp_sent) == 6


def test_status_and_english(api, db, provider):
    converse(api, db, provider)
    code = db.exec(select(Report.tracking_code)).one()
    assert post(api, notification(text(f"status {code}"))).status_code == 200
    assert (
        post(api, notification(text("Hello, I want to report in english"), sender="6289900000000")).status_code == 200
    )
    deliver_due()
    assert "Menunggu" in sent_texts(provider)[-2]
    assert "What problem" in sent_texts(provider)[-1]


def test_batal_cancels_the_conversation(api, db, provider):
    post(api, notification(text("halo")))
    post(api, notification(text("1")))
    post(api, notification(text("batal")))
    post(api, notification(text("Gambir")))  # a new conversation: this is not taken as the location
    deliver_due()
    assert "dibatalkan" in sent_texts(provider)[2]
    assert "Balas dengan nomornya" in sent_texts(provider)[3]


def test_bad_or_missing_signature_and_garbage_are_refused_with_nothing_stored(api, db):
    payload = notification(text("halo"))
    body, headers = signed(payload, secret="wrong-secret")
    assert api.post("/api/channels/whatsapp", content=body, headers=headers).status_code == 401
    assert (
        api.post("/api/channels/whatsapp", content=body, headers={"Content-Type": "application/json"}).status_code
        == 401
    )
    no_sender = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"messages": [{"id": 5}]}}]}]}
    bad_pin = notification({"type": "location", "location": {"latitude": "utara", "longitude": 1}})
    shapes = [no_sender, bad_pin, {"object": "whatsapp_business_account", "entry": [1]}, {"object": "x"}]
    deep = b"[" * 100_000 + b"]" * 100_000
    for garbage in (b"not json", b"[]", b"\xff\xfe", deep, *(json.dumps(shape).encode() for shape in shapes)):
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), garbage, hashlib.sha256).hexdigest()
        headers = {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
        assert api.post("/api/channels/whatsapp", content=garbage, headers=headers).status_code == 400
    assert db.exec(select(func.count(ChannelInbound.id))).one() == 0
    assert db.exec(select(func.count(OutboxMessage.id))).one() == 0


def test_an_outage_is_retried_until_delivered_exactly_once(api, db, provider):
    post(api, notification(text("halo")))
    provider.outage = 3
    now = utcnow()
    for minutes in (0, 1, 3, 10):
        deliver_due(now=now + timedelta(minutes=minutes))
    assert provider.refused == 3
    assert len(provider.whatsapp_sent) == 1
    row = db.exec(select(OutboxMessage)).one()
    db.refresh(row)
    assert (row.status, row.attempts) == ("sent", 4)
    assert deliver_due(now=now + timedelta(hours=2)) == (0, 0)
    assert len(provider.whatsapp_sent) == 1
