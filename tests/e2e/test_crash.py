"""Nothing acknowledged is lost when the server is SIGKILLed mid-stream: bench/crash.py, small.

24 submissions from 4 concurrent submitters (the /lapor form over the event protocol, and Open311
POSTs), one SIGKILL of the whole backend process group and a restart on the same database and data
dir; every submission that got a tracking code must then be stored with all its photos. On SQLite
(one worker), and on PostgreSQL when PENGADUAN_TEST_PG_URL is set (two workers sharing state through
Redis when PENGADUAN_TEST_REDIS_URL is set too, as in production). Nothing here is timed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.crash import crash_run
from tests.databases import PG_URL, REDIS_URL

DATABASES = [
    "sqlite",
    pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")]),
]


@pytest.mark.parametrize("db", DATABASES)
def test_every_acknowledged_submission_survives_a_sigkill(db, tmp_path):
    cluster = db == "postgres" and bool(REDIS_URL)
    # In its own thread: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(
            crash_run,
            tmp_path,
            db,
            submissions=24,
            submitters=4,
            kill_after=1.0,
            workers=2 if cluster else 1,
            redis_url=REDIS_URL if cluster else None,
            pg_admin_url=PG_URL,
        ).result()
    stream = result.stream
    assert stream.killed_at is not None
    assert stream.taken == len(stream.attempts) == 24
    acknowledged_before_kill = [a for a in stream.acknowledged() if a.ended < stream.killed_at]
    assert acknowledged_before_kill, "the kill came before any acknowledgement: nothing was put to the test"
    assert len(stream.acknowledged()) > len(acknowledged_before_kill), "no submission succeeded after the restart"
    assert result.verdict.lost == {}
