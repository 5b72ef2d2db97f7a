"""Every page of the app, for the checks that must hold on all of them (language, axe, phone).

Routes come from the app's own page registry, so a page added later is checked too; route
parameters are filled from the demo data. Two more addresses show the "not found" pages.
"""

from __future__ import annotations

import re

from sqlmodel import Session, create_engine, select

from pengaduan_app.domain.privacy import PUBLIC
from pengaduan_app.models import Area, Report

NOT_FOUND = {"report-not-found": "/laporan/JKT-0000-99999", "no-such-page": "/halaman-yang-tidak-ada"}


def registered_pages() -> dict[str, dict]:
    """route -> the keyword arguments its page was registered with (title, on_load)."""
    from reflex_base.registry import RegistrationContext

    import pengaduan_app.pages  # noqa: F401  (registers every page)

    return {kwargs["route"]: kwargs for _, kwargs in RegistrationContext.ensure_context().decorated_pages}


def registered_routes() -> list[str]:
    return sorted(registered_pages().keys() - {"/404"})


def page_ids() -> list[str]:
    """What the checks are parametrized over: each route, and each not-found address by name."""
    return [*registered_routes(), *NOT_FOUND]


def demo_parameters(db_url: str) -> dict[str, str]:
    """Values for route parameters: a public demo report that has been worked on, and a kota."""
    engine = create_engine(db_url)
    with Session(engine) as session:
        report = session.exec(
            select(Report).where(Report.privacy == PUBLIC, Report.status != "new").order_by(Report.id)
        ).first()
        kota = session.exec(select(Area).where(Area.level == "kota").order_by(Area.id)).first()
    engine.dispose()
    return {"code": report.tracking_code, "area_id": str(kota.id)}


def address(page_id: str, parameters: dict[str, str]) -> str:
    """The address to open for a page id; a route parameter without a demo value is an error to fix here."""
    if page_id in NOT_FOUND:
        return NOT_FOUND[page_id]
    return re.sub(r"\[(\w+)\]", lambda m: parameters[m.group(1)], page_id)


def slug(page_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page_id.lower()).strip("-") or "home"
