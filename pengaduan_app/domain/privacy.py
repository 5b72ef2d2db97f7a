"""Who may see a report and its reporter (SP4N-LAPOR!'s anonymous vs confidential)."""

from __future__ import annotations

PUBLIC = "public"
ANONYMOUS = "anonymous"  # report public, reporter's name hidden
CONFIDENTIAL = "confidential"  # report not public at all

PRIVACY_CHOICES = (PUBLIC, ANONYMOUS, CONFIDENTIAL)


def is_publicly_visible(privacy: str) -> bool:
    return privacy in (PUBLIC, ANONYMOUS)


def public_reporter_name(privacy: str, reporter_name: str) -> str | None:
    """The name the public may see, or None when it must stay hidden."""
    if privacy == PUBLIC and reporter_name.strip():
        return reporter_name.strip()
    return None
