"""Finding reports in the staff queue, on SQLite (FTS5) and PostgreSQL (GIN text index): by code, by words
(all of them, word starts too), by the reporter's phone or e-mail (exact, staff scope only)."""

from __future__ import annotations

import pytest

from pengaduan_app.domain.staff_queue import QueueFilter, queue_page
from pengaduan_app.models import Report
from pengaduan_app.state.staff_queue import QueueState
from tests.builders import build_city, make_report, sign_in_staff
from tests.state.conftest import open_page, run, set_staff_cookie, substate


@pytest.fixture
def city(app_db):
    city = build_city(app_db)
    make_report(
        app_db,
        city.kel_a1,
        tracking_code="JKT-2611-00501",
        title="Lubang besar di depan sekolah",
        description="Motor sering jatuh di lubangnya.",
        address="Jl. Melati No. 4",
        reporter_contact="Siti@Contoh.ID",
        reporter_contact_key="siti@contoh.id",
    )
    make_report(
        app_db,
        city.kel_a1,
        tracking_code="JKT-2611-00502",
        title="Sampah menumpuk",
        description="Bau sekali dekat pasar.",
        address="Jl. Mawar",
        reporter_contact="+62 812-3456-7890",
        reporter_contact_key="081234567890",
    )
    make_report(
        app_db,
        city.kel_b1,
        tracking_code="JKT-2611-00503",
        title="Lubang di jalan Beta",
        reporter_contact="0812 3456 7890",
        reporter_contact_key="081234567890",
    )
    return city


def _codes(app_db, identity, q: str) -> list[str]:
    rows, total = queue_page(app_db, identity, QueueFilter(status="", q=q), sort="oldest")
    assert total == len(rows)
    return [row.tracking_code for row in rows]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("lubang", ["JKT-2611-00501", "JKT-2611-00503"]),
        ("LUBANG sekolah", ["JKT-2611-00501"]),  # every word, any case
        ("lubangnya", ["JKT-2611-00501"]),
        ("luba", ["JKT-2611-00501", "JKT-2611-00503"]),  # the start of a word
        ("melati", ["JKT-2611-00501"]),  # the address
        ("pasar", ["JKT-2611-00502"]),  # the description
        ("jkt-2611-00502", ["JKT-2611-00502"]),
        ("siti@contoh.id", ["JKT-2611-00501"]),
        ("0812 3456 7890", ["JKT-2611-00502", "JKT-2611-00503"]),
        ("+6281234567890", ["JKT-2611-00502", "JKT-2611-00503"]),
        ("0812345", []),  # contacts match exactly, never in part
        ('"lubang" OR sampah*', []),  # FTS operators are plain words here: none has all of them
        ("--", []),
        ("lubang sekolah tidak ada", []),
    ],
)
def test_search_as_an_admin(app_db, city, q, expected):
    assert _codes(app_db, city.admin, q) == expected


def test_search_stays_within_the_officers_scope(app_db, city):
    assert _codes(app_db, city.lurah_a1, "lubang") == ["JKT-2611-00501"]
    assert _codes(app_db, city.lurah_b1, "0812 3456 7890") == ["JKT-2611-00503"]
    assert _codes(app_db, city.lurah_b1, "JKT-2611-00501") == []


def test_the_index_follows_edits(app_db, city):
    report = app_db.get(Report, 1)
    report.title = "Trotoar ambles"
    app_db.add(report)
    app_db.commit()
    assert _codes(app_db, city.admin, "trotoar") == ["JKT-2611-00501"]
    assert _codes(app_db, city.admin, "sekolah") == []


def test_the_queue_search_box(root, app_db, city):
    set_staff_cookie(root, sign_in_staff(app_db, "camat.alfa"))
    app_db.commit()
    open_page(root, "/staf")
    state = substate(root, QueueState)
    run(state, QueueState.event_handlers["load"])
    run(state, QueueState.event_handlers["set_filter"], "q", "sampah")
    assert [row.code for row in state.rows] == ["JKT-2611-00502"]
    run(state, QueueState.event_handlers["set_filter"], "q", "x" * 500)
    assert state.rows == [] and len(state.filters["q"]) == 100
