"""What officers do with a report. Each step: permission, state machine, timeline, audit, in the caller's transaction.

Every function takes the signed-in identity (None when nobody is signed in) and
checks it itself, so the pages, the API and the CLI get the same protection.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ..config import Settings, get_settings
from ..errors import Refused
from ..media import PhotoStore
from ..models import Area, Report, StaffUser
from . import privacy, status
from .accounts import StaffIdentity, identity_of
from .areas import BY_CODE as AGENCIES
from .duplicates import move_supporters
from .field_check import check_after_photos
from .permissions import can_handle, can_see, may_assign_to, require_can_handle
from .photos import UploadedPhoto, attach_photos, process_uploads
from .timeline import apply_step
from .validation import clean_text

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
    are both required. A photo's GPS position is compared with the place (domain.field_check)."""
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
