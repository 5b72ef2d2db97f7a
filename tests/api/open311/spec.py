"""What GeoReport v2 promises, as JSON Schemas written from the specification, and the XML twin of each answer.

Independent of the app's own OpenAPI document on purpose: these are the test's
reading of the specification (wiki.open311.org/GeoReport_v2), plus the two
promises this server adds: dates carry the Jakarta offset, and `media_url` is absolute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import jsonschema

ISO_JAKARTA = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$"
TEXT = {"type": "string"}
MAYBE_TEXT = {"type": ["string", "null"]}
DATE = {"type": "string", "pattern": ISO_JAKARTA}


def _strict(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": _strict({"code": {"type": "integer", "enum": [400, 403, 404, 413, 429]}, "description": TEXT}),
}
DISCOVERY = _strict(
    {
        "changeset": DATE,
        "contact": TEXT,
        "key_service": TEXT,
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": _strict(
                {
                    "specification": {"const": "http://wiki.open311.org/GeoReport_v2"},
                    "url": {"type": "string", "pattern": "^https?://.+/open311/v2$"},
                    "changeset": DATE,
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"enum": ["text/xml", "application/json"]}},
                }
            ),
        },
    }
)
SERVICES = {
    "type": "array",
    "minItems": 1,
    "items": _strict(
        {
            "service_code": {"type": "string", "pattern": "^[a-z0-9_]+$"},
            "service_name": TEXT,
            "description": TEXT,
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": TEXT,
            "group": TEXT,
        }
    ),
}
SERVICE_DEFINITION = _strict(
    {
        "service_code": TEXT,
        "attributes": {
            "type": "array",
            "items": _strict(
                {
                    "variable": {"type": "boolean"},
                    "code": TEXT,
                    "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]},
                    "required": {"type": "boolean"},
                    "datatype_description": TEXT,
                    "order": {"type": "integer", "minimum": 1},
                    "description": TEXT,
                    "values": {"type": "array", "items": _strict({"key": TEXT, "name": TEXT})},
                }
            ),
        },
    }
)
SERVICE_REQUESTS = {
    "type": "array",
    "items": _strict(
        {
            "service_request_id": {"type": "string", "pattern": r"^[A-Z]{2,5}-\d{4}-\d{5,}$"},
            "status": {"enum": ["open", "closed"]},
            "status_notes": MAYBE_TEXT,
            "service_name": TEXT,
            "service_code": TEXT,
            "title": TEXT,
            "description": TEXT,
            "agency_responsible": MAYBE_TEXT,
            "service_notice": MAYBE_TEXT,
            "requested_datetime": DATE,
            "updated_datetime": DATE,
            "expected_datetime": {"type": ["string", "null"], "pattern": ISO_JAKARTA},
            "address": MAYBE_TEXT,
            "address_id": MAYBE_TEXT,
            "zipcode": MAYBE_TEXT,
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "media_url": {"type": ["string", "null"], "pattern": r"^https?://[^/]+/media/[0-9a-f]{64}\.jpg$"},
        }
    ),
}
RECEIPTS = {
    "type": "array",
    "minItems": 1,
    "maxItems": 1,
    "items": _strict(
        {"service_request_id": TEXT, "token": TEXT, "service_notice": MAYBE_TEXT, "account_id": MAYBE_TEXT},
        required=["service_request_id", "service_notice", "account_id"],
    ),
}
TOKENS = {
    "type": "array",
    "minItems": 1,
    "items": _strict({"service_request_id": TEXT, "token": TEXT}),
}
LIST_TAGS = {"services", "service_requests", "errors", "attributes", "values", "endpoints", "formats"}


def validate(data, schema: dict) -> None:
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


def xml_data(element: ET.Element):
    """An XML answer read back generically: lists by their tag, objects by child names, text leaves."""
    if element.tag in LIST_TAGS:
        return [xml_data(child) for child in element]
    if len(element):
        return {child.tag: xml_data(child) for child in element}
    return element.text


def as_xml_text(data):
    """The JSON value as the XML must carry it: every leaf as text, empty text and null as nothing."""
    if isinstance(data, list):
        return [as_xml_text(item) for item in data]
    if isinstance(data, dict):
        return {key: as_xml_text(value) for key, value in data.items()}
    if isinstance(data, bool):
        return "true" if data else "false"
    if data is None or data == "":
        return None
    return str(data)


def check_pair(client, path: str, schema: dict, *, expect: int = 200, **params):
    """GET `path`.json and `path`.xml: the JSON fits `schema`, the XML parses and says the same. Returns the JSON."""
    as_json = client.get(f"/open311/v2/{path}.json", params=params)
    as_xml = client.get(f"/open311/v2/{path}.xml", params=params)
    assert (as_json.status_code, as_xml.status_code) == (expect, expect), as_json.text
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_xml.headers["content-type"] == "text/xml; charset=utf-8"
    data = as_json.json()
    validate(data, schema)
    assert xml_data(ET.fromstring(as_xml.content)) == as_xml_text(data)
    return data
