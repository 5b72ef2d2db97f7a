"""The audit log at /staf/audit (admins)."""

import reflex as rx

from ..domain.audit import recent_audit
from ..i18n import format_datetime
from .lang import current_language
from .staff_auth import StaffPage, read_as_staff


class AuditState(StaffPage, rx.State):
    allowed: bool = False
    entries: list[dict[str, str]] = []
    action: str = ""

    @rx.event
    async def load(self):
        await self._reload()

    @rx.event
    async def set_action(self, value: str):
        self.action = str(value)[:40]
        await self._reload()

    async def _reload(self):
        lang = await current_language(self)
        rows = await read_as_staff(self, lambda session, identity: recent_audit(session, identity, action=self.action))
        if rows is None:
            self.allowed, self.entries = False, []
            return
        self.allowed = True
        self.entries = [
            {
                "when": format_datetime(r.at, lang),
                "actor": r.actor or "-",
                "action": r.action,
                "code": r.tracking_code,
                "detail": ", ".join(f"{k}: {v}" for k, v in r.detail.items() if v not in (None, "")),
            }
            for r in rows
        ]
