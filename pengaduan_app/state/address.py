"""What a report page reads from its own address."""

from __future__ import annotations

import reflex as rx

from ..domain.submission import is_tracking_code


def report_code_in_address(state: rx.State) -> str:
    """The tracking code of `/laporan/[code]` and `/staf/laporan/[code]`, upper-cased; "" when the address holds
    something that is not a code (nothing is looked up for it)."""
    code = str(state.router.page.params.get("code", "")).strip().upper()
    return code if is_tracking_code(code) else ""
