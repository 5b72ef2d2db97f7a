"""`GET /api/ekspor/laporan.csv`, `.xlsx` and `.geojson`: open data with the map's filters, streamed.

The `.xlsx` is the safe choice for spreadsheets: every cell is typed (text or number), so no text ever becomes a
formula whatever the locale's separator; the CSV neutralises what could start one instead.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse

from ..db import read_scope
from ..domain.open_data import FIELDS, public_rows
from ..domain.public_reports import read_filter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet set to another separator (`;` in Indonesian and most European locales) splits an unquoted cell
# there, and each piece may start a formula: `x;=1+1;y`.
_AFTER_SEPARATOR = re.compile(r"[,;|\t\n\r]\s*[=+\-@\t\r]")
_CHUNK = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _typed(sheet, value) -> WriteOnlyCell:
    """A number stays a number; anything else is a text cell, set as text after the value (openpyxl would
    otherwise take a text starting with `=` for a formula). Control characters XML cannot hold are dropped."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))
    cell.data_type = "s"
    return cell


def _xlsx(filters) -> Iterator[bytes]:
    """The workbook is written row by row (openpyxl's write-only mode keeps rows on disk, not in memory) into a
    temporary file, then sent in chunks; Starlette runs this generator in a worker thread."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("laporan")
    sheet.append([_typed(sheet, name) for name in FIELDS])
    for row in _rows(filters):
        sheet.append([_typed(sheet, row[name]) for name in FIELDS])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(_CHUNK):
            yield chunk


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


def _download(request: Request, body: Callable[..., Iterator], media_type: str, extension: str):
    """The filtered public reports as a download; malformed filters are a 400 naming each problem."""
    filters, errors = read_filter(request.query_params)
    if errors:
        problems = [{"parameter": k, "problem": v} for k, v in errors.items()]
        return JSONResponse({"errors": problems}, status_code=400)
    return StreamingResponse(
        body(filters),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="pengaduan-laporan.{extension}"'},
    )


async def export_csv(request: Request):
    return _download(request, _csv, "text/csv; charset=utf-8", "csv")


async def export_xlsx(request: Request):
    return _download(request, _xlsx, XLSX_TYPE, "xlsx")


async def export_geojson(request: Request):
    return _download(request, _geojson, "application/geo+json", "geojson")
