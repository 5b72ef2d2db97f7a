"""E-mails about a citizen's own account: the link that verifies their address, and the notice that someone
tried to register it again. Sent straight after commit, never through the outbox: the verification link is a
secret and the outbox keeps message bodies in the database."""

from __future__ import annotations

from concurrent.futures import Future
from email.message import EmailMessage

from ..config import Settings, get_settings
from ..i18n import translate
from .smtp import submit

VERIFY_PATH = "/akun/verifikasi"
_TEXTS = {
    "verify": ("mail.account.verify_subject", "mail.account.verify_body"),
    "exists": ("mail.account.exists_subject", "mail.account.exists_body"),
}


def verification_link(token: str, settings: Settings) -> str:
    return f"{settings.public_base_url}{VERIFY_PATH}?t={token}"


def compose(kind: str, recipient: str, settings: Settings, **params: str) -> EmailMessage:
    """`kind` "verify" (with `link`) or "exists"; Indonesian first, English below."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = recipient
    subject, body = _TEXTS[kind]
    message["Subject"] = translate("id", subject)
    account = f"{settings.public_base_url}/akun"
    parts = [translate(lang, body, account=account, **params) for lang in ("id", "en")]
    message.set_content("\n\n----\n\n".join(parts) + "\n")
    return message


def send_account_mail(kind: str, recipient: str, token: str = "") -> Future | None:
    settings = get_settings()
    if not settings.smtp_host or not recipient:
        return None
    link = verification_link(token, settings) if token else ""
    return submit([compose(kind, recipient, settings, link=link)], settings, f"account mail ({kind})")
