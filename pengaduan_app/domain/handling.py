"""What officers do with a report, and the one timeline step every change to a report goes through.

A step (`apply_step`) is the same for officers, reporters, new reports and demo data: the status moves only
through the transition table (domain/status.py; replies, notes and priority keep it); the first public answer
and the resolution are timed; the StatusChange row, the audit entry and the followers' notifications are written
in the caller's transaction.

Each officer step: permission, state machine, timeline, audit, in the caller's transaction. Every function takes
the signed-in identity (None when nobody is signed in) and checks it itself, so the pages, the API and the CLI
get the same protection.

Officers also correct what the reporter got wrong: a new category re-derives the deadline (from the filing
time) and the responsible unit; a moved pin re-routes the report to its kelurahan, kecamatan and kota. A report
that was handed over (disposisi) keeps the unit it was handed to. Each correction is a public timeline step in
citizen words and an audit entry.

For a report filed on a messaging channel, officers who may handle it see the channel and address, can write to
the person directly (the text is kept on the staff timeline) and can block the sender, whose messages are then
ignored. The address stays staff-visible contact data: none of this reaches the public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ..config import Settings, get_settings
from ..errors import Refused
from ..geo.reroute import apply_route
from ..geo.router import Route, get_router
from ..i18n import translate
from ..media import PhotoStore
from ..models import Area, Category, ChannelContact, Report, StaffUser, StatusChange
from ..models.types import utcnow
from . import privacy, status
from .accounts import StaffIdentity, identity_of
from .areas import BY_CODE as AGENCIES
from .areas import responsible_unit
from .audit import record
from .duplicates import move_supporters
from .notifications import channel_contact, notify_followers, send_about
from .permissions import can_handle, can_see, may_assign_to, placeable_kecamatan_ids, require_can_handle
from .photos import UploadedPhoto, attach_photos, check_after_photos, process_uploads
from .public_reports import route_label
from .sla import add_working_days
from .status import OPEN_STATUSES
from .validation import clean_text, location_error

# One step on a report's timeline.
SUBMIT = "submit"


def apply_step(
    session: Session,
    report: Report,
    action: str,
    *,
    officer: StaffIdentity | None = None,
    actor: str = "",
    note: str = "",
    public: bool = True,
    audit: bool = True,
    at: datetime | None = None,
    **audit_detail,
) -> StatusChange:
    """Apply `action` to `report` (TransitionError if the table forbids it) and write its timeline step.

    `officer` is the staff member acting (None: the reporter, or nobody for a new report); `actor` names
    someone without an account (demo data). A new report's step (`submit`) is not audited or announced.
    """
    at = at or utcnow()
    before = None if action == SUBMIT else report.status
    if action != SUBMIT:
        if action in status.TRANSITIONS:
            report.status = status.transition(report.status, action)
        if public and report.first_response_at is None:
            report.first_response_at = at
        if report.status == status.RESOLVED and before != status.RESOLVED:
            report.resolved_at = at
        if action == "reopen":
            report.resolved_at = None
    report.updated_at = at
    session.add(report)
    step = StatusChange(
        report_id=report.id,
        at=at,
        actor=officer.display_name if officer else actor,
        author_id=officer.id if officer else None,
        from_status=before,
        to_status=report.status,
        note=note,
        public=public,
        action=action,
    )
    session.add(step)
    if action != SUBMIT and audit:
        record(session, officer, action, report, from_status=before, to_status=report.status, note=note, **audit_detail)
    if action != SUBMIT and public:
        notify_followers(session, report, action, note)
    return step


# Officers' steps.
REJECT_REASONS = ("duplicate", "out_of_scope", "not_enough_info")
# Officers' steps that go through the status table; confirm and reopen are the reporter's.
STAFF_TRANSITIONS = ("verify", "reject", "assign", "start", "resolve", "handover")
PRIORITIES = (0, 1, 2, 3)
NOTE_MAX = 2000


class HandlingError(Refused):
    """A step that cannot be done as asked; `code` is a translation key."""


def staff_actions(report_status: str) -> frozenset[str]:
    """The steps an officer who handles the report may take in this status: the page offers only these."""
    actions = {a for a in STAFF_TRANSITIONS if report_status in status.TRANSITIONS[a].sources}
    if report_status in status.OPEN_STATUSES:
        actions |= {"priority", "recategorize", "relocate"}
    return frozenset(actions | {"reply", "note"})


def load_for_handling(session: Session, identity: StaffIdentity | None, tracking_code: str) -> Report:
    report = session.exec(select(Report).where(Report.tracking_code == tracking_code)).first()
    if report is None:
        raise HandlingError("error.report_unknown")
    require_can_handle(session, identity, report)
    return report


def _note(text: str, *, required: bool = False) -> str:
    cleaned = clean_text(text or "", multiline=True)
    if required and not cleaned:
        raise HandlingError("error.note_required")
    if len(cleaned) > NOTE_MAX:
        raise HandlingError("error.note_too_long", max=NOTE_MAX)
    return cleaned


def _transition(session, identity, code, action, *, note="") -> Report:
    report = load_for_handling(session, identity, code)
    apply_step(session, report, action, officer=identity, note=note)
    return report


def verify(session: Session, identity: StaffIdentity | None, code: str, note: str = "") -> Report:
    return _transition(session, identity, code, "verify", note=_note(note))


def start_work(session: Session, identity: StaffIdentity | None, code: str, note: str = "") -> Report:
    return _transition(session, identity, code, "start", note=_note(note))


def reject(
    session: Session, identity: StaffIdentity | None, code: str, reason: str, note: str = "", duplicate_of: str = ""
) -> Report:
    """Reject with a reason; a duplicate links to the original, whose supporters it gains."""
    if reason not in REJECT_REASONS:
        raise HandlingError("error.reject_reason_invalid")
    report = load_for_handling(session, identity, code)
    status.transition(report.status, "reject")  # refused before anything is looked up
    original = None
    if reason == "duplicate":
        original = session.exec(
            select(Report).where(Report.tracking_code == (duplicate_of or "").strip().upper())
        ).first()
        # The original must be a report the public sees and this officer may see: a hidden or confidential one,
        # or one of another unit, is answered as unknown (its supporters and existence stay where they are).
        if (
            original is None
            or original.id == report.id
            or original.hidden
            or not privacy.is_publicly_visible(original.privacy)
            or not can_see(session, identity, original)
        ):
            raise HandlingError("error.duplicate_unknown")
        report.duplicate_of_id = original.id
        move_supporters(session, report, original)
    apply_step(
        session,
        report,
        "reject",
        officer=identity,
        note=_note(note),
        reason=reason,
        duplicate_of=original.tracking_code if original else None,
    )
    return report


def assign(session: Session, identity: StaffIdentity | None, code: str, officer_id: int) -> Report:
    """Give the report to an officer who may handle it themselves."""
    report = load_for_handling(session, identity, code)
    officer = session.get(StaffUser, officer_id) if isinstance(officer_id, int) else None
    if officer is None or not officer.active:
        raise HandlingError("error.officer_invalid")
    chosen = identity_of(session, officer)
    if not may_assign_to(session, identity, chosen) or not can_handle(session, chosen, report):
        raise HandlingError("error.officer_invalid")
    status.transition(report.status, "assign")
    report.assigned_user_id = officer.id
    apply_step(session, report, "assign", officer=identity, note=officer.display_name, officer_id=officer.id)
    return report


def hand_over(
    session: Session,
    identity: StaffIdentity | None,
    code: str,
    *,
    reason: str,
    area_id: int | None = None,
    agency: str | None = None,
) -> Report:
    """Disposisi: pass the report to another kelurahan, kecamatan or agency, with a reason."""
    report = load_for_handling(session, identity, code)
    reason = _note(reason, required=True)
    if (area_id is None) == (agency is None):
        raise HandlingError("error.handover_target_invalid")
    status.transition(report.status, "handover")
    if agency is not None:
        if agency not in AGENCIES:
            raise HandlingError("error.handover_target_invalid")
        target_label = AGENCIES[agency].name_id
        report.unit_agency, report.unit_area_id = agency, None
    else:
        area = session.get(Area, area_id) if isinstance(area_id, int) else None
        if area is None or area.level not in ("kecamatan", "kelurahan"):
            raise HandlingError("error.handover_target_invalid")
        target_label = f"{area.level.title()} {area.name.title()}"
        report.unit_agency, report.unit_area_id = None, area.id
    report.assigned_user_id = None
    apply_step(session, report, "handover", officer=identity, note=f"{target_label}: {reason}", target=target_label)
    return report


def set_priority(session: Session, identity: StaffIdentity | None, code: str, priority: int) -> Report:
    if priority not in PRIORITIES:
        raise HandlingError("error.priority_invalid")
    report = load_for_handling(session, identity, code)
    before, report.priority = report.priority, priority
    apply_step(session, report, "priority", officer=identity, public=False, note=str(priority), before=before)
    return report


def add_reply(session: Session, identity: StaffIdentity | None, code: str, text: str, *, public: bool) -> Report:
    """A public reply (tindak lanjut, shown on the report page) or an internal note (staff only)."""
    report = load_for_handling(session, identity, code)
    note = _note(text, required=True)
    apply_step(session, report, "reply" if public else "note", officer=identity, note=note, public=public)
    return report


def resolve(
    session: Session,
    identity: StaffIdentity | None,
    code: str,
    note: str,
    after_photos: list[UploadedPhoto],
    store: PhotoStore,
    *,
    settings: Settings | None = None,
) -> Report:
    """Close the work with proof: an 'after' photo (checked and processed here, as for a new report) and a note
    are both required. A photo's GPS position is compared with the place (photos.check_after_photos)."""
    report = load_for_handling(session, identity, code)
    status.transition(report.status, "resolve")
    note = _note(note, required=True)
    settings = settings or get_settings()
    if not after_photos:
        raise HandlingError("error.after_photo_required")
    processed = process_uploads(after_photos[: settings.max_photos], settings)
    attach_photos(session, report, processed, "after", store)
    check_after_photos(report, processed, settings)  # not in the audit detail: the unit's own officers read it
    apply_step(session, report, "resolve", officer=identity, note=note, photos=len(processed))
    return report


