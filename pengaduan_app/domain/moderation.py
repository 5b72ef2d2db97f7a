"""Moderation: anyone flags a public report (flags.py), so do area officers (with a reason); moderators and admins hide
reports and replies and redact text or photos. Area officers never do: the unit the public judges does not
decide what the public sees about it.

Every officer step is permission, change, audit entry (with the reason), in the caller's transaction, as in
handling.py; each function checks the identity it is given itself (None: nobody signed in).
The original of redacted text or of a photo is kept for admins only: in a Redaction row, and
for photos a file moved out of the public media folder into a private one; the audit log
names the redaction, never the original.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from ..config import Settings, get_settings
from ..db import after_commit, after_rollback
from ..errors import Refused
from ..media import ProcessedPhoto, process_photo
from ..media.redact import paint_box
from ..media.stores import private_store, public_store
from ..models import Flag, Photo, Redaction, Report, StaffUser, StatusChange
from .accounts import StaffIdentity
from .audit import record
from .handling import NOTE_MAX, HandlingError
from .notifications import NOTICE, drop_unsent, redact_notifications, rewrite_unsent
from .permissions import require_admin, require_moderator, scope_clause
from .public_reports import media_url
from .validation import clean_text

REASON_MAX = 200
QUEUE_LIMIT = 200
COMMENTS_SHOWN = 3
TEXT_TARGETS = ("title", "description")
STEP_TARGET = "timeline:"
PHOTO_TARGET = "photo:"


class ModerationError(Refused):
    """A moderation step that cannot be done as asked; `code` is a translation key."""


@dataclass(frozen=True)
class QueueItem:
    tracking_code: str
    title: str
    status: str
    hidden: bool
    flag_count: int
    reasons: dict[str, int]
    comments: tuple[str, ...]
    last_flagged: datetime | None


@dataclass(frozen=True)
class RedactionLine:
    id: int
    target: str
    reason: str
    at: datetime
    actor: str


@dataclass(frozen=True)
class HideableStep:
    id: int
    at: datetime
    action: str
    note: str


@dataclass(frozen=True)
class PhotoChoice:
    id: int
    kind: str
    url: str
    thumb_url: str


@dataclass(frozen=True)
class ReportModeration:
    """What the moderation panel of one report shows; `redactions` only for admins."""

    tracking_code: str
    hidden: bool
    title: str
    description: str
    steps: list[HideableStep] = field(default_factory=list)  # newest first: what is usually to be hidden
    photos: list[PhotoChoice] = field(default_factory=list)
    open_flags: dict[str, int] = field(default_factory=dict)
    redactions: list[RedactionLine] = field(default_factory=list)


@dataclass(frozen=True)
class Original:
    redaction: Redaction
    photo: str | None  # the kept photo's name in the private store; None for text (in `redaction.original`)


def _row(session: Session, model, row_id: object):
    """The row with this id, or None; ids outside the database's integer range are simply unknown."""
    if isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 < row_id < 2**31:
        return None
    return session.get(model, row_id)


def required_reason(text: object) -> str:
    """The reason an officer gives for a moderation step: required, plain text, not too long."""
    reason = clean_text(text if isinstance(text, str) else "")
    if not reason:
        raise ModerationError("moderation.error.reason_required")
    if len(reason) > REASON_MAX:
        raise ModerationError("moderation.error.reason_too_long", max=REASON_MAX)
    return reason


def _report(session: Session, identity: StaffIdentity | None, code: object) -> Report:
    """The report to moderate; anyone but a moderator or admin is refused before the code is looked at."""
    require_moderator(identity)
    report = session.exec(select(Report).where(Report.tracking_code == str(code or "").strip().upper()[:24])).first()
    if report is None:
        raise HandlingError("error.report_unknown")
    return report


