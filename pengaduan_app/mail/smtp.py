"""E-mail to followers about public changes, and to a reporter their private link, when SMTP is configured
(PENGADUAN_SMTP_HOST).

Followers' e-mails are queued in the outbox (domain/notifications.py, channel "notice") in the transaction of the
change, so a moderator's later redaction or hiding still reaches a message not yet sent. Private links and account
e-mails (secrets, not to be kept in a table) go out on a small worker pool after the commit; failures are logged.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage

from ..config import Settings, get_settings
from ..domain.status import public_note, public_status, public_step
from ..i18n import translate

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")


@dataclass(frozen=True)
class ReportUpdate:
    tracking_code: str
    title: str
    status: str
    action: str
    note: str
    duplicate: bool = False  # rejected as the same as another report


def report_update_text(update: ReportUpdate, settings: Settings) -> tuple[str, str]:
    """(subject, body) of a follower's e-mail: Indonesian first, English below (we do not know their language)."""
    link = f"{settings.public_base_url}/laporan/{update.tracking_code}"
    step = public_step("id", update.action, update.note, duplicate=update.duplicate)
    subject = f"[{update.tracking_code}] {step}: {update.title}"
    parts = []
    for lang in ("id", "en"):
        lines = [
            translate(lang, "mail.intro", code=update.tracking_code, title=update.title),
            public_step(lang, update.action, update.note, duplicate=update.duplicate),
            f"{translate(lang, 'mail.status')}: {translate(lang, f'status.{public_status(update.status).code}')}",
        ]
        if update.note:
            lines.append(f"{translate(lang, 'mail.note')}: {public_note(update.action, update.note)}")
        lines.append(f"{translate(lang, 'mail.link')}: {link}")
        parts.append("\n".join(lines))
    return subject, "\n\n----\n\n".join(parts)


@contextmanager
def smtp_session(settings: Settings) -> Iterator[smtplib.SMTP]:
    """A connection to the outgoing mail server, with STARTTLS and login as configured."""
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        yield smtp


def compose_private_link(tracking_code: str, link: str, recipient: str, settings: Settings) -> EmailMessage:
    """The reporter's private link (absolute), Indonesian first, English below."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = recipient
    message["Subject"] = translate("id", "mail.private_subject", code=tracking_code)
    parts = [f"{translate(lang, 'mail.private_body', code=tracking_code)}\n\n{link}" for lang in ("id", "en")]
    message.set_content("\n\n----\n\n".join(parts) + "\n")
    return message


def deliver(messages: list[EmailMessage], settings: Settings, about: str) -> int:
    sent = 0
    try:
        with smtp_session(settings) as smtp:
            for message in messages:
                smtp.send_message(message)
                sent += 1
    except (OSError, smtplib.SMTPException):
        log.exception("could not send e-mail about %s", about)
    return sent


def submit(messages: list[EmailMessage], settings: Settings, about: str) -> Future:
    """Send on the mail pool (the caller has checked that SMTP is configured)."""
    return _pool.submit(deliver, messages, settings, about)


def send_private_link(tracking_code: str, link: str, recipient: str) -> Future | None:
    settings = get_settings()
    if not settings.smtp_host or not recipient:
        return None
    return submit([compose_private_link(tracking_code, link, recipient, settings)], settings, tracking_code)
