"""What happens on the staff side of a channel report reaches the person on that channel: public steps in
citizen words, a staff message; a blocked sender is ignored; limits and quiet conversations."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import func, select

from pengaduan_app.channels.delivery import deliver_due
from pengaduan_app.config import get_settings
from pengaduan_app.db import session_scope
from pengaduan_app.domain import handling, permissions
from pengaduan_app.domain.accounts import create_staff, identity_of
from pengaduan_app.domain.handling import ChannelError, block_sender, message_reporter, reporter_on_channel
from pengaduan_app.domain.intake import Inbound, take_in
from pengaduan_app.media import MediaStore
from pengaduan_app.models import ChannelInbound, OutboxMessage, Report, StatusChange
from pengaduan_app.models.types import utcnow

from .test_whatsapp import SENDER, converse, notification, post, sent_texts, text


@pytest.fixture
def admin(db):
    with session_scope() as session:
        user = create_staff(
            session, username="admin", display_name="Admin Kota", password="kata-sandi-admin", role=permissions.ADMIN
        )
        session.flush()
        return identity_of(session, user)


def test_public_steps_and_a_staff_message_reach_the_person_and_nothing_private_does(api, db, provider, admin):
    converse(api, db, provider)
    code = db.exec(select(Report.tracking_code)).one()
    deliver_due()
    before = len(provider.whatsapp_sent)

    with session_scope() as session:
        handling.verify(session, admin, code, "Sudah kami cek di lokasi.")
    with session_scope() as session:
        handling.add_reply(session, admin, code, "Catatan internal untuk tim.", public=False)
    with session_scope() as session:
        message_reporter(session, admin, code, "Apakah lubangnya di lajur kiri atau kanan?")
    assert deliver_due() == (2, 0)

    verified, asked = sent_texts(provider)[before:]
    assert code in verified and "Laporan diverifikasi" in verified and "Sudah kami cek di lokasi." in verified
    assert "lajur kiri" in asked
    assert all("Catatan internal" not in t for t in sent_texts(provider))
    step = db.exec(select(StatusChange).where(StatusChange.action == "message")).one()
    assert (step.public, step.note) == (False, "Apakah lubangnya di lajur kiri atau kanan?")

    with session_scope() as session:
        assert reporter_on_channel(session, admin, code).address == "+" + SENDER


def test_a_blocked_sender_is_ignored_and_cannot_be_messaged(api, db, provider, admin):
    converse(api, db, provider)
    code = db.exec(select(Report.tracking_code)).one()
    deliver_due()
    with session_scope() as session:
        block_sender(session, admin, code)
    sent = len(provider.whatsapp_sent)
    assert post(api, notification(text("halo"))).status_code == 200
    with pytest.raises(ChannelError), session_scope() as session:
        message_reporter(session, admin, code, "Halo?")
    with session_scope() as session:
        handling.verify(session, admin, code)
    assert deliver_due() == (0, 0)
    assert len(provider.whatsapp_sent) == sent
    assert db.exec(select(func.count(Report.id))).one() == 1


def test_the_per_sender_limit_holds_on_a_channel(api, db, provider, monkeypatch):
    monkeypatch.setenv("PENGADUAN_REPORT_LIMIT_PER_PERSON_HOUR", "1")
    get_settings.cache_clear()
    converse(api, db, provider)
    provider.whatsapp_sent.clear()
    converse(api, db, provider)
    deliver_due()
    assert db.exec(select(func.count(Report.id))).one() == 1
    assert "Laporan belum terkirim" in sent_texts(provider)[-1]


def test_a_quiet_conversation_starts_over(db, provider):
    settings = get_settings()
    store = MediaStore(settings.media_dir)
    start = utcnow()
    with session_scope() as session:
        take_in(session, Inbound("sms", "+628111", "m1", "halo"), settings=settings, store=store, now=start)
    with session_scope() as session:
        take_in(session, Inbound("sms", "+628111", "m2", "1"), settings=settings, store=store, now=start)
    later = start + timedelta(minutes=settings.channel_session_minutes + 1)
    with session_scope() as session:
        take_in(session, Inbound("sms", "+628111", "m3", "Cikini"), settings=settings, store=store, now=later)
    deliver_due(replace(settings))
    last = provider.sms_sent[-1]["text"]
    assert "mulai dari awal" in last and "Balas dengan nomornya" in last
    assert db.exec(select(func.count(ChannelInbound.id))).one() == 3


def test_a_flooding_sender_gets_no_more_answers(db, monkeypatch):
    monkeypatch.setenv("PENGADUAN_CHANNEL_MESSAGES_PER_HOUR", "2")
    get_settings.cache_clear()
    settings = get_settings()
    for number in range(5):
        with session_scope() as session:
            take_in(
                session,
                Inbound("sms", "+628222", f"f{number}", "halo"),
                settings=settings,
                store=MediaStore(settings.media_dir),
            )
    assert db.exec(select(func.count(OutboxMessage.id))).one() == 2
