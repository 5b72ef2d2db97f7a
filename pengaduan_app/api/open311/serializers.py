"""Domain values -> the fields GeoReport v2 names, in its order; dates ISO 8601 in the city's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ...domain.categories import Attribute
from ...domain.open311 import SERVICE_TYPE, Receipt, Service, ServiceRequest

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def iso(moment: datetime | None, timezone: str) -> str | None:
    """`2026-11-27T20:33:01+07:00`."""
    return moment.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds") if moment else None


def service(item: Service) -> dict:
    return {
        "service_code": item.code,
        "service_name": item.name,
        "description": item.description,
        "metadata": item.metadata,
        "type": SERVICE_TYPE,
        "keywords": item.keywords,
        "group": item.group,
    }


def _attribute(attribute: Attribute, order: int) -> dict:
    return {
        "variable": True,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": False,
        "datatype_description": attribute.datatype_description,
        "order": order,
        "description": attribute.description,
        "values": [{"key": choice.key, "name": choice.name_en} for choice in attribute.values],
    }


def service_definition(item: Service) -> dict:
    return {
        "service_code": item.code,
        "attributes": [_attribute(attribute, order) for order, attribute in enumerate(item.attributes, start=1)],
    }


def service_request(item: ServiceRequest, base_url: str, timezone: str) -> dict:
    """`base_url` (no trailing slash) makes the photo's address absolute."""
    return {
        "service_request_id": item.service_request_id,
        "status": item.status,
        "status_notes": item.status_notes,
        "service_name": item.service_name,
        "service_code": item.service_code,
        "title": item.title,
        "description": item.description,
        "agency_responsible": item.agency_responsible,
        "service_notice": item.service_notice,
        "requested_datetime": iso(item.requested_datetime, timezone),
        "updated_datetime": iso(item.updated_datetime, timezone),
        "expected_datetime": iso(item.expected_datetime, timezone),
        "address": item.address,
        "address_id": None,
        "zipcode": None,
        "lat": item.lat,
        "long": item.long,
        "media_url": base_url + item.media_path if item.media_path else None,
    }


def receipt(item: Receipt) -> dict:
    """POST's answer; `token` too, so the client can use tokens/{token} (there are no citizen accounts)."""
    return {
        "service_request_id": item.service_request_id,
        "token": item.token,
        "service_notice": item.service_notice,
        "account_id": None,
    }


def token(value: str, code: str) -> dict:
    return {"service_request_id": code, "token": value}


def errors(status: int, descriptions) -> list[dict]:
    return [{"code": status, "description": text} for text in descriptions]


def discovery(endpoint_url: str, changeset: str) -> dict:
    return {
        "changeset": changeset,
        "contact": "Pengaduan: see /open311/v2/openapi.json for every parameter and field.",
        "key_service": "API keys are issued by the city's Pengaduan administrators (staff page /staf/api).",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
