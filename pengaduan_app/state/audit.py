"""The audit log at /staf/audit (admins)."""

import reflex as rx

from ..db import session_scope
from ..domain.audit_log import recent_audit
from ..domain.permissions import PermissionDenied
from ..i18n import format_datetime
from .lang import current_language
from .staff_auth import current_identity


class AuditState(rx.State):
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
        identity = await current_identity(self)
        lang = await current_language(self)
        try:
            with session_scope() as session:
                rows = recent_audit(session, identity, action=self.action)
        except PermissionDenied:
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