# Corrections: the category and the place.
def _load_open(session: Session, identity: StaffIdentity | None, code: str) -> Report:
    report = load_for_handling(session, identity, code)
    if report.status not in OPEN_STATUSES:
        raise HandlingError("error.correction_closed")
    return report


def _current_route(report: Report) -> Route:
    return Route(report.kota_id, report.kecamatan_id, report.kelurahan_id, report.routing_approximate)


def _unit(report: Report) -> dict:
    return {"unit_agency": report.unit_agency, "unit_area_id": report.unit_area_id}


def change_category(session: Session, identity: StaffIdentity | None, code: str, category_code: str) -> Report:
    """Put the report in the right category: new deadline, and a new unit unless it was handed over."""
    report = _load_open(session, identity, code)
    category = session.exec(select(Category).where(Category.code == str(category_code), Category.active)).first()
    if category is None:
        raise HandlingError("error.category_invalid")
    old = session.get(Category, report.category_id)
    if category.id == old.id:
        raise HandlingError("error.correction_unchanged")
    route = _current_route(report)
    if _unit(report) == responsible_unit(old, route):
        new_unit = responsible_unit(category, route)
        if new_unit != _unit(report):
            report.assigned_user_id = None
        report.unit_agency, report.unit_area_id = new_unit["unit_agency"], new_unit["unit_area_id"]
    report.category_id = category.id
    report.due_at = add_working_days(report.created_at, category.sla_days)
    apply_step(
        session,
        report,
        "recategorize",
        officer=identity,
        note=category.name_id,
        before=old.code,
        after=category.code,
        due_at=report.due_at,
    )
    return report


