"""E-mail to followers about public changes, when SMTP is configured (PENGADUAN_SMTP_HOST).

Sending happens on a small worker pool after the change is committed, so a slow
or broken mail server never delays or undoes an officer's work; failures are logged.
"""

from __future__ import annotations

import logging
import smtplib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage

from ..config import Settings, get_settings
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


def compose(update: ReportUpdate, recipient: str, settings: Settings) -> EmailMessage:
    """Indonesian first, English below: we do not know each reader's language."""
    link = f"{settings.public_base_url}/laporan/{update.tracking_code}"
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = recipient
    message["Subject"] = f"[{update.tracking_code}] {translate('id', f'staff.action.{update.action}')}: {update.title}"
    parts = []
    for lang in ("id", "en"):
        lines = [
            translate(lang, "mail.intro", code=update.tracking_code, title=update.title),
            f"{translate(lang, 'mail.status')}: {translate(lang, f'staff.status.{update.status}')}",
        ]
        if update.note:
            lines.append(f"{translate(lang, 'mail.note')}: {update.note}")
        lines.append(f"{translate(lang, 'mail.link')}: {link}")
        parts.append("\n".join(lines))
    message.set_content("\n\n----\n\n".join(parts) + "\n")
    return message


def _send(recipients: list[str], update: ReportUpdate, settings: Settings) -> int:
    sent = 0
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for recipient in recipients:
                smtp.send_message(compose(update, recipient, settings))
                sent += 1
    except (OSError, smtplib.SMTPException):
        log.exception("could not send report update e-mail for %s", update.tracking_code)
    return sent


def send_report_updates(recipients: list[str], update: ReportUpdate) -> Future | None:
    settings = get_settings()
    if not settings.smtp_host or not recipients:
        return None
    return _pool.submit(_send, recipients, update, settings)
