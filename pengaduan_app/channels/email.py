"""E-mail intake: an SMTP server (aiosmtpd) that takes reports sent to the intake address, and the e-mailed
answers, sent through the outgoing SMTP server (PENGADUAN_SMTP_*) as replies in the same thread.

The subject is the title, the body (without quoted lines) the description, attached JPEG/PNG/WebP files the
photos. Automatic mail (bounces, out-of-office) is accepted and dropped, so two robots never talk forever.
Run it behind the city's mail server, which checks SPF/DKIM: this server trusts the From header it is given.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import smtplib
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid, parseaddr

from aiosmtpd.controller import Controller

from ..config import Settings
from ..domain.intake import Inbound
from ..domain.notifications import Outgoing
from ..domain.photos import UploadedPhoto
from ..domain.validation import is_valid_contact
from ..mail.smtp import smtp_session
from .common import SendError, take_in_committed

log = logging.getLogger(__name__)
MESSAGE_LIMIT = 40 * 1024 * 1024  # three 10 MB photos, base64-encoded, and the text
_PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def body_text(message: EmailMessage) -> str:
    """The plain-text body, without the quoted earlier message of a reply."""
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith(("wrote:", "menulis:")) and stripped.startswith(("On ", "Pada ")):
            break  # the line that introduces the quoted earlier message
        if not stripped.startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def read_mail(raw: bytes, envelope_from: str) -> Inbound | None:
    """The report e-mail as an Inbound; None for automatic mail or a sender without a usable address."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    auto = str(message.get("Auto-Submitted", "no")).lower()
    if not envelope_from or auto != "no" or message.get("X-Autoreply") or message.get("List-Id"):
        return None
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    if not sender or len(sender) > 120 or not is_valid_contact(sender):
        return None
    message_id = str(message.get("Message-ID", "")).strip() or "<" + hashlib.sha256(raw).hexdigest() + "@intake>"
    photos = tuple(
        UploadedPhoto(part.get_filename() or "photo", part.get_content())
        for part in message.iter_attachments()
        if part.get_content_type() in _PHOTO_TYPES
    )
    return Inbound(
        "email",
        sender,
        message_id[:200],
        text=body_text(message),
        subject=str(message.get("Subject", "")),
        photos=photos,
        sender_name=parseaddr(str(message.get("From", "")))[0],
    )


class IntakeHandler:
    """aiosmtpd handler: one recipient (the intake address, when set), one report conversation per message."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        wanted = self.settings.intake_email
        if wanted and parseaddr(wanted)[1].lower() != address.lower():
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            message = read_mail(envelope.original_content or envelope.content, envelope.mail_from or "")
        except (ValueError, LookupError, TypeError):
            return "550 5.6.0 unreadable message"
        if message is None:
            return "250 OK (not taken in)"
        try:
            await asyncio.to_thread(take_in_committed, message, self.settings)
        except Exception:
            log.exception("could not take in the e-mail from %s", message.sender)
            return "451 4.3.0 try again later"
        return "250 OK"


def start_server(settings: Settings) -> Controller:
    controller = Controller(
        IntakeHandler(settings),
        hostname=settings.intake_smtp_host,
        port=settings.intake_smtp_port,
        data_size_limit=MESSAGE_LIMIT,
    )
    controller.start()
    return controller


def _send(message: Outgoing, settings: Settings, sender: str, headers: dict[str, str]) -> None:
    if not settings.smtp_host:
        raise SendError("no outgoing SMTP server configured")
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid(domain="pengaduan")
    for name, value in headers.items():
        mail[name] = value
    mail.set_content(message.body + "\n")
    try:
        with smtp_session(settings) as smtp:
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as err:
        raise SendError(str(err)) from err


def send(message: Outgoing, settings: Settings) -> None:
    """An answer to someone who reported by e-mail: from the intake address, in their thread."""
    thread = {"In-Reply-To": message.in_reply_to, "References": message.in_reply_to} if message.in_reply_to else {}
    _send(message, settings, settings.intake_email or settings.smtp_from, {"Auto-Submitted": "auto-replied", **thread})


def send_notice(message: Outgoing, settings: Settings) -> None:
    """A follower's e-mail about a report: from the no-reply sender (replies are not reports)."""
    _send(message, settings, settings.smtp_from, {"Auto-Submitted": "auto-generated"})
