"""The printable receipt of a walk-in complaint at /staf/tanda-terima/<code>."""

import reflex as rx

from ..domain.desk import receipt
from ..i18n import format_datetime, translate
from .address import report_code_in_address
from .lang import current_language
from .staff_auth import StaffPage, read_as_staff


class ReceiptState(StaffPage, rx.State):
    loaded: bool = False
    receipt: dict[str, str] = {}

    @rx.event
    async def load(self):
        lang = await current_language(self)
        code = report_code_in_address(self)
        found = await read_as_staff(self, lambda session, identity: receipt(session, identity, code))
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
