"""The printable receipt of a walk-in complaint at /staf/tanda-terima/<code>."""

import reflex as rx

from ..db import session_scope
from ..domain.desk import receipt
from ..domain.permissions import PermissionDenied
from ..i18n import format_datetime, translate
from .lang import current_language
from .staff_auth import current_identity


class ReceiptState(rx.State):
    loaded: bool = False
    receipt: dict[str, str] = {}

    @rx.event
    async def load(self):
        identity = await current_identity(self)
        lang = await current_language(self)
        code = str(self.router.page.params.get("code", "")).strip().upper()[:24]
        try:
            with session_scope() as session:
                found = receipt(session, identity, code)
        except PermissionDenied:
            found = None
        self.loaded = True
        self.receipt = (
            {
                "code": found.tracking_code,
                "title": found.title,
                "category": found.category_en if lang == "en" else found.category_id,
                "area": found.area,
                "address": found.address,
                "when": format_datetime(found.created_at, lang),
                "officer": found.officer,
                "privacy": translate(lang, f"privacy.{found.privacy}"),
            }
            if found
            else {}
        )
