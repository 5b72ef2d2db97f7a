"""The officers' daily digest as e-mail: plain text and a simple HTML page, Indonesian first, English below.

Report titles are written by citizens: escaped in the HTML part. Links go to the staff report pages.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from html import escape
from typing import TYPE_CHECKING

from ..config import Settings
from ..i18n import format_datetime, translate
from .smtp import deliver

if TYPE_CHECKING:
    from ..domain.digest import Digest, DigestLine

log = logging.getLogger(__name__)
LANGS = ("id", "en")


def _sections(digest: Digest) -> list[tuple[str, list[DigestLine]]]:
    """(heading key, lines) of the parts that have lines."""
    parts = (
        ("digest.overdue", digest.overdue),
        ("digest.due_soon", digest.due_soon),
        ("digest.escalated", digest.escalated),
    )
    return [(key, lines) for key, lines in parts if lines]


def _when(line: DigestLine, lang: str) -> str:
    if line.days_late:
        return translate(lang, "digest.late", days=line.days_late)
    return translate(lang, "digest.due", due=format_datetime(line.due_at, lang))


def _link(line: DigestLine, settings: Settings) -> str:
    return f"{settings.public_base_url}/staf/laporan/{line.tracking_code}"


def _heading(key: str, lines: list, lang: str, settings: Settings) -> str:
    return translate(lang, key, count=len(lines), days=settings.escalate_after_working_days)


def _facts(line: DigestLine, lang: str) -> list[str]:
    return [line.category, line.area, translate(lang, f"staff.status.{line.status}"), _when(line, lang)]


def _text(digest: Digest, settings: Settings, day: str) -> str:
    parts = []
    for lang in LANGS:
        lines = [translate(lang, "digest.greeting", name=digest.name), translate(lang, "digest.intro", day=day), ""]
        for key, found in _sections(digest):
            lines.append(_heading(key, found, lang, settings))
            for line in found:
                lines.append(f"- {line.tracking_code} · {line.title} · {' · '.join(_facts(line, lang))}")
                lines.append(f"  {_link(line, settings)}")
            lines.append("")
        lines.append(translate(lang, "digest.footer"))
        parts.append("\n".join(lines))
    return "\n\n----\n\n".join(parts) + "\n"


def _html(digest: Digest, settings: Settings, day: str) -> str:
    parts = []
    for lang in LANGS:
        body = [
            f'<section lang="{lang}">',
            f"<p>{escape(translate(lang, 'digest.greeting', name=digest.name))}</p>",
            f"<p>{escape(translate(lang, 'digest.intro', day=day))}</p>",
        ]
        for key, found in _sections(digest):
            body.append(f"<h2>{escape(_heading(key, found, lang, settings))}</h2><ul>")
            for line in found:
                facts = " · ".join(escape(f) for f in _facts(line, lang))
                body.append(
                    f'<li><a href="{escape(_link(line, settings))}">{escape(line.tracking_code)}</a> '
                    f"<strong>{escape(line.title)}</strong><br>{facts}</li>"
                )
            body.append("</ul>")
        body.append(f"<p><small>{escape(translate(lang, 'digest.footer'))}</small></p></section>")
        parts.append("\n".join(body))
    return '<!doctype html><html><body style="font-family:sans-serif">' + "<hr>".join(parts) + "</body></html>"


def compose_digest(digest: Digest, settings: Settings, day: str) -> EmailMessage:
    """`day`: the Jakarta date it is about (YYYY-MM-DD)."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = digest.email
    message["Subject"] = translate(
        "id",
        "digest.subject",
        overdue=len(digest.overdue),
        soon=len(digest.due_soon),
        escalated=len(digest.escalated),
    )
    message.set_content(_text(digest, settings, day))
    message.add_alternative(_html(digest, settings, day), subtype="html")
    return message


def send_digests(digests: list[Digest], settings: Settings, day: str) -> int:
    """Send now, in the caller's thread (the CLI or the app's background task); how many went out."""
    if not settings.smtp_host:
        log.warning("daily digest: %d officers to tell, but no PENGADUAN_SMTP_HOST is set", len(digests))
        return 0
    return deliver([compose_digest(d, settings, day) for d in digests], settings, "the daily digest")
