"""One payload, two formats: JSON, or XML built with ElementTree (every text escaped by the serializer)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from starlette.responses import JSONResponse, Response

FORMATS = ("json", "xml")
XML_MEDIA_TYPE = "text/xml; charset=utf-8"
_HEADERS = {"X-Content-Type-Options": "nosniff"}
# The element name of one item in each XML list, e.g. <services><service>…</service></services>.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# XML 1.0 cannot carry these characters at all, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(payload, fmt: str, root: str, *, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """`payload` (dicts, lists, text, numbers, booleans, None) as JSON, or as XML under `root`."""
    headers = {**_HEADERS, **(headers or {})}
    if fmt == "xml":
        return Response(to_xml(root, payload), status_code=status, headers=headers, media_type=XML_MEDIA_TYPE)
    return JSONResponse(payload, status_code=status, headers=headers)


def to_xml(root: str, payload) -> bytes:
    element = ET.Element(root)
    _fill(element, payload)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _fill(ET.SubElement(element, name), item)
    elif isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEM_NAMES[element.tag]), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _NOT_XML.sub("", str(value))