def _resolve_flags(session: Session, report: Report) -> int:
    statement = update(Flag).where(Flag.report_id == report.id, Flag.resolved.is_(False)).values(resolved=True)
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def _reason_counts(session: Session, report_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = session.exec(
        select(Flag.report_id, Flag.reason, func.count(Flag.id))
        .where(Flag.report_id.in_(report_ids), Flag.resolved.is_(False))
        .group_by(Flag.report_id, Flag.reason)
    ).all()
    for report_id, reason, count in rows:
        counts.setdefault(report_id, {})[reason] = count
    return counts


def moderation_queue(session: Session, identity: StaffIdentity | None) -> list[QueueItem]:
    """Reports with open flags (most recently flagged first), then hidden ones: for moderators and admins."""
    require_moderator(identity)
    open_flags = (
        select(Flag.report_id, func.count(Flag.id).label("count"), func.max(Flag.at).label("last"))
        .where(Flag.resolved.is_(False))
        .group_by(Flag.report_id)
        .subquery()
    )
    rows = session.exec(
        select(Report, open_flags.c.count, open_flags.c.last)
        .join(open_flags, open_flags.c.report_id == Report.id, isouter=True)
        .where(scope_clause(session, identity), or_(open_flags.c.count.is_not(None), Report.hidden.is_(True)))
        .order_by(open_flags.c.count.is_(None), open_flags.c.last.desc(), Report.updated_at.desc())
        .limit(QUEUE_LIMIT)
    ).all()
    ids = [report.id for report, _, _ in rows]
    reasons = _reason_counts(session, ids)
    comments: dict[int, list[str]] = {}
    for report_id, text in session.exec(
        select(Flag.report_id, Flag.comment)
        .where(Flag.report_id.in_(ids), Flag.resolved.is_(False), Flag.comment != "")
        .order_by(Flag.at.desc(), Flag.id.desc())
    ).all():
        comments.setdefault(report_id, []).append(text)
    return [
        QueueItem(
            tracking_code=report.tracking_code,
            title=report.title,
            status=report.status,
            hidden=report.hidden,
            flag_count=count or 0,
            reasons=reasons.get(report.id, {}),
            comments=tuple(comments.get(report.id, [])[:COMMENTS_SHOWN]),
            last_flagged=last,
        )
        for report, count, last in rows
    ]


def report_moderation(session: Session, identity: StaffIdentity | None, code: object) -> ReportModeration:
    """The moderation panel's view of one report."""
    report = _report(session, identity, code)
    steps = session.exec(
        select(StatusChange)
        .where(
            StatusChange.report_id == report.id,
            StatusChange.public,
            StatusChange.hidden.is_(False),
            StatusChange.note != "",
        )
        .order_by(StatusChange.at.desc(), StatusChange.id.desc())
    ).all()
    photos = session.exec(
        select(Photo).where(Photo.report_id == report.id).order_by(Photo.kind.desc(), Photo.position)
    ).all()
    redactions = []
    if identity.is_admin:
        redactions = [
            RedactionLine(r.id, r.target, r.reason, r.at, name or "")
            for r, name in session.exec(
                select(Redaction, StaffUser.display_name)
                .join(StaffUser, StaffUser.id == Redaction.actor_id, isouter=True)
                .where(Redaction.report_id == report.id)
                .order_by(Redaction.at.desc(), Redaction.id.desc())
            ).all()
        ]
    return ReportModeration(
        tracking_code=report.tracking_code,
        hidden=report.hidden,
        title=report.title,
        description=report.description,
        steps=[HideableStep(s.id, s.at, s.action, s.note) for s in steps],
        photos=[PhotoChoice(p.id, p.kind, media_url(p.filename), media_url(p.thumb_filename)) for p in photos],
        open_flags=_reason_counts(session, [report.id]).get(report.id, {}),
        redactions=redactions,
    )


def hide_report(session: Session, identity: StaffIdentity | None, code: object, reason: object) -> Report:
    """Take a report off every public place; its open flags are settled by this."""
    report = _report(session, identity, code)
    reason = required_reason(reason)
    if report.hidden:
        raise ModerationError("moderation.error.already_hidden")
    report.hidden = True
    session.add(report)
    drop_unsent(session, report.id, NOTICE)  # followers' e-mails not sent yet; the reporter's own channel still hears
    settled = _resolve_flags(session, report)
    record(session, identity, "hide_report", report, reason=reason, flags_settled=settled)
    return report


def unhide_report(session: Session, identity: StaffIdentity | None, code: object, reason: object) -> Report:
    report = _report(session, identity, code)
    reason = required_reason(reason)
    if not report.hidden:
        raise ModerationError("moderation.error.not_hidden")
    report.hidden = False
    session.add(report)
    record(session, identity, "unhide_report", report, reason=reason)
    return report


def _step_of(session: Session, step_id: object) -> StatusChange:
    step = _row(session, StatusChange, step_id)
    if step is None:
        raise ModerationError("moderation.error.step_unknown")
    return step


def hide_step(session: Session, identity: StaffIdentity | None, step_id: object, reason: object) -> StatusChange:
    """Take a public reply or timeline note off the public timeline (staff still see it)."""
    require_moderator(identity)
    step = _step_of(session, step_id)
    report = session.get(Report, step.report_id)
    reason = required_reason(reason)
    if not step.public or step.hidden or not step.note:
        raise ModerationError("moderation.error.step_not_hideable")
    step.hidden = True
    session.add(step)
    redact_notifications(session, report.id, step.note, "")
    rewrite_unsent(session, report.id, step.note, "")
    record(session, identity, "hide_step", report, step_id=step.id, reason=reason)
    return step


def _text_holder(session: Session, report: Report, target: object) -> tuple[object, str, bool, int]:
    """(row, attribute, multiline, max length) of a redactable text."""
    settings = get_settings()
    if target == "title":
        return report, "title", False, settings.title_max
    if target == "description":
        return report, "description", True, settings.description_max
    number = target[len(STEP_TARGET) :] if isinstance(target, str) and target.startswith(STEP_TARGET) else ""
    if not (number.isascii() and number.isdigit() and len(number) < 10):
        raise ModerationError("moderation.error.target_invalid")
    step = _step_of(session, int(number))
    if step.report_id != report.id:
        raise ModerationError("moderation.error.step_unknown")
    return step, "note", True, NOTE_MAX


def redact_text(
    session: Session, identity: StaffIdentity | None, code: object, target: object, new_text: object, reason: object
) -> Redaction:
    """Replace a report's title or description, or a step's note (`timeline:<step id>`); keep the original."""
    report = _report(session, identity, code)
    holder, attribute, multiline, maximum = _text_holder(session, report, target)
    reason = required_reason(reason)
    text = clean_text(new_text if isinstance(new_text, str) else "", multiline=multiline)
    if not text:
        raise ModerationError("moderation.error.text_required")
    if len(text) > maximum:
        raise ModerationError("moderation.error.text_too_long", max=maximum)
    original = getattr(holder, attribute)
    if text == original:
        raise ModerationError("moderation.error.text_unchanged")
    setattr(holder, attribute, text)
    session.add(holder)
    if isinstance(holder, StatusChange):
        redact_notifications(session, report.id, original, text)
    rewrite_unsent(session, report.id, original, text)  # queued e-mails and channel messages quoting it
    redaction = Redaction(report_id=report.id, target=target, original=original, reason=reason, actor_id=identity.id)
    session.add(redaction)
    session.flush()
    record(session, identity, "redact_text", report, target=target, reason=reason, redaction_id=redaction.id)
    return redaction


def _box(box: object) -> tuple[float, float, float, float]:
    """(x, y, w, h) as fractions of the photo's width and height, wholly inside it."""
    try:
        x, y, w, h = (float(v) for v in box if not isinstance(v, bool))
    except (TypeError, ValueError):
        raise ModerationError("moderation.error.box_invalid") from None
    slack = 1e-9
    if not all(math.isfinite(v) for v in (x, y, w, h)):
        raise ModerationError("moderation.error.box_invalid")
    if x < 0 or y < 0 or w <= 0 or h <= 0 or x + w > 1 + slack or y + h > 1 + slack:
        raise ModerationError("moderation.error.box_invalid")
    return x, y, min(w, 1 - x), min(h, 1 - y)


def _unused(session: Session, names: tuple[str, ...]) -> list[str]:
    """The public files no photo row points at any more (one file may serve several reports)."""
    return [
        name
        for name in names
        if not session.exec(
            select(func.count(Photo.id)).where(or_(Photo.filename == name, Photo.thumb_filename == name))
        ).one()
    ]


def redact_photo(
    session: Session,
    identity: StaffIdentity | None,
    photo_id: object,
    box: object,
    reason: object,
    *,
    settings: Settings | None = None,
) -> Redaction:
    """Paint `box` over a photo; the public files are replaced and the original moves to the private folder.

    Files are written before the commit and the old public ones removed only after it, so a
    row never points at a missing file; if the transaction does not commit the new files are removed again.
    """
    require_moderator(identity)
    photo = _row(session, Photo, photo_id)
    if photo is None:
        raise ModerationError("moderation.error.photo_unknown")
    report = session.get(Report, photo.report_id)
    reason = required_reason(reason)
    box = _box(box)
    settings = settings or get_settings()
    public, private = public_store(settings), private_store(settings)
    try:
        data = public.read(photo.filename)
    except FileNotFoundError as err:
        raise ModerationError("moderation.error.photo_missing") from err
    painted = process_photo(paint_box(data, box), max_side=settings.photo_max_side, thumb_side=settings.thumb_max_side)
    original = ProcessedPhoto(
        sha256=Path(photo.filename).stem,
        image=data,
        thumbnail=public.read(photo.thumb_filename) if public.exists(photo.thumb_filename) else data,
        width=photo.width,
        height=photo.height,
        gps=None,
    )
    old_names = (photo.filename, photo.thumb_filename)
    kept = private.save(original)
    stored = public.save(painted)
    try:
        photo.sha256, photo.filename, photo.thumb_filename = painted.sha256, stored.filename, stored.thumb_filename
        photo.width, photo.height = painted.width, painted.height
        session.add(photo)
        target = f"{PHOTO_TARGET}{photo.id}"
        redaction = Redaction(
            report_id=report.id, target=target, original=old_names[0], reason=reason, actor_id=identity.id
        )
        session.add(redaction)
        session.flush()
        record(
            session, identity, "redact_photo", report, target=target, reason=reason, redaction_id=redaction.id, box=box
        )
    except BaseException:
        public.delete(stored)
        private.delete(kept)
        raise
    after_rollback(session, lambda: (public.delete(stored), private.delete(kept)))
    unused = _unused(session, old_names)
    after_commit(session, lambda: [public.remove(name) for name in unused])
    return redaction


def dismiss_flags(session: Session, identity: StaffIdentity | None, code: object) -> int:
    """Settle a report's open flags without hiding it; returns how many."""
    report = _report(session, identity, code)
    settled = _resolve_flags(session, report)
    if not settled:
        raise ModerationError("moderation.error.no_open_flags")
    record(session, identity, "dismiss_flags", report, flags_settled=settled)
    return settled


def is_redacted_original(session: Session, name: str) -> bool:
    """Whether a public file name (photo or its thumbnail) is the original of a redacted photo."""
    original = name[: -len("_t.jpg")] + ".jpg" if name.endswith("_t.jpg") else name
    redacted = select(Redaction.id).where(Redaction.original == original, Redaction.target.startswith(PHOTO_TARGET))
    return session.exec(redacted).first() is not None


def original_for_admin(
    session: Session, identity: StaffIdentity | None, redaction_id: object, *, settings: Settings | None = None
) -> Original:
    """The original behind a redaction, for admins only; each look is written to the audit log."""
    require_admin(identity)
    redaction = _row(session, Redaction, redaction_id)
    if redaction is None:
        raise ModerationError("moderation.error.redaction_unknown")
    photo = None
    if redaction.target.startswith(PHOTO_TARGET):
        photo = redaction.original
        if not private_store(settings).exists(photo):
            raise ModerationError("moderation.error.original_missing")
    record(session, identity, "view_original", session.get(Report, redaction.report_id), redaction_id=redaction.id)
    return Original(redaction, photo)
