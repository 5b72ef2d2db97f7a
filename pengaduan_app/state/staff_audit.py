"""The audit log at /staf/audit (admins), in the reader's language: who, a sentence for what, the object as a
link, when (Jakarta time); filtered by action (from a list of translated names), person and dates; paged."""

from __future__ import annotations

import dataclasses
from datetime import date

import reflex as rx

from ..domain.audit import AUDIT_PAGE_SIZE, AuditFilter, AuditRow, audit_page, audit_people
from ..i18n import format_datetime, translate
from ..i18n.audit_words import action_codes, action_extra, action_label, action_sentence
from .lang import current_language
from .staff_auth import StaffPage, read_as_staff
from .views import Option

FILTERS = ("action", "person", "since", "until")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _object(row: AuditRow, lang: str) -> tuple[str, str]:
    """The object's label and staff page: the report, else the account, else the API key."""
    if row.tracking_code:
        return row.tracking_code, f"/staf/laporan/{row.tracking_code}"
    if row.action.startswith("api_key_") and row.detail.get("name"):
        return translate(lang, "audit.object.key", name=row.detail["name"]), "/staf/api"
    if row.detail.get("username"):
        return translate(lang, "audit.object.account", username=row.detail["username"]), "/staf/akun"
    return "", ""


@dataclasses.dataclass
class AuditLine:
    """One audit log line as the admin reads it: who, a sentence for what, the object and its link, when."""

    when: str = ""
    actor: str = ""
    username: str = ""
    what: str = ""
    subject: str = ""
    href: str = ""
    extra: str = ""


def entry_view(row: AuditRow, lang: str) -> AuditLine:
    label, href = _object(row, lang)
    return AuditLine(
        when=format_datetime(row.at, lang),
        actor=row.actor or translate(lang, "audit.actor.none"),
        username=row.actor_username,
        what=action_sentence(lang, row.action, row.detail),
        subject=label,
        href=href,
        extra=action_extra(lang, row.action, row.detail),
    )


class AuditState(StaffPage, rx.State):
    allowed: bool = False
    entries: list[AuditLine] = []
    actions: list[Option] = []
    people: list[Option] = []
    action: str = ""
    person: str = ""
    since: str = ""
    until: str = ""
    page: int = 0
    total: int = 0

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // AUDIT_PAGE_SIZE))

    @rx.event
    async def set_filter(self, name: str, value: str):
        """One filter changed (it applies at once); a person must be an id, a bad date is said so."""
        value = str(value or "")[:40]
        if name not in FILTERS or (name == "person" and value and not value.isdigit()):
            return
        setattr(self, name, value)
        self.page = 0
        await self._reload()

    @rx.event
    async def clear_filters(self):
        self.action = self.person = self.since = self.until = ""
        self.page = 0
        await self._reload()

    @rx.event
    async def go_to_page(self, page: int):
        self.page = max(0, min(int(page) if str(page).lstrip("-").isdigit() else 0, self.page_count - 1))
        await self._reload()

    async def _reload(self):
        lang = await current_language(self)
        since, until = _day(self.since), _day(self.until)
        bad_date = (self.since and since is None) or (self.until and until is None)
        self.error = translate(lang, "audit.date_invalid") if bad_date else ""
        wanted = AuditFilter(
            action=self.action if self.action in action_codes(lang) else "",
            actor_id=int(self.person) if self.person else None,
            since=since,
            until=until,
            page=self.page,
        )
        loaded = await read_as_staff(
            self, lambda session, identity: (audit_page(session, identity, wanted), audit_people(session, identity))
        )
        if loaded is None:
            self.allowed, self.entries, self.people, self.total = False, [], [], 0
            return
        found, people = loaded
        self.allowed, self.total = True, found.total
        self.entries = [entry_view(row, lang) for row in found.rows]
        self.actions = [Option(code, action_label(lang, code)) for code in action_codes(lang)]
        self.people = [Option(str(i), f"{name} ({username})") for i, username, name in people]