def move_pin(session: Session, identity: StaffIdentity | None, code: str, lat: object, lng: object) -> Report:
    """Move a misplaced pin and route the report again; an area officer stays within their kecamatan."""
    report = _load_open(session, identity, code)
    if location_error(lat, lng) is not None:
        raise HandlingError("error.location_invalid")
    lat, lng = round(float(lat), 6), round(float(lng), 6)
    if (lat, lng) == (round(report.latitude, 6), round(report.longitude, 6)):
        raise HandlingError("error.correction_unchanged")
    route = get_router(session).route(lat, lng)
    if route is None:
        raise HandlingError("error.location_outside")
    allowed = placeable_kecamatan_ids(session, identity)
    if allowed is not None and route.kecamatan_id not in allowed:
        raise HandlingError("error.move_outside_area")
    before = (report.latitude, report.longitude, report.kelurahan_id, report.kecamatan_id)
    unit_before = _unit(report)
    report.latitude, report.longitude = lat, lng
    apply_route(report, route)
    if _unit(report) != unit_before:
        report.assigned_user_id = None
    apply_step(
        session,
        report,
        "relocate",
        officer=identity,
        note=route_label(session, route),
        before=list(before),
        after=[lat, lng, report.kelurahan_id, report.kecamatan_id],
    )
    return report


