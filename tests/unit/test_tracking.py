from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlmodel import Session, select

from pengaduan_app.domain.tracking import format_code, is_tracking_code, next_tracking_code, period_of

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


def test_codes_increase_within_a_month_and_restart_the_next(any_session):
    first, second = _code(any_session), _code(any_session)
    december = _code(any_session, datetime(2026, 12, 2, tzinfo=UTC))
    third = _code(any_session)
    assert (first, second, third) == ("JKT-2611-00001", "JKT-2611-00002", "JKT-2611-00003")
    assert december == "JKT-2612-00001"


def test_a_rolled_back_transaction_does_not_burn_or_duplicate(any_session):
    next_tracking_code(any_session, NOV, city_code="JKT", timezone="Asia/Jakarta")
    any_session.rollback()
    assert _code(any_session) == "JKT-2611-00001"


def test_concurrent_codes_are_unique_and_contiguous(any_session):
    engine = any_session.get_bind()

    def take(_):
        with Session(engine) as own:
            return _code(own)

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(take, range(40)))
    assert len(set(codes)) == 40
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 41))


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
    assert len(set(codes)) == 60
    engine.dispose()
