"""One module per page; importing this package registers them all."""

from . import (
    account,
    area,
    browse,
    not_found,
    performance,
    report,
    staff_accounts,
    staff_audit,
    staff_desk,
    staff_moderation,
    staff_queue,
    staff_receipt,
    staff_report,
    staff_sign_in,
    submit,
    track,
)

__all__ = [
    "account",
    "area",
    "browse",
    "not_found",
    "performance",
    "report",
    "staff_accounts",
    "staff_audit",
    "staff_desk",
    "staff_moderation",
    "staff_queue",
    "staff_receipt",
    "staff_report",
    "staff_sign_in",
    "submit",
    "track",
]
