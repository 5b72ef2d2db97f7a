"""Rate limits counted in the database hold across workers: every worker sees the same count."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from pengaduan_app.db import make_engine
from pengaduan_app.domain.limits import api_request_wait
from pengaduan_app.models import ApiKey, ApiKeyUse

T0 = datetime(2026, 11, 29, 8, 0, 10, tzinfo=UTC)  # ten seconds into a minute


def test_an_api_keys_requests_are_counted_once_across_workers(any_migrated_url, any_session):
    key = ApiKey(name="Aplikasi", prefix="abcd1234", key_hash="0" * 64)
    any_session.add(key)
    any_session.commit()
    workers = [make_engine(any_migrated_url) for _ in range(2)]  # two processes' engines on one database

    def request(number: int, at: datetime = T0) -> int:
        with Session(workers[number % 2]) as session:
            wait = api_request_wait(session, key.id, 5, at)
            session.commit()
            return wait

    with ThreadPoolExecutor(max_workers=6) as pool:
        waits = list(pool.map(request, range(12)))
    assert sorted(waits) == [0] * 5 + [50] * 7  # five go through; the rest wait for the next minute
    assert request(0, T0 + timedelta(minutes=1)) == 0
    any_session.expire_all()
    assert any_session.exec(select(ApiKeyUse.count)).all() == [1]  # earlier minutes are dropped
    for engine in workers:
        engine.dispose()
