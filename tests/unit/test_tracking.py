import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from pengaduan_app.domain import submission
from pengaduan_app.domain.submission import format_code, is_tracking_code, next_tracking_code, period_of
from pengaduan_app.models import Area
from tests.builders import make_report

NOV = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def _code(session: Session, moment=NOV) -> str:
    code = next_tracking_code(session, moment, city_code="JKT", timezone="Asia/Jakarta")
    session.commit()
    return code


def test_format_and_recognise():
    assert format_code("JKT", "2611", 42) == "JKT-2611-00042"
    assert is_tracking_code("JKT-2611-00042")
    assert is_tracking_code("JKT-2611-123456")
    for bad in ("jkt-2611-00042", "JKT-2611-42", "JKT-26110-00042", "JKT-2611-00042 ", "../etc", ""):
        assert not is_tracking_code(bad)


def test_the_month_is_jakarta_time():
    # 20:00 UTC on 31 October is already 1 November in Jakarta (UTC+7).
    assert period_of(datetime(2026, 10, 31, 20, 0, tzinfo=UTC), "Asia/Jakarta") == "2611"
    assert period_of(datetime(2026, 10, 31, 16, 0, tzinfo=UTC), "Asia/Jakarta") == "2610"


def test_codes_reveal_no_count_of_reports_in_between(any_session):
    """Issue 14.10: a running number told, by its gaps, that hidden or confidential reports existed. Codes are
    random now: a citizen filing two reports learns nothing from the difference."""
    codes = [_code(any_session) for _ in range(30)]
    assert all(is_tracking_code(code) and code.startswith("JKT-2611-") for code in codes)
    numbers = [int(code.rsplit("-", 1)[1]) for code in codes]
    assert all(100_000 <= n < 1_000_000 for n in numbers)  # six digits, read aloud as they are written
    steps = {b - a for a, b in itertools.pairwise(numbers)}
    assert len(steps) > 20  # no fixed step, no count hidden in the gaps
    assert _code(any_session, datetime(2026, 12, 2, tzinfo=UTC)).startswith("JKT-2612-")


def test_a_taken_code_is_never_handed_out_again(any_session, monkeypatch):
    area = Area(level="kelurahan", name="UJI", centroid_lat=-6.2, centroid_lon=106.8)
    any_session.add(area)
    any_session.commit()
    make_report(any_session, area, tracking_code="JKT-2611-424242")
    draws = iter([424242, 424242, 515151])
    monkeypatch.setattr(submission, "draw", lambda: next(draws))
    assert _code(any_session) == "JKT-2611-515151"
    monkeypatch.setattr(submission, "draw", lambda: 424242)
    with pytest.raises(submission.NoFreeTrackingCode):
        _code(any_session)


def test_concurrent_codes_are_unique(any_session):
    engine = any_session.get_bind()

    def take(_):
        with Session(engine) as own:
            return _code(own)

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(take, range(40)))
    assert len(set(codes)) == 40


def test_concurrent_read_then_write_transactions_wait_instead_of_failing(tmp_path):
    """The app's SQLite engine starts every transaction with BEGIN IMMEDIATE: a read that turns into
    a write cannot deadlock with another, so concurrent submissions never see "database is locked"."""
    from pengaduan_app.db import make_engine
    from pengaduan_app.models import Category
    from tests.conftest import migrate

    url = f"sqlite:///{tmp_path / 'busy.db'}"
    migrate(url)
    engine = make_engine(url)

    def read_then_write(_):
        with Session(engine) as own:
            own.exec(select(Category)).all()  # a read first, as submit_report does
            code = next_tracking_code(own, NOV, city_code="JKT", timezone="Asia/Jakarta")
            own.commit()
            return code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(read_then_write, range(60)))
    # Every transaction got through (none raised "database is locked"). Nothing is stored here, so two of them
    # may draw the same free random code; uniqueness of stored codes is the test above's.
    assert len(codes) == 60 and all(is_tracking_code(code) for code in codes)
    engine.dispose()
