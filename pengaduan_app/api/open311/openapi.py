"""The OpenAPI 3.1 description of /open311/v2/, written by hand from the GeoReport v2 specification.

Each endpoint is listed twice, .json and .xml (the format is part of the path);
the XML answers carry the same fields as the JSON ones.
"""

from __future__ import annotations

from functools import cache, partial

from ...domain.open311 import MAX_PAGE_SIZE
from .formats import XML_MEDIA_TYPE

PREFIX = "/open311/v2"
_NULLABLE_TEXT = {"type": ["string", "null"]}
_DATE_TIME = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


SCHEMAS = {
    "Error": _object({"code": {"type": "integer"}, "description": {"type": "string"}}),
    "Errors": _list_of("Error"),
    "Discovery": _object(
        {
            "changeset": _DATE_TIME,
            "contact": {"type": "string"},
            "key_service": {"type": "string"},
            "endpoints": {
                "type": "array",
                "items": _object(
                    {
                        "specification": {"type": "string"},
                        "url": {"type": "string"},
                        "changeset": _DATE_TIME,
                        "type": {"type": "string", "enum": ["production", "test"]},
                        "formats": {"type": "array", "items": {"type": "string"}},
                    }
                ),
            },
        }
    ),
    "Service": _object(
        {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "description": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"},
            "group": {"type": "string"},
        }
    ),
    "ServiceDefinition": _object(
        {
            "service_code": {"type": "string"},
            "attributes": {
                "type": "array",
                "items": _object(
                    {
                        "variable": {"type": "boolean"},
                        "code": {"type": "string"},
                        "datatype": {
                            "type": "string",
                            "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
                        },
                        "required": {"type": "boolean"},
                        "datatype_description": {"type": "string"},
                        "order": {"type": "integer"},
                        "description": {"type": "string"},
                        "values": {
                            "type": "array",
                            "items": _object({"key": {"type": "string"}, "name": {"type": "string"}}),
                        },
                    }
                ),
            },
        }
    ),
    "ServiceRequest": _object(
        {
            "service_request_id": {"type": "string", "description": "The tracking code, e.g. JKT-2611-483920."},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": {**_NULLABLE_TEXT, "description": "The last public note of the officers."},
            "service_name": {"type": "string"},
            "service_code": {"type": "string"},
            "title": {"type": "string", "description": "Pengaduan extension: the report's title."},
            "description": {"type": "string"},
            "agency_responsible": {**_NULLABLE_TEXT, "description": "The kelurahan, kecamatan or dinas handling it."},
            "service_notice": {"type": "string"},
            "requested_datetime": _DATE_TIME,
            "updated_datetime": _DATE_TIME,
            "expected_datetime": {"type": ["string", "null"], "format": "date-time", "description": "The SLA."},
            "address": {"type": "string"},
            "address_id": {"type": "null"},
            "zipcode": {"type": "null"},
            "lat": {"type": "number"},
            "long": {"type": "number"},
            "media_url": {**_NULLABLE_TEXT, "description": "Absolute address of the first photo."},
        }
    ),
    "Receipt": _object(
        {
            "service_request_id": {"type": "string"},
            "token": {"type": "string"},
            "service_notice": {"type": "string"},
            "account_id": {"type": "null"},
        }
    ),
    "Token": _object({"service_request_id": {"type": "string"}, "token": {"type": "string"}}),
}


