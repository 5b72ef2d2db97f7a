"""`GET /api/ekspor/laporan.csv` and `.geojson`: open data with the map's filters, streamed."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse

from ..db import read_scope
from ..domain.open_data import FIELDS, public_rows
from ..domain.public_reports import read_filter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet set to another separator (`;` in Indonesian and most European locales) splits an unquoted cell
# there, and each piece may start a formula: `x;=1+1;y`.
_AFTER_SEPARATOR = re.compile(r"[,;|\t\n\r]\s*[=+\-@\t\r]")


def _cell(value) -> object:
    """Text a spreadsheet could run as a formula, at its start or after any separator, gets a leading
    apostrophe (CSV injection); every text cell is quoted too (QUOTE_NONNUMERIC), so no locale splits it."""
    if isinstance(value, str) and (value.startswith(_FORMULA_START) or _AFTER_SEPARATOR.search(value)):
        return "'" + value
    return value


def _rows(filters) -> Iterator[dict]:
    with read_scope() as session:
        yield from public_rows(session, filters)


def _csv(filters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for index, row in enumerate(_rows(filters), start=1):
        writer.writerow({k: _cell(v) for k, v in row.items()})
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _geojson(filters) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    for index, row in enumerate(_rows(filters)):
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": properties,
        }
        yield ("," if index else "") + json.dumps(feature, ensure_ascii=False)
    yield "]}"


def _bad_request(errors: dict[str, str]) -> JSONResponse:
    return JSONResponse({"errors": [{"parameter": k, "problem": v} for k, v in errors.items()]}, status_code=400)


async def export_csv(request: Request):
    filters, errors = read_filter(request.query_params)
    if errors:
        return _bad_request(errors)
    return StreamingResponse(
        _csv(filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="pengaduan-laporan.csv"'},
    )


async def export_geojson(request: Request):
    filters, errors = read_filter(request.query_params)
    if errors:
        return _bad_request(errors)
    return StreamingResponse(
        _geojson(filters),
        media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="pengaduan-laporan.geojson"'},
    )
