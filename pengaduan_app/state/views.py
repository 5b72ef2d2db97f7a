"""Turn domain values into the typed rows that public pages render (texts already in the reader's language)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..domain.categories import category_choices
from ..domain.public_reports import ReportDetail, ReportSummary
from ..domain.status import public_note, public_status, public_step
from ..i18n import format_age, format_datetime, format_number, translate


@dataclass
class Option:
    """One choice of a select: the value sent back and the label shown."""

    value: str = ""
    label: str = ""


@dataclass
class ReportCard:
    """A report in a public list (components/report_card.py); `distance` only when sorted by it."""

    code: str = ""
    title: str = ""
    category: str = ""
    area: str = ""
    age: str = ""
    support: str = ""  # formatted for the reader's language
    status: str = ""  # the public status code
    thumb: str = ""
    distance: str = ""


@dataclass
class PublicReport(ReportCard):
    """One report as its public page shows it (`private`: a page its reporter alone may see)."""

    description: str = ""
    address: str = ""
    reporter: str = ""
    channel: str = ""
    created: str = ""
    updated: str = ""
    kota: str = ""
    kecamatan: str = ""
    kelurahan: str = ""
    approximate: bool = False
    latitude: str = ""
    longitude: str = ""
    due: str = ""
    overdue: bool = False
    confidential: bool = False
    hidden_reason: str = ""
    private: bool = False
    duplicate: bool = False
    duplicate_of: str = ""


@dataclass
class TimelineStep:
    """One step of a report's public timeline."""

    when: str = ""
    status: str = ""
    action: str = ""
    note: str = ""
    actor: str = ""


@dataclass
class Photo:
    """A photo of a report: before (the reporter's) or after (the proof of the fix)."""

    url: str = ""
    thumb: str = ""
    label: str = ""
    kind: str = ""


def options_of(items) -> list[Option]:
    """Choices of things with an `id` and a `name` (areas)."""
    return [Option(value=str(i.id), label=i.name) for i in items]


def category_options(session, lang: str) -> list[Option]:
    """The active categories as a select's choices, named in `lang`."""
    return [Option(value=code, label=name) for code, name in category_choices(session, lang)]


def card_of(summary: ReportSummary, lang: str, distance: str = "") -> ReportCard:
    return ReportCard(
        code=summary.tracking_code,
        title=summary.title,
        category=summary.category_name(lang),
        area=summary.kecamatan,
        age=format_age(summary.created_at, lang),
        support=format_number(summary.support_count, lang),
        status=public_status(summary.status).code,
        thumb=summary.thumb_url,
        distance=distance,
    )


def detail_of(detail: ReportDetail, lang: str) -> PublicReport:
    s = detail.summary
    areas = detail.areas
    return PublicReport(
        **asdict(card_of(s, lang)),
        description=detail.description,
        address=detail.address,
        reporter=detail.reporter or translate(lang, "report.anonymous"),
        channel=translate(lang, f"channel.{detail.channel}"),
        created=format_datetime(s.created_at, lang),
        updated=format_datetime(detail.updated_at, lang),
        kota=areas.kota,
        kecamatan=areas.kecamatan,
        kelurahan=areas.kelurahan,
        approximate=bool(areas.approximate),
        latitude=f"{s.latitude:.5f}",
        longitude=f"{s.longitude:.5f}",
        due=format_datetime(detail.due_at, lang) if detail.due_at else "",
        overdue=bool(detail.overdue),
        confidential=bool(detail.confidential),
        hidden_reason=detail.hidden_reason,
        private=bool(detail.confidential or detail.hidden_reason),  # seen by its reporter only
        duplicate=bool(detail.duplicate),
        duplicate_of=detail.duplicate_of,
    )


def timeline_of(detail: ReportDetail, lang: str) -> list[TimelineStep]:
    return [
        TimelineStep(
            when=format_datetime(step.at, lang),
            status=public_status(step.to_status).code,
            action=public_step(lang, step.action, step.note, duplicate=detail.duplicate),
            note=public_note(step.action, step.note),
            actor=step.actor or translate(lang, "timeline.citizen"),
        )
        for step in detail.timeline
    ]


def photos_of(detail: ReportDetail, lang: str) -> list[Photo]:
    return [
        Photo(
            url=p.url,
            thumb=p.thumb_url,
            label=translate(lang, "report.photo_after" if p.kind == "after" else "report.photo_before"),
            kind=p.kind,
        )
        for p in detail.photos
    ]
