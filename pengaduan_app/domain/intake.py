"""A report put together over a messaging channel (WhatsApp, e-mail, SMS), filed through `submit_report`.

Each incoming message is taken in once (by the provider's message id), adds what it brings to the sender's
conversation (a category, a place, photos, a description, a privacy choice) and gets one answer: the next
question, or the tracking code and private link once nothing is missing. Answers go through the outbox, in
the caller's transaction. The caller (a channel adapter) opens the transaction; this module never commits.
Photos wait in a staging folder between messages, named by their content's hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from ..config import Settings
from ..db import after_commit
from ..i18n import localised_params, translate
from ..media import MediaStore, PhotoError
from ..models import ChannelContact, ChannelConversation, ChannelInbound, Report
from ..models.types import utcnow
from . import intake_words as words
from . import privacy, status
from .categories import active_categories, category_name
from .confirmation import issue_reporter_key, private_link
from .limits import Submitter, client_hash
from .notifications import enqueue
from .open311 import title_from
from .photos import UploadedPhoto, checked_photo
from .submission import SubmissionError, SubmissionLimited, submit_report
from .validation import DESCRIPTION_MIN, Draft, clean_text

_STEPS = {
    "whatsapp": ("category", "location", "photo", "description", "privacy"),
    "sms": ("category", "location", "description", "privacy"),
    "email": ("category", "location", "photo", "description"),  # e-mail reports are anonymous
}
_QUESTIONS = {
    "category": "intake.ask.category",
    "location": "intake.ask.location",
    "photo": "intake.ask.photo",
    "description": "intake.ask.description",
    "privacy": "intake.ask.privacy",
}
_CHANNEL_QUESTIONS = {
    ("category", "email"): "intake.ask.category.email",
    ("location", "email"): "intake.ask.location.email",
    ("location", "sms"): "intake.ask.location.sms",
    ("photo", "email"): "intake.ask.photo.email",
    ("description", "email"): "intake.ask.description.email",
}
# What a refused field clears from the conversation, so its question is asked again.
_CLEARS = {
    "category": ("category",),
    "location": ("latitude", "longitude", "place"),
    "photos": ("photos",),
    "title": ("title", "description"),
    "description": ("description",),
    "privacy": ("privacy",),
}


@dataclass(frozen=True)
class Inbound:
    """One message as the channel adapter read it."""

    channel: str
    sender: str  # phone number or e-mail address: staff-visible contact only
    message_id: str
    text: str = ""
    subject: str = ""
    photos: tuple[UploadedPhoto, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    sender_name: str = ""


@dataclass
class _Turn:
    """What this message changed and what to say about it, before the next question."""

    state: dict
    lines: list[str] = field(default_factory=list)


def staging_dir(settings: Settings) -> Path:
    return settings.data_dir / "intake"


def contact_for(session: Session, channel: str, address: str) -> ChannelContact:
    contact = session.exec(
        select(ChannelContact).where(ChannelContact.channel == channel, ChannelContact.address == address)
    ).first()
    if contact is None:
        contact = ChannelContact(channel=channel, address=address)
        session.add(contact)
        session.flush()
    return contact


def seen_before(session: Session, channel: str, message_id: str) -> bool:
    """Whether this message was taken in already (a provider's retry)."""
    return (
        session.exec(
            select(ChannelInbound.id).where(ChannelInbound.channel == channel, ChannelInbound.message_id == message_id)
        ).first()
        is not None
    )


def _first_time(session: Session, message: Inbound, contact: ChannelContact, now: datetime) -> ChannelInbound | None:
    """The message's row, or None when this message id was taken in before (a retried webhook)."""
    if seen_before(session, message.channel, message.message_id):
        return None
    row = ChannelInbound(channel=message.channel, message_id=message.message_id, contact_id=contact.id, received_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None  # another process took the same message in at this moment
    return row


def _flooding(session: Session, contact: ChannelContact, now: datetime, settings: Settings) -> bool:
    """More messages from this sender in the last hour than anyone writing a report needs: answer none, so
    a flood costs no outgoing messages."""
    recent = session.exec(
        select(func.count(ChannelInbound.id)).where(
            ChannelInbound.contact_id == contact.id, ChannelInbound.received_at > now - timedelta(hours=1)
        )
    ).one()
    return recent > settings.channel_messages_per_hour


def take_in(
    session: Session, message: Inbound, *, settings: Settings, store: MediaStore, now: datetime | None = None
) -> None:
    """Take one message in and queue its answer. A repeated message id, or a blocked sender, changes nothing."""
    now = now or utcnow()
    contact = contact_for(session, message.channel, message.sender)
    inbound = _first_time(session, message, contact, now)
    if inbound is None or contact.blocked or _flooding(session, contact, now, settings):
        return
    text = clean_text(message.text, multiline=True)
    language = words.language_of(f"{message.subject}\n{text}")
    if language:
        contact.language = language
        session.add(contact)
    conversation = session.exec(select(ChannelConversation).where(ChannelConversation.contact_id == contact.id)).first()
    earlier = json.loads(conversation.state or "{}") if conversation is not None else {}
    if words.is_cancel(text):
        if conversation is not None:
            _discard_staged(session, earlier, settings)
            session.delete(conversation)
        _say(session, contact, message, [translate(contact.language, "intake.cancelled")])
        return
    code = words.status_code(text)
    if code:
        _say(session, contact, message, [status_answer(session, code, contact, settings)])
        return
    turn = _Turn(earlier)
    if conversation is None:
        conversation = ChannelConversation(contact_id=contact.id)
    elif now - conversation.updated_at > timedelta(minutes=settings.channel_session_minutes):
        _discard_staged(session, earlier, settings)
        turn = _Turn({}, [translate(contact.language, "intake.expired")])
    fresh = not turn.state
    _absorb(session, turn, message, contact, text, settings)
    missing = next_missing(turn.state, message.channel)
    if missing is None:
        report = _file(session, turn, message, contact, inbound, settings, store, now)
        if report is not None:
            if conversation.id is not None:
                session.delete(conversation)
            return
        missing = next_missing(turn.state, message.channel)
    if fresh and message.channel != "email":
        turn.lines.insert(0, translate(contact.language, "intake.welcome"))
    if missing is not None:
        turn.lines.append(ask(session, missing, message.channel, contact.language))
    # Nothing missing yet not filed (a limit): the next message, whatever it says, tries again.
    turn.state["awaiting"] = missing or _STEPS[message.channel][-1]
    conversation.state = json.dumps(turn.state)
    conversation.updated_at = now
    session.add(conversation)
    _say(session, contact, message, turn.lines)


def next_missing(state: dict, channel: str) -> str | None:
    filled = {
        "category": bool(state.get("category")),
        "location": state.get("latitude") is not None,
        "photo": bool(state.get("photos")),
        "description": bool(state.get("description")),
        "privacy": bool(state.get("privacy")),
    }
    return next((step for step in _STEPS[channel] if not filled[step]), None)


def ask(session: Session, step: str, channel: str, lang: str) -> str:
    """The question for `step`, in the channel's own wording when it has one."""
    text = translate(lang, _CHANNEL_QUESTIONS.get((step, channel), _QUESTIONS[step]))
    if step == "category":
        listed = active_categories(session)
        text += "\n" + "\n".join(f"{n}. {category_name(c, lang)}" for n, c in enumerate(listed, 1))
    return text


def _absorb(
    session: Session, turn: _Turn, message: Inbound, contact: ChannelContact, text: str, settings: Settings
) -> None:
    """Add what the message brings to the conversation; problems become lines of the answer."""
    state, lang = turn.state, contact.language
    awaiting = state.get("awaiting")
    for photo in message.photos:
        _take_photo(turn, photo, contact, settings)
    if message.latitude is not None and message.longitude is not None:
        state.update(latitude=message.latitude, longitude=message.longitude, place="")
    if message.channel == "email":
        _absorb_email(session, turn, message, text, lang)
        return
    if not text or awaiting is None or words.is_language_choice(text):
        return
    if awaiting == "category":
        chosen = words.choose_category(session, text)
        state["category"] = chosen
        if chosen is None:
            turn.lines.append(translate(lang, "intake.category_unknown"))
    elif awaiting == "location":
        _take_place(session, turn, text, lang, words.place_named)
    elif awaiting == "description":
        _take_description(turn, text, lang, settings)
    elif awaiting == "privacy":
        state["privacy"] = words.choose_privacy(text)
        if state["privacy"] is None:
            turn.lines.append(translate(lang, "intake.privacy_unknown"))
    elif awaiting == "photo" and not message.photos:
        turn.lines.append(translate(lang, "intake.photo_needed"))


def _absorb_email(session: Session, turn: _Turn, message: Inbound, text: str, lang: str) -> None:
    """An e-mail may bring everything at once: the subject is the title, the body the description, and a
    category or kelurahan named anywhere counts. A reply answers the question it was asked."""
    state = turn.state
    awaiting = state.get("awaiting")
    subject = clean_text(message.subject)
    while subject.lower().startswith(("re:", "fw:", "fwd:")):
        subject = subject.split(":", 1)[1].strip()
    if subject and not state.get("title"):
        state["title"] = subject
    if text and awaiting in (None, "description"):
        state["description"] = text
    everything = f"{subject}\n{text}"
    if not state.get("category"):
        first_line = text.splitlines()[0] if text else ""
        state["category"] = (
            words.choose_category(session, first_line) if awaiting == "category" else None
        ) or words.category_named_in(session, everything)
    if state.get("latitude") is None and everything.strip():
        _take_place(session, turn, everything, lang, words.place_named_in, quiet=awaiting != "location")


def _take_photo(turn: _Turn, photo: UploadedPhoto, contact: ChannelContact, settings: Settings) -> None:
    """Check the photo now (so the person hears at once if it cannot be used) and keep it in the staging
    folder, named by the contact and the content, until the report is filed."""
    lang = contact.language
    names = turn.state.setdefault("photos", [])
    if len(names) >= settings.max_photos:
        return
    try:
        processed = checked_photo(photo.data, settings)
    except PhotoError as err:
        turn.lines.append(translate(lang, "intake.photo_refused", reason=translate(lang, err.code, **err.params)))
        return
    name = f"{contact.id}-{hashlib.sha256(photo.data).hexdigest()}.upload"
    folder = staging_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(photo.data)
    if name not in names:
        names.append(name)
    if processed.gps and turn.state.get("latitude") is None:
        turn.state.update(latitude=processed.gps[0], longitude=processed.gps[1], place="")


def _take_place(session, turn: _Turn, text: str, lang: str, finder, *, quiet: bool = False) -> None:
    place = finder(session, text)
    if place is None:
        if not quiet:
            turn.lines.append(translate(lang, "intake.place_unknown"))
        return
    turn.state.update(latitude=place.latitude, longitude=place.longitude, place=place.name)
    turn.lines.append(translate(lang, "intake.place_found", name=place.name))


def _take_description(turn: _Turn, text: str, lang: str, settings: Settings) -> None:
    if len(text) < DESCRIPTION_MIN:
        turn.lines.append(translate(lang, "error.description_too_short", min=DESCRIPTION_MIN))
    elif len(text) > settings.description_max:
        turn.lines.append(translate(lang, "error.description_too_long", max=settings.description_max))
    else:
        turn.state["description"] = text


def _file(
    session: Session,
    turn: _Turn,
    message: Inbound,
    contact: ChannelContact,
    inbound: ChannelInbound,
    settings: Settings,
    store: MediaStore,
    now: datetime,
) -> Report | None:
    """File the report and answer with its code and private link; None (with the reasons said) if refused."""
    state, lang = turn.state, contact.language
    who = Submitter(person_hash=client_hash(f"{contact.channel}:{contact.address}", settings.ip_hash_key))
    photos = [UploadedPhoto(name, path.read_bytes()) for name, path in _staged(state, settings)]
    description = state["description"]
    draft = Draft(
        category_code=state["category"],
        title=state.get("title") or title_from(description, settings.title_max),
        description=description,
        latitude=state["latitude"],
        longitude=state["longitude"],
        address=state.get("place", ""),
        reporter_name=clean_text(message.sender_name)[: settings.name_max],
        reporter_contact=contact.address,
        privacy=state.get("privacy") or privacy.ANONYMOUS,
        channel=contact.channel,
        idempotency_key="ch-" + hashlib.sha256(f"{message.channel}\n{message.message_id}".encode()).hexdigest()[:40],
    )
    try:
        report = submit_report(session, draft, photos, settings=settings, store=store, submitter=who, now=now)
    except SubmissionLimited as limited:
        params = localised_params({"max": limited.hit.limit, "time": limited.hit.retry_at}, lang)
        turn.lines.append(translate(lang, "intake.limited", **params))
        return None
    except SubmissionError as err:
        for name, problem in err.errors.items():
            turn.lines.append(translate(lang, problem.code, **localised_params(problem.params, lang)))
            for key in _CLEARS.get(name, ()):
                state.pop(key, None)
        return None
    key = issue_reporter_key(session, report)
    inbound.report_id = report.id
    session.add(inbound)
    link = settings.public_base_url + private_link(report.tracking_code, key) if key else ""
    _say(session, contact, message, [translate(lang, "intake.filed", code=report.tracking_code, link=link)])
    _discard_staged(session, state, settings)
    return report


def _staged(state: dict, settings: Settings) -> list[tuple[str, Path]]:
    folder = staging_dir(settings)
    return [(name, folder / name) for name in state.get("photos", []) if (folder / name).is_file()]


def _discard_staged(session: Session, state: dict, settings: Settings) -> None:
    """Remove a conversation's staged photos once its end (filed, cancelled, expired) is committed."""
    staged = [path for _, path in _staged(state, settings)]
    after_commit(session, lambda: [path.unlink(missing_ok=True) for path in staged])


def status_answer(session: Session, code: str, contact: ChannelContact, settings: Settings) -> str:
    """The public status of a report; a confidential one only for the person who filed it from here."""
    lang = contact.language
    report = session.exec(select(Report).where(Report.tracking_code == code)).first()
    own = report is not None and report.channel == contact.channel and report.reporter_contact == contact.address
    if report is None or report.hidden or not (privacy.is_publicly_visible(report.privacy) or own):
        return translate(lang, "intake.status_unknown", code=code)
    word = translate(lang, f"status.{status.public_status(report.status).code}")
    link = f"{settings.public_base_url}/laporan/{report.tracking_code}"
    return translate(lang, "intake.status", code=code, status=word, link=link)


def _say(session: Session, contact: ChannelContact, message: Inbound, lines: list[str]) -> None:
    """Queue the answer on the channel the message came from; an e-mail answer replies to it (same thread)."""
    subject = ""
    if contact.channel == "email":
        subject = clean_text(message.subject) or translate(contact.language, "intake.mail_subject")
        subject = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    enqueue(
        session,
        contact.channel,
        contact.address,
        "\n\n".join(line for line in lines if line),
        subject=subject,
        in_reply_to=message.message_id if contact.channel == "email" else "",
    )