# The person behind a channel report.
MESSAGE_MAX = 1000


class ChannelError(Refused):
    """Nothing was changed; `code` is a translation key."""


@dataclass(frozen=True)
class ChannelReporter:
    """What the staff report page shows about the person on the channel (staff only)."""

    channel: str
    address: str
    blocked: bool


def reporter_on_channel(session: Session, identity: StaffIdentity | None, code: str) -> ChannelReporter | None:
    """The channel person of a report this officer may handle; None for reports from the web, desk or API."""
    report = load_for_handling(session, identity, code)
    contact = channel_contact(session, report)
    return ChannelReporter(contact.channel, contact.address, contact.blocked) if contact else None


def _channel_report(session: Session, identity: StaffIdentity | None, code: str) -> tuple[Report, ChannelContact]:
    report = load_for_handling(session, identity, code)
    contact = channel_contact(session, report)
    if contact is None:
        raise ChannelError("channel.error.no_channel")
    return report, contact


def message_reporter(session: Session, identity: StaffIdentity | None, code: str, text: str) -> None:
    """Write to the person on their channel (e.g. to ask for a detail); the staff timeline keeps the text."""
    report, contact = _channel_report(session, identity, code)
    body = clean_text(text or "", multiline=True)
    if not body:
        raise ChannelError("error.note_required")
    if len(body) > MESSAGE_MAX:
        raise ChannelError("error.note_too_long", max=MESSAGE_MAX)
    if contact.blocked:
        raise ChannelError("channel.error.blocked")
    apply_step(session, report, "message", officer=identity, note=body, public=False, channel=contact.channel)
    lang = contact.language
    send_about(session, report, contact, translate(lang, "intake.staff_message", code=report.tracking_code, text=body))


def block_sender(session: Session, identity: StaffIdentity | None, code: str, *, blocked: bool = True) -> None:
    """Stop (or allow again) everything from the sender of this report: their messages are ignored."""
    report, contact = _channel_report(session, identity, code)
    contact.blocked = blocked
    contact.blocked_by_id = identity.id if blocked else None
    contact.blocked_at = utcnow() if blocked else None
    session.add(contact)
    record(session, identity, "block_sender" if blocked else "unblock_sender", report, channel=contact.channel)
