"""Finding reports in the staff queue: by tracking code, by the reporter's phone or e-mail (exact), or by
words in the title, description and address.

Words go through the database's own text index, so a search stays fast at 100,000 reports: SQLite's
FTS5 table `report_fts` (kept in step with `report` by triggers) and, on PostgreSQL, the stored column
`search_vector` (the three columns' `simple` text vector) with a GIN index. Every word must be present,
as a word or the start of one ("lubang" finds "lubangnya"). The index itself is created by the migration;
`SEARCH_SCHEMA_NAMES` tells the model comparison to leave it alone.
"""

from __future__ import annotations

import re

from sqlalchemy import false, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from ..models import Report
from .citizens import normalise_login
from .tracking import is_tracking_code

QUERY_MAX = 100
MANY_MATCHES = 2000
WORDS_MAX = 8
# Tables, columns and indexes the text search adds outside the models.
SEARCH_SCHEMA_NAMES = ("report_fts", "ix_report_search", "search_vector")
_PHONE_DIGITS = re.compile(r"0\d{7,15}")


def is_search_schema(name: str | None) -> bool:
    return bool(name) and name.startswith(SEARCH_SCHEMA_NAMES)


def _contact(query: str) -> str | None:
    """The contact key when the query is an e-mail address or a phone number, else None."""
    if "@" in query and " " not in query:
        return normalise_login(query)
    if re.fullmatch(r"[+\d][\d\s().-]{6,}", query):
        key = normalise_login(query)
        return key if _PHONE_DIGITS.fullmatch(key) else None
    return None


def search_condition(session: Session, query: str) -> ColumnElement | None:
    """A WHERE clause for `query` (None when it is empty); the caller adds the officer's scope."""
    query = " ".join(str(query or "").split())[:QUERY_MAX]
    if not query:
        return None
    if is_tracking_code(query.upper()):
        return Report.tracking_code == query.upper()
    contact = _contact(query)
    if contact is not None:
        return Report.reporter_contact_key == contact
    words = re.findall(r"[^\W_]+", query.lower())[:WORDS_MAX]
    if not words:
        return false()
    if session.get_bind().dialect.name == "postgresql":
        terms = " & ".join(f"{word}:*" for word in words)
        return text("report.search_vector @@ to_tsquery('simple'::regconfig, :search_terms)").bindparams(
            search_terms=terms
        )
    terms = " ".join(f'"{word}"*' for word in words)  # quoted: FTS5 operators in the words mean nothing
    matches = text("SELECT rowid FROM report_fts WHERE report_fts MATCH :search_terms").bindparams(search_terms=terms)
    # SQLite's planner has no idea how many reports match, so tell it. Many (a word in a third of all
    # reports): `id + 0` makes it walk the queue's sort index and stop after one page, instead of fetching
    # every match by id and sorting them all (4 ms instead of 70 at 27,000 matches). Few: fetch them by id.
    many = session.execute(
        text("SELECT count(*) FROM (SELECT 1 FROM report_fts WHERE report_fts MATCH :search_terms LIMIT :n)"),
        {"search_terms": terms, "n": MANY_MATCHES + 1},
    ).scalar_one()
    return (Report.id + 0 if many > MANY_MATCHES else Report.id).in_(matches)
