"""Reading what people type on a chat or e-mail channel: commands, language, numbered choices, place names.

Plain functions over text and the session's categories and areas, so the conversation (domain.intake) stays
about the order of questions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from shapely.geometry import shape
from sqlmodel import Session, select

from ..geo.names import display_name, name_key
from ..models import Area
from . import privacy
from .categories import active_categories

CANCEL_WORDS = frozenset({"batal", "cancel", "stop"})
_LANGUAGE_CHOICES = frozenset({"english", "inggris", "bahasa inggris", "indonesia", "bahasa indonesia", "bahasa"})
_STATUS = re.compile(r"^\s*(?:status|cek|check)\s+([A-Za-z]{2,5}-\d{4}-\d{3,6})\s*$", re.IGNORECASE)
_ENGLISH = frozenset(
    {"hi", "hello", "english", "report", "please", "the", "is", "there", "broken", "my", "street", "help", "want"}
)
_INDONESIAN = frozenset({"halo", "hai", "indonesia", "bahasa", "lapor", "mau", "ada", "jalan", "yang", "tolong", "di"})
_PLACE_PREFIX = re.compile(r"^(?:kelurahan|kel\.?|desa)\s+", re.IGNORECASE)
PRIVACY_ORDER = (privacy.PUBLIC, privacy.ANONYMOUS, privacy.CONFIDENTIAL)
_PRIVACY_WORDS = {
    "publik": privacy.PUBLIC,
    "public": privacy.PUBLIC,
    "anonim": privacy.ANONYMOUS,
    "anonymous": privacy.ANONYMOUS,
    "rahasia": privacy.CONFIDENTIAL,
    "confidential": privacy.CONFIDENTIAL,
}


@dataclass(frozen=True)
class Place:
    """A kelurahan named by the person, and a point inside it to route the report by."""

    name: str
    latitude: float
    longitude: float


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", (text or "").lower())


def is_cancel(text: str) -> bool:
    return (text or "").strip().lower().rstrip(".!") in CANCEL_WORDS


def is_language_choice(text: str) -> bool:
    """A message that only asks for a language ("english", "bahasa indonesia"): no answer to a question."""
    return " ".join(words_of(text)) in _LANGUAGE_CHOICES


def status_code(text: str) -> str | None:
    """The tracking code in "status JKT-2611-00042", upper case; None for any other text."""
    match = _STATUS.match(text or "")
    return match.group(1).upper() if match else None


def language_of(text: str) -> str | None:
    """'en' or 'id' when the text clearly is (or asks for) that language; None when it says nothing."""
    words = set(words_of(text))
    english, indonesian = len(words & _ENGLISH), len(words & _INDONESIAN)
    if "english" in words or english > indonesian:
        return "en"
    if indonesian > english:
        return "id"
    return None


def choose_category(session: Session, text: str) -> str | None:
    """The category code chosen by its number in the list, its code or its name (either language)."""
    listed = active_categories(session)
    answer = (text or "").strip().rstrip(".")
    if answer.isdigit():
        number = int(answer)
        return listed[number - 1].code if 1 <= number <= len(listed) else None
    wanted = " ".join(words_of(answer))
    for category in listed:
        names = {
            category.code.replace("_", " "),
            " ".join(words_of(category.name_id)),
            " ".join(words_of(category.name_en)),
        }
        if wanted and wanted in names:
            return category.code
    return None


def category_named_in(session: Session, text: str) -> str | None:
    """A category whose name appears in free text (an e-mail), the longest name first."""
    found = " " + " ".join(words_of(text)) + " "
    listed = sorted(active_categories(session), key=lambda c: -len(c.name_id))
    for category in listed:
        for name in (category.name_id, category.name_en):
            if f" {' '.join(words_of(name))} " in found:
                return category.code
    return None


def choose_privacy(text: str) -> str | None:
    answer = (text or "").strip().lower().rstrip(".")
    if answer.isdigit() and 1 <= int(answer) <= len(PRIVACY_ORDER):
        return PRIVACY_ORDER[int(answer) - 1]
    return _PRIVACY_WORDS.get(answer)


def _kelurahan(session: Session) -> list[Area]:
    return list(session.exec(select(Area).where(Area.level == "kelurahan").order_by(Area.id)).all())


def _place(area: Area) -> Place:
    if area.geometry:
        point = shape(json.loads(area.geometry)).representative_point()
        return Place(display_name(area.name), point.y, point.x)
    return Place(display_name(area.name), area.centroid_lat, area.centroid_lon)


def place_named(session: Session, text: str) -> Place | None:
    """The kelurahan a short answer names ("Gambir", "kel. Cikini")."""
    wanted = name_key(" ".join(words_of(_PLACE_PREFIX.sub("", (text or "").strip()))))
    if not wanted:
        return None
    for area in _kelurahan(session):
        if name_key(" ".join(words_of(area.name))) == wanted:
            return _place(area)
    return place_named_in(session, text)


def place_named_in(session: Session, text: str) -> Place | None:
    """A kelurahan named anywhere in free text, the longest name first (so "Cempaka Putih Timur" beats
    "Cempaka Putih")."""
    found = " " + " ".join(words_of(text)).upper() + " "
    best = None
    for area in _kelurahan(session):
        key = " ".join(words_of(area.name)).upper()
        if key and f" {key} " in found and (best is None or len(key) > len(best[0])):
            best = (key, area)
    return _place(best[1]) if best else None
