"""Limits on new reports per person (browser, account) and per network address, counted from the database."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.citizens import register
from pengaduan_app.domain.limits import submitter
from pengaduan_app.domain.submission import SubmissionLimited, UploadedPhoto, submit_report
from pengaduan_app.domain.support import new_visitor_id, visitor_key
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Photo, Report
from tests.builders import good_draft, jpeg_bytes

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
ADDRESS = "203.0.113.7"


@pytest.fixture
def db(any_session) -> Session:
    ensure_fallback_areas(any_session)
    any_session.commit()
    return any_session


def limited(settings, **limits):
    values = dict(
        report_limit_per_person_hour=0,
        report_limit_per_person_day=0,
        report_limit_per_address_hour=0,
        report_limit_per_address_day=0,
    )
    return replace(settings, **{**values, **limits})


def person() -> str:
    return visitor_key(new_visitor_id())


def file(session, settings, who, *, at: datetime, citizen_id: int | None = None, title: str = "Jalan berlubang"):
    return submit_report(
        session,
        good_draft(title=title),
        [UploadedPhoto("a.jpg", jpeg_bytes())],
        settings=settings,
        store=MediaStore(settings.media_dir),
        citizen_id=citizen_id,
        submitter=who,
        now=at,
    )


def stored(session, settings) -> tuple[int, int, int]:
    files = list(settings.media_dir.glob("*")) if settings.media_dir.exists() else []
    return (
        session.exec(select(func.count(Report.id))).one(),
        session.exec(select(func.count(Photo.id))).one(),
        len(files),
    )


def test_a_person_over_the_hourly_limit_is_refused_with_the_time_to_retry_and_nothing_stored(db, settings):
    settings = limited(settings, report_limit_per_person_hour=2)
    me = submitter(settings, person_key=person(), address=ADDRESS)
    file(db, settings, me, at=T0)
    file(db, settings, me, at=T0 + timedelta(minutes=10))
    before = stored(db, settings)
    with pytest.raises(SubmissionLimited) as refused:
        file(db, settings, me, at=T0 + timedelta(minutes=20), title="Satu lagi")
    hit = refused.value.hit
    assert (hit.code, hit.limit, hit.retry_at) == ("limits.person_hour", 2, T0 + timedelta(hours=1))
    assert refused.value.errors["form"].params == {"max": 2, "time": T0 + timedelta(hours=1)}
    assert stored(db, settings) == before
    # When the first report leaves the window, one more fits (and only one).
    file(db, settings, me, at=T0 + timedelta(hours=1))
    with pytest.raises(SubmissionLimited) as again:
        file(db, settings, me, at=T0 + timedelta(hours=1, minutes=1))
    assert again.value.hit.retry_at == T0 + timedelta(hours=1, minutes=10)


def test_other_people_are_not_counted_with_me(db, settings):
    settings = limited(settings, report_limit_per_person_hour=1)
    file(db, settings, submitter(settings, person_key=person(), address=ADDRESS), at=T0)
    file(db, settings, submitter(settings, person_key=person(), address=ADDRESS), at=T0)
    assert stored(db, settings)[0] == 2


def test_an_account_is_limited_across_browsers(db, settings):
    settings = limited(settings, report_limit_per_person_hour=2)
    citizen = register(db, login="warga@contoh.id", password="kata-sandi-warga")
    db.commit()
    file(db, settings, submitter(settings, person_key=person()), at=T0, citizen_id=citizen.id)
    file(db, settings, submitter(settings, person_key=person()), at=T0, citizen_id=citizen.id)
    with pytest.raises(SubmissionLimited) as refused:  # a third browser, cookies cleared: still the same account
        file(db, settings, submitter(settings, person_key=person()), at=T0, citizen_id=citizen.id)
    assert refused.value.hit.code == "limits.person_hour"


def test_a_browser_keeps_its_count_after_signing_out(db, settings):
    settings = limited(settings, report_limit_per_person_hour=1)
    citizen = register(db, login="warga@contoh.id", password="kata-sandi-warga")
    db.commit()
    browser = submitter(settings, person_key=person())
    file(db, settings, browser, at=T0, citizen_id=citizen.id)
    with pytest.raises(SubmissionLimited):
        file(db, settings, browser, at=T0 + timedelta(minutes=5))


def test_an_address_is_limited_across_people_and_the_longest_wait_is_given(db, settings):
    settings = limited(settings, report_limit_per_address_hour=3, report_limit_per_address_day=4)
    for minutes in (0, 70, 80, 90):
        file(
            db, settings, submitter(settings, person_key=person(), address=ADDRESS), at=T0 + timedelta(minutes=minutes)
        )
    newcomer = submitter(settings, person_key=person(), address=ADDRESS)
    with pytest.raises(SubmissionLimited) as refused:
        file(db, settings, newcomer, at=T0 + timedelta(minutes=100))
    # Both the hour (3 since 1:10) and the day (4) are full; the day's wait is the longer one.
    hit = refused.value.hit
    assert (hit.code, hit.limit, hit.retry_at) == ("limits.address_day", 4, T0 + timedelta(days=1))
    file(db, settings, submitter(settings, person_key=person(), address="198.51.100.9"), at=T0 + timedelta(minutes=100))


def test_the_daily_person_limit(db, settings):
    settings = limited(settings, report_limit_per_person_hour=5, report_limit_per_person_day=3)
    me = submitter(settings, person_key=person())
    for hours in (0, 3, 6):
        file(db, settings, me, at=T0 + timedelta(hours=hours))
    with pytest.raises(SubmissionLimited) as refused:
        file(db, settings, me, at=T0 + timedelta(hours=9))
    assert (refused.value.hit.code, refused.value.hit.retry_at) == ("limits.person_day", T0 + timedelta(days=1))


def test_only_keyed_hashes_are_stored(db, settings):
    settings = limited(settings)
    browser = person()
    report = file(db, settings, submitter(settings, person_key=browser, address=ADDRESS), at=T0)
    row = db.exec(select(Report.submitter_hash, Report.client_hash).where(Report.id == report.id)).one()
    assert all(len(value) == 32 for value in row)
    assert ADDRESS not in row and browser not in row and browser.removeprefix("v:") not in row
    other_key = submitter(replace(settings, ip_hash_key="another-key"), person_key=browser, address=ADDRESS)
    assert (other_key.person_hash, other_key.address_hash) != tuple(row)


def test_reports_without_a_submitter_are_neither_limited_nor_counted(db, settings):
    """The kecamatan desk (an officer files for walk-in citizens), seeding and imports pass no submitter."""
    settings = limited(settings, report_limit_per_person_hour=1, report_limit_per_address_hour=1)
    for _ in range(3):
        report = file(db, settings, None, at=T0)
        assert (report.submitter_hash, report.client_hash) == (None, None)
    file(db, settings, submitter(settings, person_key=person(), address=ADDRESS), at=T0)


def test_a_repeated_idempotency_key_is_answered_even_over_the_limit(db, settings):
    settings = limited(settings, report_limit_per_person_hour=1)
    me = submitter(settings, person_key=person())
    draft = good_draft(idempotency_key="form-key-1")
    store = MediaStore(settings.media_dir)
    photos = [UploadedPhoto("a.jpg", jpeg_bytes())]
    first = submit_report(db, draft, photos, settings=settings, store=store, submitter=me, now=T0)
    again = submit_report(db, draft, photos, settings=settings, store=store, submitter=me, now=T0)
    assert again.id == first.id


def test_simultaneous_submissions_cannot_overrun_the_limit(any_migrated_url, db, settings):
    """Requests racing in separate sessions (as several workers would) still file no more than the limit."""
    settings = limited(settings, report_limit_per_address_hour=2)
    engine = make_engine(any_migrated_url)
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def attempt():
        with Session(engine, expire_on_commit=False) as session:
            start.wait()
            try:
                file(session, settings, submitter(settings, person_key=person(), address=ADDRESS), at=T0)
                session.commit()
                outcomes.append("filed")
            except SubmissionLimited:
                outcomes.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert sorted(outcomes) == ["filed"] * 2 + ["refused"] * 4
    assert stored(db, settings)[0] == 2
