"""Turn domain values into the plain dicts of strings that pages render."""

from __future__ import annotations

from ..domain.public_reports import ReportDetail, ReportSummary
from ..domain.public_wording import public_note, public_step
from ..domain.status import public_status
from ..i18n import format_age, format_datetime, format_number, translate


def card_of(summary: ReportSummary, lang: str) -> dict[str, str]:
    return {
        "code": summary.tracking_code,
        "title": summary.title,
        "category": summary.category_name(lang),
        "area": summary.kecamatan,
        "age": format_age(summary.created_at, lang),
        "support": format_number(summary.support_count, lang),
        "status": public_status(summary.status).code,
        "thumb": summary.thumb_url,
    }


def detail_of(detail: ReportDetail, lang: str) -> dict[str, str]:
    s = detail.summary
    areas = detail.areas
    return {
        **card_of(s, lang),
        "description": detail.description,
        "address": detail.address,
        "reporter": detail.reporter or translate(lang, "report.anonymous"),
        "channel": translate(lang, f"channel.{detail.channel}"),
        "created": format_datetime(s.created_at, lang),
        "updated": format_datetime(detail.updated_at, lang),
        "kota": areas.kota,
        "kecamatan": areas.kecamatan,
        "kelurahan": areas.kelurahan,
        "approximate": "1" if areas.approximate else "",
        "latitude": f"{s.latitude:.5f}",
        "longitude": f"{s.longitude:.5f}",
        "due": format_datetime(detail.due_at, lang) if detail.due_at else "",
        "overdue": "1" if detail.overdue else "",
        "confidential": "1" if detail.confidential else "",
        "hidden_reason": detail.hidden_reason,
        "private": "1" if detail.confidential or detail.hidden_reason else "",  # seen by its reporter only
        "duplicate": "1" if detail.duplicate else "",
        "duplicate_of": detail.duplicate_of,
    }


def timeline_of(detail: ReportDetail, lang: str) -> list[dict[str, str]]:
    return [
        {
            "when": format_datetime(step.at, lang),
            "status": public_status(step.to_status).code,
            "action": public_step(lang, step.action, step.note, duplicate=detail.duplicate),
            "note": public_note(step.action, step.note),
            "actor": step.actor or translate(lang, "timeline.citizen"),
        }
        for step in detail.timeline
    ]


def photos_of(detail: ReportDetail, lang: str) -> list[dict[str, str]]:
    return [
        {
            "url": p.url,
            "thumb": p.thumb_url,
            "label": translate(lang, "report.photo_after" if p.kind == "after" else "report.photo_before"),
            "kind": p.kind,
        }
        for p in detail.photos
    ]
