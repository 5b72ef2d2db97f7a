"""The officers' daily digest, through a real SMTP server (aiosmtpd), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import email
from datetime import UTC, datetime, time
from email.message import EmailMessage
from email.policy import default

import pytest
from sqlmodel import select

from pengaduan_app import cli
from pengaduan_app.config import get_settings
from pengaduan_app.domain.accounts import AccountError, set_staff_email
from pengaduan_app.domain.digest import build_digests, run_daily_digest
from pengaduan_app.domain.sla import JAKARTA, working_days_late
from pengaduan_app.domain.staff_queue import overdue_count
from pengaduan_app.mail.digest_schedule import run_if_due, seconds_until_next
from pengaduan_app.models import DigestRun, StaffUser
from tests.builders import build_city, make_report
from tests.conftest import ON_EVERY_DATABASE
from tests.smtp_inbox import running_inbox

# Wednesday 25 November 2026, 07:00 in Jakarta: the digest's hour on a working day.
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=JAKARTA).astimezone(UTC)


def end_of(day: int) -> datetime:
    """The end of a November 2026 day in Jakarta, as deadlines are set (sla.add_working_days)."""
    return datetime.combine(datetime(2026, 11, day).date(), time(23, 59, 59), tzinfo=JAKARTA)


def _city_with_reports(session):
    city = build_city(session)
    for officer in (city.admin, city.camat_a, city.lurah_a1, city.lurah_b1, city.dishub, city.moderator):
        set_staff_email(session, officer.username, f"{officer.username}@kantor.example")
    retired = session.exec(select(StaffUser).where(StaffUser.username == "lurah.alfa2")).one()
    retired.active = False  # disabled: no digest although it has an address
    retired.email = "pensiun@kantor.example"
    session.commit()
    reports = {
        "late_2": make_report(session, city.kel_a1, title="Lampu mati dua hari", due_at=end_of(23)),
        "late_4": make_report(session, city.kel_a1, title="Sampah <b>menumpuk</b>", due_at=end_of(19)),
        "late_3": make_report(session, city.kel_a1, title="Got tersumbat tiga hari", due_at=end_of(20)),
        "soon": make_report(session, city.kel_a1, title="Pohon miring", due_at=end_of(26)),
        "later": make_report(session, city.kel_a1, title="Trotoar retak", due_at=end_of(27)),
        "kec": make_report(session, city.kel_a1, title="Pasar becek", due_at=end_of(10), unit_area_id=city.kec_a.id),
        "beta": make_report(session, city.kel_b1, title="Banjir di Beta", due_at=end_of(10)),
        "dinas": make_report(session, city.kel_a1, title="Angkot ngetem", due_at=end_of(10), agency="perhubungan"),
        "done": make_report(session, city.kel_a1, title="Sudah beres", due_at=end_of(10), status="resolved"),
    }
    return city, reports


def _smtp_settings(port: int):
    return dataclasses.replace(
        get_settings(), smtp_host="127.0.0.1", smtp_port=port, public_base_url="https://lapor.example"
    )


def _parse(raw: str) -> EmailMessage:
    return email.message_from_string(raw, policy=default)


def test_working_days_late_skips_weekends():
    assert working_days_late(end_of(20), NOW) == 3  # Friday's deadline: Monday, Tuesday, Wednesday
    assert working_days_late(end_of(25), NOW) == 0


@ON_EVERY_DATABASE
def test_each_officer_gets_their_units_reports_and_the_level_above_the_long_overdue(app_db):
    _, r = _city_with_reports(app_db)
    by_officer = {d.email.split("@")[0]: d for d in build_digests(app_db, NOW, escalate_after=3)}
    codes = lambda lines: [line.tracking_code for line in lines]  # noqa: E731
    assert set(by_officer) == {"lurah.alfa1", "camat.alfa", "lurah.beta1", "dishub", "admin"}
    lurah = by_officer["lurah.alfa1"]
    assert codes(lurah.overdue) == [r["late_4"].tracking_code, r["late_3"].tracking_code, r["late_2"].tracking_code]
    assert [line.days_late for line in lurah.overdue] == [4, 3, 2]
    assert codes(lurah.due_soon) == [r["soon"].tracking_code] and not lurah.escalated
    camat = by_officer["camat.alfa"]
    # Escalated: only its kelurahan's report more than 3 working days late (not the one 3 days late, not Beta's).
    assert codes(camat.overdue) == [r["kec"].tracking_code] and codes(camat.escalated) == [r["late_4"].tracking_code]
    assert codes(by_officer["lurah.beta1"].overdue) == [r["beta"].tracking_code]
    assert codes(by_officer["dishub"].overdue) == [r["dinas"].tracking_code]
    # The city hears of late kecamatan units and agencies.
    admin = by_officer["admin"]
    assert not admin.overdue and codes(admin.escalated) == [r["kec"].tracking_code, r["dinas"].tracking_code]


@ON_EVERY_DATABASE
def test_the_digest_is_mailed_once_a_day_without_reporter_contact(app_db):
    _, r = _city_with_reports(app_db)
    with running_inbox() as (inbox, port):
        settings = _smtp_settings(port)
        digests = run_daily_digest(app_db, NOW, settings)
        app_db.commit()
        assert len(digests) == 5
        messages = inbox.wait_for(5)
        assert len(messages) == 5
        again = run_daily_digest(app_db, NOW.replace(hour=9), settings)  # a second worker, or cron, later that day
        app_db.commit()
        assert again is None
        assert len(inbox.wait_for(6, timeout=1)) == 5
    assert app_db.exec(select(DigestRun.recipients)).all() == [5]
    mails = {rcpt[0]: _parse(raw) for rcpt, raw in messages}
    camat = mails["camat.alfa@kantor.example"]
    assert "1 terlambat" in camat["Subject"] and "1 eskalasi" in camat["Subject"]
    text = camat.get_body(("plain",)).get_content()
    html = camat.get_body(("html",)).get_content()
    assert f"https://lapor.example/staf/laporan/{r['late_4'].tracking_code}" in text
    assert "terlambat 4 hari kerja" in text and "4 working days late" in text
    assert "Sampah &lt;b&gt;menumpuk&lt;/b&gt;" in html and "<b>menumpuk" not in html
    assert f'href="https://lapor.example/staf/laporan/{r["kec"].tracking_code}"' in html
    for message in mails.values():
        raw = message.as_string()
        assert "0812 0000 1111" not in raw and "Warga Uji" not in raw


@ON_EVERY_DATABASE
def test_the_command_sends_the_day_once(app_db, monkeypatch, capsys):
    _city_with_reports(app_db)
    with running_inbox() as (inbox, port):
        monkeypatch.setenv("PENGADUAN_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PENGADUAN_SMTP_PORT", str(port))
        get_settings.cache_clear()
        assert cli.main(["digest", "--any-day"]) == 0  # the test runs on any day of the week
        assert cli.main(["digest", "--any-day"]) == 0
        sent = len(inbox.wait_for(1))
    out = capsys.readouterr().out
    assert "sudah dikirim" in out and sent >= 1  # which reports are late depends on today's date
    assert len(app_db.exec(select(DigestRun)).all()) == 1


def test_an_officers_address_must_be_an_address(session):
    city = build_city(session)
    with pytest.raises(AccountError):
        set_staff_email(session, city.lurah_a1.username, "bukan alamat")
    assert set_staff_email(session, city.lurah_a1.username, "").email is None


@ON_EVERY_DATABASE
def test_the_header_count_is_the_officers_overdue_reports(app_db):
    city, _ = _city_with_reports(app_db)
    assert overdue_count(app_db, city.lurah_a1, NOW) == 3
    assert overdue_count(app_db, city.camat_a, NOW) == 4  # its own unit and its kelurahan's
    assert overdue_count(app_db, city.dishub, NOW) == 1
    assert overdue_count(app_db, city.moderator, NOW) == overdue_count(app_db, city.admin, NOW) == 0  # no unit
    assert overdue_count(app_db, None, NOW) == 0


def test_the_schedule_waits_for_the_next_hour_in_jakarta():
    assert seconds_until_next(NOW, 7) == 24 * 3600  # at 07:00 the next run is tomorrow's
    assert seconds_until_next(NOW, 8) == 3600


def test_the_apps_task_sends_on_working_days_from_the_hour(app_db):
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=JAKARTA)
    for moment in (NOW.astimezone(JAKARTA).replace(hour=6), saturday):
        run_if_due(7, moment)
    assert app_db.exec(select(DigestRun)).all() == []
    run_if_due(7, NOW.astimezone(JAKARTA).replace(hour=10))  # a worker started after the hour catches up
    run_if_due(7, NOW.astimezone(JAKARTA).replace(hour=11))
    assert app_db.exec(select(DigestRun.day)).all() == ["2026-11-25"]