def _text(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


_GET_FILTERS = {
    "service_request_id": _text("Comma-separated tracking codes (at most 100); overrides every other filter."),
    "service_code": _text("Comma-separated service codes."),
    "start_date": _text("ISO 8601; default: 90 days before end_date.", format="date-time"),
    "end_date": _text(
        "ISO 8601; default: now, or start_date + 90 days. At most 90 days after start_date.", format="date-time"
    ),
    "status": _text("open, closed, or both comma-separated."),
    "page": {"type": "integer", "minimum": 1, "description": "Page number, from 1."},
    "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "description": "Default 1000."},
    "jurisdiction_id": _text("Optional; this server serves one jurisdiction, `jkt`."),
}

_POST_FIELDS = {
    "api_key": _text("Issued by the city's Pengaduan administrators."),
    "service_code": _text("From services.json.", example="banjir"),
    "lat": _text("Latitude (WGS 84); required, there is no geocoder.", example="-6.1754"),
    "long": _text("Longitude (WGS 84); required, there is no geocoder.", example="106.8272"),
    "description": _text("What is wrong (10 to 2000 characters).", example="Banjir setinggi lutut di depan pasar."),
    "title": _text("Pengaduan extension: a short title; default: the description's start."),
    "address_string": _text("Address words, kept as the report's address (not geocoded)."),
    "email": _text("The reporter's contact, seen only by officers (email or phone; email kept if both)."),
    "phone": _text("The reporter's contact, seen only by officers."),
    "first_name": _text("Seen only by officers: API reports are public with the name hidden."),
    "last_name": _text("Seen only by officers."),
    "media_url": _text("Only this server's own /media/ photos; other addresses are never fetched."),
    "jurisdiction_id": _text("Optional; `jkt`."),
    "address_id": _text("Accepted, not stored."),
    "device_id": _text("Accepted, not stored."),
    "account_id": _text("Accepted, not stored."),
}


def _responses(fmt: str, ok: dict[int, str], refusals: tuple[int, ...]) -> dict:
    def body(schema: str) -> dict:
        if fmt == "xml":
            return {XML_MEDIA_TYPE: {"schema": {"type": "string"}}}
        return {"application/json": {"schema": _ref(schema)}}

    answers = {str(status): {"description": "OK", "content": body(schema)} for status, schema in ok.items()}
    for status in refusals:
        answers[str(status)] = {"description": "A list of {code, description}", "content": body("Errors")}
    return answers


def _path_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": description}


def _get(fmt: str, summary: str, ok: dict[int, str], refusals=(), parameters=()) -> dict:
    return {"get": {"summary": summary, "parameters": list(parameters), "responses": _responses(fmt, ok, refusals)}}


def _operations(fmt: str) -> dict:
    get = partial(_get, fmt)
    form = {"type": "object", "properties": _POST_FIELDS, "required": ["api_key", "service_code", "description"]}
    multipart = {**form, "properties": {**_POST_FIELDS, "media": {"type": "string", "format": "binary"}}}
    return {
        f"{PREFIX}/discovery.{fmt}": get("Where this API lives and what it speaks", {200: "Discovery"}),
        f"{PREFIX}/services.{fmt}": get("The categories of reports, as services", {200: "Services"}),
        f"{PREFIX}/services/{{service_code}}.{fmt}": get(
            "A service's extra questions (attributes)",
            {200: "ServiceDefinition"},
            (404,),
            [_path_parameter("service_code", "e.g. banjir")],
        ),
        f"{PREFIX}/requests.{fmt}": {
            **get(
                "Public reports, newest first",
                {200: "ServiceRequests"},
                (400,),
                [{"name": name, "in": "query", "schema": schema} for name, schema in _GET_FILTERS.items()],
            ),
            "post": {
                "summary": "File a report (the same checks and routing as the web form)",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                        "description": "A retried POST with the same key returns the first result.",
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {"schema": form},
                        "multipart/form-data": {"schema": multipart},
                    },
                },
                "responses": _responses(fmt, {201: "Receipts", 200: "Receipts"}, (400, 403, 413, 429)),
            },
        },
        f"{PREFIX}/requests/{{request_id}}.{fmt}": get(
            "One public report",
            {200: "ServiceRequests"},
            (404,),
            [_path_parameter("request_id", "The tracking code, e.g. JKT-2611-483920")],
        ),
        f"{PREFIX}/tokens/{{token}}.{fmt}": get(
            "The tracking code a POST's token stands for",
            {200: "Tokens"},
            (404,),
            [_path_parameter("token", "The token a POST returned")],
        ),
    }


@cache
def openapi_document() -> dict:
    schemas = {
        **SCHEMAS,
        "Services": _list_of("Service"),
        "ServiceRequests": _list_of("ServiceRequest"),
        "Receipts": _list_of("Receipt"),
        "Tokens": _list_of("Token"),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pengaduan Open311 GeoReport v2",
            "version": "2",
            "description": "Citizen reports of Jakarta. Dates are ISO 8601 in Asia/Jakarta time. "
            "Confidential and hidden reports and every reporter's name and contact never appear.",
        },
        "paths": {path: operation for fmt in ("json", "xml") for path, operation in _operations(fmt).items()},
        "components": {"schemas": schemas},
    }
