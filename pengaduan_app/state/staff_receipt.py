"""The printable receipt of a walk-in complaint at /staf/tanda-terima/<code>.

The private link (and its QR code) is printed only on the receipts the filing officer opens in the tab they filed
from: its key is read from that tab's desk state (state.staff_desk), since the database keeps only its hash.
"""

from dataclasses import dataclass

import reflex as rx
import segno

from ..config import get_settings
from ..domain.confirmation import private_link
from ..domain.privacy import CONFIDENTIAL
from ..domain.submission import Receipt, receipt
from ..i18n import format_datetime, translate
from .address import report_code_in_address
from .lang import current_language
from .staff_auth import StaffPage, current_identity, read_as_staff
from .staff_desk import DeskState


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI (drawn on the server; the page's CSP allows data: images)."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


@dataclass
class ReceiptSlip:
    """What the printed receipt says, in the officer's language; private_link and qr empty on a reprint."""

    code: str = ""
    title: str = ""
    category: str = ""
    area: str = ""
    address: str = ""
    when: str = ""
    officer: str = ""
    privacy: str = ""
    confidential: bool = False
    public_url: str = ""
    private_link: str = ""
    qr: str = ""
    due: str = ""
    desk: str = ""


def receipt_view(found: Receipt, key: str, lang: str) -> ReceiptSlip:
    base = get_settings().public_base_url
    link = base + private_link(found.tracking_code, key) if key else ""
    return ReceiptSlip(
        code=found.tracking_code,
        title=found.title,
        category=found.category_en if lang == "en" else found.category_id,
        area=found.area,
        address=found.address or "-",
        when=format_datetime(found.created_at, lang),
        officer=found.officer,
        privacy=translate(lang, f"privacy.{found.privacy}"),
        confidential=found.privacy == CONFIDENTIAL,
        public_url=f"{base}/laporan/{found.tracking_code}",
        private_link=link,
        qr=qr_data_uri(link) if link else "",
        due=translate(lang, "desk.receipt_due_value", date=format_datetime(found.due_at, lang), days=found.sla_days)
        if found.due_at
        else "-",
        desk=found.desk_kecamatan or "-",
    )


class ReceiptState(StaffPage, rx.State):
    loaded: bool = False
    receipt: ReceiptSlip = ReceiptSlip()  # empty (code "") when this officer may not see it

    async def _reload(self):
        lang = await current_language(self)
        code = report_code_in_address(self)
        identity = await current_identity(self)
        found = await read_as_staff(self, lambda session, _identity: receipt(session, identity, code))
        self.loaded = True
        if found is None or identity is None:
            self.receipt = ReceiptSlip()
            return
        desk = await self.get_state(DeskState)
        self.receipt = receipt_view(found, desk.receipt_key(code, identity.id), lang)
