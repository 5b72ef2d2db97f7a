"""SMS end to end: the generic and the Twilio-style webhook in, answers POSTed to the fake gateway."""

from __future__ import annotations

from itertools import count

from sqlmodel import func, select

from pengaduan_app.channels.delivery import deliver_due
from pengaduan_app.channels.sms import twilio_signature
from pengaduan_app.cli import main
from pengaduan_app.models import Area, ChannelInbound, OutboxMessage, Report
from tests.channel_fakes import SMS_SECRET

SENDER = "+6285711112222"
_ids = count(1)


def generic(api, text: str, sender: str = SENDER, message_id: str | None = None, secret: str = SMS_SECRET):
    fields = {"sender": sender, "text": text, "id": message_id or f"sms-{next(_ids)}"}
    return api.post("/api/channels/sms", data=fields, headers={"X-Gateway-Secret": secret})


def test_a_text_only_conversation_files_one_report_in_the_named_kelurahan(api, db, provider):
    for text in ("lapor", "3", "Cikini", "Sampah menumpuk di pinggir kali sudah seminggu."):
        assert generic(api, text).status_code == 200
    assert generic(api, "2", message_id="sms-last").status_code == 200
    assert generic(api, "2", message_id="sms-last").status_code == 200  # the gateway retries

    report = db.exec(select(Report)).one()
    cikini = db.exec(select(Area).where(Area.level == "kelurahan", Area.name == "CIKINI")).one()
    assert (report.channel, report.kelurahan_id, report.category_id is not None) == ("sms", cikini.id, True)
    assert report.reporter_contact == SENDER
    assert deliver_due() == (5, 0)
    assert {m["to"] for m in provider.sms_sent} == {SENDER}
    assert report.tracking_code in provider.sms_sent[-1]["text"]


def test_twilio_style_fields_with_a_valid_signature_are_taken_in(api, db, provider):
    fields = {"From": SENDER, "Body": "halo", "MessageSid": "SM123", "AccountSid": "AC1"}
    signature = twilio_signature("https://lapor.example/api/channels/sms", fields, SMS_SECRET)
    answer = api.post("/api/channels/sms", data=fields, headers={"X-Twilio-Signature": signature})
    assert answer.status_code == 200 and "<Response>" in answer.text
    deliver_due()
    assert "Balas dengan nomornya" in provider.sms_sent[0]["text"]

    forged = api.post(
        "/api/channels/sms", data={**fields, "MessageSid": "SM124"}, headers={"X-Twilio-Signature": signature}
    )
    assert forged.status_code == 401


def test_bad_secret_and_garbage_are_refused_with_nothing_stored(api, db):
    assert generic(api, "halo", secret="wrong").status_code == 401
    assert api.post("/api/channels/sms", data={"sender": SENDER, "text": "halo", "id": "x"}).status_code == 401
    headers = {"X-Gateway-Secret": SMS_SECRET}
    assert api.post("/api/channels/sms", data={"text": "halo", "id": "x"}, headers=headers).status_code == 400
    assert (
        api.post(
            "/api/channels/sms", data={"sender": "bukan nomor", "text": "x", "id": "y"}, headers=headers
        ).status_code
        == 400
    )
    json_headers = {**headers, "Content-Type": "application/json"}
    assert api.post("/api/channels/sms", content=b"{not json", headers=json_headers).status_code == 400
    assert api.post("/api/channels/sms", content=b"[1, 2]", headers=json_headers).status_code == 400
    deep = b"[" * 100_000 + b"]" * 100_000
    assert api.post("/api/channels/sms", content=deep, headers=json_headers).status_code == 400
    assert db.exec(select(func.count(ChannelInbound.id))).one() == 0
    assert db.exec(select(func.count(OutboxMessage.id))).one() == 0


def test_the_outbox_command_delivers_what_is_due(api, db, provider, capsys):
    assert generic(api, "halo").status_code == 200
    assert main(["outbox"]) == 0
    assert "1 terkirim" in capsys.readouterr().out
    assert len(provider.sms_sent) == 1
    assert main(["outbox"]) == 0
    assert len(provider.sms_sent) == 1
