"""The small rules behind the Open311 API: statuses, date window, titles, attributes, keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pengaduan_app.domain import permissions, status
from pengaduan_app.domain.accounts import create_staff, identity_of
from pengaduan_app.domain.api_keys import ApiKeyError, authenticate, create_api_key, list_api_keys, revoke_api_key
from pengaduan_app.domain.categories import read_attributes
from pengaduan_app.domain.open311 import RequestQuery, date_window, open311_status, scoped_idempotency_key, title_from
from pengaduan_app.domain.permissions import PermissionDenied


@pytest.mark.parametrize(
    ("internal", "word"),
    [(s, "closed") for s in (status.RESOLVED, status.CLOSED, status.REJECTED)]
    + [(s, "open") for s in (status.NEW, status.VERIFIED, status.ASSIGNED, status.IN_PROGRESS, status.REOPENED)],
)
def test_done_and_rejected_are_closed(internal, word):
    assert open311_status(internal) == word


def test_the_date_window_defaults_to_90_days():
    now = datetime(2026, 11, 27, tzinfo=UTC)
    start = now - timedelta(days=10)
    assert date_window(RequestQuery(), now) == (now - timedelta(days=90), now)
    assert date_window(RequestQuery(start=start), now) == (start, start + timedelta(days=90))
    assert date_window(RequestQuery(end=start), now) == (start - timedelta(days=90), start)


def test_titles_come_from_the_description_cut_at_a_word():
    assert title_from("  Lampu   jalan\nmati  ", 120) == "Lampu jalan mati"
    title = title_from("kata " * 40, 20)
    assert title == "kata kata kata kata…" and len(title) <= 20
    assert title_from("x" * 30, 10) == "x" * 9 + "…"


def test_idempotency_keys_are_scoped_to_the_api_key():
    assert scoped_idempotency_key(1, "abc") == scoped_idempotency_key(1, "abc")
    assert scoped_idempotency_key(1, "abc") != scoped_idempotency_key(2, "abc")
    assert scoped_idempotency_key(1, None) != scoped_idempotency_key(1, None)
    assert 8 <= len(scoped_idempotency_key(1, "x" * 255)) <= 64


@pytest.mark.parametrize(
    ("service", "answers", "values", "errors"),
    [
        ("banjir", {"water_depth": " 40 "}, {"water_depth": "40"}, {}),
        ("banjir", {"water_depth": "12.50"}, {"water_depth": "12.5"}, {}),
        ("banjir", {"water_depth": ""}, {}, {}),
        ("banjir", {"water_depth": "-1"}, {}, {"water_depth": "error.attribute_out_of_range"}),
        ("banjir", {"water_depth": "١٢"}, {}, {"water_depth": "error.attribute_not_a_number"}),
        ("banjir", {"water_depth": "inf"}, {}, {"water_depth": "error.attribute_not_a_number"}),
        ("jalan_rusak", {"lane_blocked": "partly"}, {"lane_blocked": "partly"}, {}),
        ("jalan_rusak", {"lane_blocked": "Partly"}, {}, {"lane_blocked": "error.attribute_choice"}),
        ("sampah", {"water_depth": "3"}, {}, {"water_depth": "error.attribute_unknown"}),
    ],
)
def test_attribute_answers(session, service, answers, values, errors):
    read, problems = read_attributes(session, service, answers)
    assert read == values and {k: v.code for k, v in problems.items()} == errors


def test_keys_are_stored_as_hashes_and_checked_in_full(session):
    admin = identity_of(session, create_staff(session, username="a", display_name="A", password="x" * 12, role="admin"))
    officer = identity_of(
        session,
        create_staff(session, username="d", display_name="D", password="x" * 12, role=permissions.AGENCY, agency="sda"),
    )
    new = create_api_key(session, admin, "Aplikasi")
    [row] = list_api_keys(session, admin)
    assert new.key.startswith(f"pgd_{row.prefix}_") and len(new.key) == 56
    assert authenticate(session, new.key).id == new.id
    for wrong in (new.key[:-1] + ("A" if new.key[-1] != "A" else "B"), new.key + "x", new.key.upper(), ""):
        assert authenticate(session, wrong) is None
    for refused in (lambda: create_api_key(session, officer, "x"), lambda: revoke_api_key(session, None, new.id)):
        with pytest.raises(PermissionDenied):
            refused()
    with pytest.raises(ApiKeyError):
        revoke_api_key(session, admin, 12345)
    revoke_api_key(session, admin, new.id)
    revoke_api_key(session, admin, new.id)
    assert authenticate(session, new.key) is None
