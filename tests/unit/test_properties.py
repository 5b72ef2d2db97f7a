"""Property-based tests: random sequences of real domain calls on a real SQLite database, invariants after each.

1. A report's life: officers (allowed or not) verify, assign, start, reject, reply and resolve (with or
   without the proof photo and note), the reporter confirms or reopens (with the right key or not).
2. Supports: visitors support and withdraw (again and again, from shared addresses, into the hourly
   limits as time moves on), and officers reject reports as duplicates, which moves their supporters.

Each example works on fresh reports in one migrated database per test; `derandomize` makes every run try
the same examples, so CI sees the same sequences each time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import func, select

from pengaduan_app.domain import status
from pengaduan_app.domain.confirmation import ConfirmationError, confirm_fixed, issue_reporter_key, reopen
from pengaduan_app.domain.handling import HandlingError, add_reply, assign, reject, resolve, start_work, verify
from pengaduan_app.domain.limits import client_hash
from pengaduan_app.domain.permissions import PermissionDenied
from pengaduan_app.domain.photos import UploadedPhoto
from pengaduan_app.domain.support import (
    LIMIT_WINDOW,
    SupportLimits,
    SupportRefused,
    new_visitor_id,
    set_support,
    visitor_key,
)
from pengaduan_app.media import MediaStore
from pengaduan_app.models import AuditEntry, Photo, Report, StatusChange, Support
from tests.builders import build_city, jpeg_bytes, make_report

RUNS = hypothesis_settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
WINDOW_DAYS = 14
REFUSED = (status.TransitionError, HandlingError, PermissionDenied, ConfirmationError)
MAY_HANDLE = {"lurah_a1", "camat_a"}  # the report lies in kelurahan Alfa Satu


@pytest.fixture
def city(session):
    return build_city(session)


# --- 1. the status state machine -------------------------------------------------------------------------

ALLOWED_PAIRS = {(source, t.target or source, t.action) for t in status.TRANSITIONS.values() for source in t.sources}
STATUS_STEPS = {t.action for t in status.TRANSITIONS.values()}


class ReportLife(RuleBasedStateMachine):
    """Bound to a database and city by `test_a_report_only_moves_by_allowed_steps`."""

    session = city = store = after_photo = None
    officers: dict = {}

    @initialize()
    def file_a_report(self):
        self.report = make_report(self.session, self.city.kel_a1)
        self.key = issue_reporter_key(self.session, self.report)
        self.session.commit()
        self.code = self.report.tracking_code
        self.expected_status = status.NEW

    def teardown(self):
        self.session.rollback()  # a failed example must not leave the next one a broken transaction

    # What the database holds for this report, read afresh.
    def snapshot(self) -> tuple:
        self.session.expire_all()
        report = self.session.get(Report, self.report.id)
        return (
            report.status,
            report.rating,
            report.resolved_at,
            report.assigned_user_id,
            self._count(StatusChange),
            self._count(AuditEntry),
            self._count(Photo),
            len(list(self.store.root.glob("*"))) if self.store.root.exists() else 0,
        )

    def _count(self, model) -> int:
        return self.session.exec(select(func.count(model.id)).where(model.report_id == self.report.id)).one()

    def attempt(self, action: str, call, *, valid: bool) -> None:
        """Run one step: it succeeds exactly when its input is `valid` and the table allows the action from the
        current status; a success adds one timeline entry (and moves the status only as the table says),
        a refusal changes nothing at all."""
        before = self.snapshot()
        allowed = action not in STATUS_STEPS or before[0] in status.TRANSITIONS[action].sources
        try:
            call()
        except REFUSED:
            self.session.rollback()  # as the app's session_scope does
            assert self.snapshot() == before, f"a refused {action} changed something"
            assert not (valid and allowed), f"a valid {action} from {before[0]} was refused"
            return
        self.session.commit()  # the test is the step's outermost caller, as session_scope is in the app
        assert valid and allowed, f"{action} from {before[0]} went through"
        after = self.snapshot()
        if action in STATUS_STEPS:
            assert (before[0], after[0], action) in ALLOWED_PAIRS, f"{before[0]} -{action}-> {after[0]}"
            self.expected_status = after[0]
        else:
            assert after[0] == before[0], f"{action} changed the status"
        assert after[4] == before[4] + 1, "each step adds exactly one timeline entry"

    @rule(officer=st.sampled_from(["lurah_a1", "camat_a", "lurah_b1", "nobody"]))
    def verify(self, officer):
        self.attempt(
            "verify", lambda: verify(self.session, self.officers[officer], self.code), valid=officer in MAY_HANDLE
        )

    @rule(officer=st.sampled_from(["lurah_a1", "camat_a", "nobody"]), to=st.sampled_from(["lurah_a1", "lurah_b1"]))
    def assign(self, officer, to):
        officer_id = self.officers[to].id
        self.attempt(
            "assign",
            lambda: assign(self.session, self.officers[officer], self.code, officer_id),
            valid=officer in MAY_HANDLE and to in MAY_HANDLE,
        )

    @rule(officer=st.sampled_from(["lurah_a1", "lurah_b1"]))
    def start(self, officer):
        self.attempt(
            "start",
            lambda: start_work(self.session, self.officers[officer], self.code, "Menuju lokasi"),
            valid=officer in MAY_HANDLE,
        )

    @rule(reason=st.sampled_from(["out_of_scope", "not_enough_info", "no_such_reason"]))
    def reject(self, reason):
        self.attempt(
            "reject",
            lambda: reject(self.session, self.city.camat_a, self.code, reason),
            valid=reason != "no_such_reason",
        )

    @rule(public=st.booleans(), text=st.sampled_from(["Sedang kami kerjakan", "   ", ""]))
    def reply(self, public, text):
        self.attempt(
            "reply" if public else "note",
            lambda: add_reply(self.session, self.city.lurah_a1, self.code, text, public=public),
            valid=bool(text.strip()),
        )

    @rule(
        with_photo=st.booleans(),
        note=st.sampled_from(["Sudah ditambal", ""]),
        officer=st.sampled_from(["lurah_a1", "camat_a", "lurah_b1"]),
    )
    def resolve(self, with_photo, note, officer):
        photos = [self.after_photo] if with_photo else []
        self.attempt(
            "resolve",
            lambda: resolve(self.session, self.officers[officer], self.code, note, photos, self.store),
            valid=with_photo and bool(note) and officer in MAY_HANDLE,
        )

    @rule(rating=st.sampled_from([1, 3, 5, 0, 6]), right_key=st.booleans())
    def confirm(self, rating, right_key):
        key = self.key if right_key else "kunci-salah"
        self.attempt(
            "confirm",
            lambda: confirm_fixed(self.session, self.code, rating, key=key, window_days=WINDOW_DAYS),
            valid=right_key and 1 <= rating <= 5,
        )

    @rule(reason=st.sampled_from(["Masih berlubang", " "]), right_key=st.booleans())
    def reopen(self, reason, right_key):
        key = self.key if right_key else "kunci-salah"
        self.attempt(
            "reopen",
            lambda: reopen(self.session, self.code, reason, key=key, window_days=WINDOW_DAYS),
            valid=right_key and bool(reason.strip()),
        )

    @precondition(lambda machine: machine.expected_status == status.REJECTED)
    @rule()
    def file_another(self):
        """Rejection ends a report's life: go on with a new one."""
        self.file_a_report()

    @rule(data=st.data())
    def move_on(self, data):
        """A valid step that the table allows now (but rejection): random attempts alone seldom get far."""
        current = self.snapshot()[0]
        actions = sorted(a for a, t in status.TRANSITIONS.items() if current in t.sources and a in VALID_STEPS)
        if actions:
            VALID_STEPS[data.draw(st.sampled_from(actions))](self)

    @invariant()
    def the_timeline_tells_the_whole_story(self):
        if not hasattr(self, "report"):
            return
        self.session.expire_all()
        report = self.session.get(Report, self.report.id)
        steps = self.session.exec(
            select(StatusChange).where(StatusChange.report_id == report.id).order_by(StatusChange.id)
        ).all()
        current = status.NEW
        for step in steps:
            assert step.from_status == current, "the timeline's steps follow on from each other"
            if step.to_status != step.from_status:
                assert (step.from_status, step.to_status, step.action) in ALLOWED_PAIRS
            current = step.to_status
        assert report.status == current == self.expected_status
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        assert [a.action for a in self.session.exec(select(AuditEntry).where(AuditEntry.report_id == report.id))] == [
            s.action for s in steps
        ]

    @invariant()
    def done_means_proof(self):
        if not hasattr(self, "report"):
            return
        report = self.session.get(Report, self.report.id)
        resolves = self.session.exec(
            select(func.count(StatusChange.id)).where(
                StatusChange.report_id == report.id, StatusChange.action == "resolve"
            )
        ).one()
        after_photos = self.session.exec(
            select(func.count(Photo.id)).where(Photo.report_id == report.id, Photo.kind == "after")
        ).one()
        assert after_photos >= resolves, "every resolution brought its own after photo"
        if report.status in (status.RESOLVED, status.CLOSED):
            assert after_photos >= 1 and report.resolved_at is not None and report.first_response_at is not None
        assert (report.rating is not None) == (report.status == status.CLOSED)
        if report.rating is not None:
            assert 1 <= report.rating <= 5


