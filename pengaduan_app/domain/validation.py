"""Checks on what a citizen (or an officer, or an API client) submits.

Errors are returned per field as translation keys with parameters, so the form
shows each message beside its field and the API can phrase the same rule.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from ..config import Settings
from .privacy import PRIVACY_CHOICES

CHANNELS = ("web", "desk", "api", "whatsapp", "email", "sms")
MESSAGING_CHANNELS = ("whatsapp", "email", "sms")  # people reached back on the channel they wrote from
PHOTO_REQUIRED = ("web", "whatsapp", "email")  # channels that carry photos: citizens there send one
TITLE_MIN = 5
DESCRIPTION_MIN = 10

_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")


@dataclass(frozen=True)
class FieldError:
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Draft:
    """A submission before validation; text exactly as typed."""

    category_code: str = ""
    title: str = ""
    description: str = ""
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    privacy: str = ""  # chosen by the reporter (or with them, at the desk): never a default to a public name
    channel: str = "web"
    idempotency_key: str | None = None


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Strip control characters (keeping newlines where allowed) and outer white space."""
    kept = []
    for ch in text or "":
        if ch in "\n\t" and multiline:
            kept.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            kept.append(ch)
    cleaned = "".join(kept).strip()
    if not multiline:
        cleaned = " ".join(cleaned.split())
    return cleaned


def _length_error(value: str, field_key: str, minimum: int, maximum: int) -> FieldError | None:
    if not value:
        return FieldError(f"error.{field_key}_required")
    if len(value) < minimum:
        return FieldError(f"error.{field_key}_too_short", {"min": minimum})
    if len(value) > maximum:
        return FieldError(f"error.{field_key}_too_long", {"max": maximum})
    return None


def is_email(contact: str) -> bool:
    return bool(_EMAIL.match(contact))


def is_valid_contact(contact: str) -> bool:
    return bool(_EMAIL.match(contact) or _PHONE.match(contact))


def normalise(draft: Draft) -> Draft:
    """The draft with its text cleaned, ready to validate and store."""
    return Draft(
        category_code=clean_text(draft.category_code),
        title=clean_text(draft.title),
        description=clean_text(draft.description, multiline=True),
        latitude=draft.latitude,
        longitude=draft.longitude,
        address=clean_text(draft.address),
        reporter_name=clean_text(draft.reporter_name),
        reporter_contact=clean_text(draft.reporter_contact),
        privacy=clean_text(draft.privacy),
        channel=draft.channel,
        idempotency_key=draft.idempotency_key,
    )


def location_error(latitude: float | None, longitude: float | None) -> FieldError | None:
    if latitude is None or longitude is None:
        return FieldError("error.location_required")
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return FieldError("error.location_invalid")
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return FieldError("error.location_invalid")
    return None


def validate_fields(draft: Draft, category_codes: set[str], settings: Settings) -> dict[str, FieldError]:
    """Every rule that needs neither the area router nor the photos."""
    errors: dict[str, FieldError] = {}
    if not draft.category_code:
        errors["category"] = FieldError("error.category_required")
    elif draft.category_code not in category_codes:
        errors["category"] = FieldError("error.category_unknown")
    checks = {
        "title": _length_error(draft.title, "title", TITLE_MIN, settings.title_max),
        "description": _length_error(draft.description, "description", DESCRIPTION_MIN, settings.description_max),
        "location": location_error(draft.latitude, draft.longitude),
    }
    errors.update({name: err for name, err in checks.items() if err})
    if len(draft.address) > settings.address_max:
        errors["address"] = FieldError("error.address_too_long", {"max": settings.address_max})
    if len(draft.reporter_name) > settings.name_max:
        errors["reporter_name"] = FieldError("error.name_too_long", {"max": settings.name_max})
    if draft.reporter_contact and (
        len(draft.reporter_contact) > settings.contact_max or not is_valid_contact(draft.reporter_contact)
    ):
        errors["reporter_contact"] = FieldError("error.contact_invalid")
    if not draft.privacy:
        errors["privacy"] = FieldError("error.privacy_required")
    elif draft.privacy not in PRIVACY_CHOICES:
        errors["privacy"] = FieldError("error.privacy_invalid")
    if draft.channel not in CHANNELS:
        errors["channel"] = FieldError("error.channel_invalid")
    if draft.idempotency_key is not None and not (8 <= len(draft.idempotency_key) <= 64):
        errors["idempotency_key"] = FieldError("error.idempotency_key_invalid")
    return errors


def photo_count_error(count: int, channel: str, settings: Settings) -> FieldError | None:
    """Citizens on a channel that carries photos need one; desk, API and SMS submissions may have none."""
    if count > settings.max_photos:
        return FieldError("error.photos_too_many", {"max": settings.max_photos})
    if count == 0 and channel in PHOTO_REQUIRED:
        return FieldError("error.photos_required")
    return None