VALID_STEPS = {
    "verify": lambda machine: machine.verify("lurah_a1"),
    "assign": lambda machine: machine.assign("camat_a", "lurah_a1"),
    "start": lambda machine: machine.start("lurah_a1"),
    "resolve": lambda machine: machine.resolve(True, "Sudah ditambal", "lurah_a1"),
    "confirm": lambda machine: machine.confirm(4, True),
    "reopen": lambda machine: machine.reopen("Masih berlubang", True),
}


def test_a_report_only_moves_by_allowed_steps(session, city, settings):
    officers = {name: getattr(city, name) for name in ("lurah_a1", "camat_a", "lurah_b1")} | {"nobody": None}
    bound = type(
        "BoundReportLife",
        (ReportLife,),
        {
            "session": session,
            "city": city,
            "store": MediaStore(settings.media_dir),
            "after_photo": UploadedPhoto("sesudah.jpg", jpeg_bytes(80, 60, (0, 180, 0))),
            "officers": officers,
        },
    )
    run_state_machine_as_test(bound, settings=RUNS)


# --- 2. the support counter ------------------------------------------------------------------------------

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
LIMITS = SupportLimits(per_supporter_hour=2, per_client_hour=3)  # 4 people on 2 addresses, 3 reports


class Supports(RuleBasedStateMachine):
    """Bound to a database and city by `test_support_counts_stay_exact`."""

    session = city = None

    @initialize()
    def three_reports(self):
        # New people and addresses each time: the rows of earlier examples must not count against them.
        self.people = [visitor_key(new_visitor_id()) for _ in range(4)]
        self.addresses = [client_hash(f"203.0.113.{i}", new_visitor_id()) for i in range(2)]
        self.reports = [make_report(self.session, self.city.kel_a1) for _ in range(3)]
        self.now = T0
        self.model: dict[int, set[str]] = {r.id: set() for r in self.reports}
        self.duplicates: set[int] = set()

    def teardown(self):
        self.session.rollback()

    def recent(self, column, value) -> int:
        since = self.now - LIMIT_WINDOW
        return self.session.exec(
            select(func.count(Support.id)).where(column == value, Support.created_at > since)
        ).one()

    @rule(
        which=st.integers(0, 2),
        person=st.integers(0, 3),
        address=st.integers(0, 1),
        want=st.sampled_from([True, True, False]),
    )
    def support_or_withdraw(self, which, person, address, want):
        report, key, client = self.reports[which], self.people[person], self.addresses[address]
        by_person, by_address = self.recent(Support.supporter_key, key), self.recent(Support.client_hash, client)
        try:
            outcome = set_support(
                self.session, report.tracking_code, key, want, limits=LIMITS, client=client, now=self.now
            )
            self.session.commit()
        except SupportRefused as refused:
            self.session.rollback()
            if report.id in self.duplicates:  # its supporters went to the original; it takes none, either way
                assert refused.code == "error.report_duplicate"
                return
            assert want, "withdrawing is never limited"
            assert refused.code in ("support.limit_visitor", "support.limit_client")
            assert by_person >= LIMITS.per_supporter_hour or by_address >= LIMITS.per_client_hour
            return
        assert report.id not in self.duplicates, "a duplicate took a support"
        if want and outcome.changed:
            assert by_person < LIMITS.per_supporter_hour and by_address < LIMITS.per_client_hour
        assert outcome.changed == ((key in self.model[report.id]) != want)
        (self.model[report.id].add if want else self.model[report.id].discard)(key)
        assert outcome.count == len(self.model[report.id])

    @rule(minutes=st.sampled_from([1, 20, 45, 61]))
    def time_passes(self, minutes):
        self.now += timedelta(minutes=minutes)

    @rule(duplicate=st.integers(0, 2), original=st.integers(0, 2))
    def reject_as_duplicate(self, duplicate, original):
        dup, orig = self.reports[duplicate], self.reports[original]
        try:
            reject(self.session, self.city.camat_a, dup.tracking_code, "duplicate", duplicate_of=orig.tracking_code)
            self.session.commit()
        except (HandlingError, status.TransitionError):
            self.session.rollback()
            assert duplicate == original or self.session.get(Report, dup.id).status == status.REJECTED
            return
        self.model[orig.id] |= self.model[dup.id]
        self.model[dup.id] = set()
        self.duplicates.add(dup.id)

    @invariant()
    def counters_equal_unique_rows(self):
        if not hasattr(self, "reports"):
            return
        self.session.expire_all()
        for report in self.reports:
            rows = self.session.exec(select(Support.supporter_key).where(Support.report_id == report.id)).all()
            assert len(rows) == len(set(rows)), "a supporter counted twice"
            assert set(rows) == self.model[report.id]
            assert self.session.get(Report, report.id).support_count == len(rows)


def test_support_counts_stay_exact(session, city):
    bound = type("BoundSupports", (Supports,), {"session": session, "city": city})
    run_state_machine_as_test(bound, settings=RUNS)
