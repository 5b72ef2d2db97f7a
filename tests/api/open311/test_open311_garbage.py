"""Garbage in every parameter, path segment and header: always a 2xx or a spec-shaped 4xx, never a 500."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest

from tests.api.open311.spec import ERRORS, validate
from tests.builders import MONAS

GARBAGE = [
    "",
    " ",
    "\x00",
    "%",
    "%00",
    "%ED%A0%80",  # an encoded lone surrogate
    "%FF%FE",
    "' OR 1=1 --",
    "9" * 60,
    "-1",
    "0",
    "1e309",
    "NaN",
    "🙂",
    "a,,b,",
    ",",
    "2026-13-45T99:99:99",
    "２０２６-０１-０１",
    "<x>&amp;</x>",
    "x" * 5000,
    "open,closed,open,closed",
    "JKT-2611-00001," * 120,
]
GET_PARAMS = [
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
    "jurisdiction_id",
    "api_key",
]
POST_FIELDS = [
    "service_code",
    "lat",
    "long",
    "description",
    "title",
    "address_string",
    "email",
    "phone",
    "first_name",
    "last_name",
    "media_url",
    "jurisdiction_id",
    "address_id",
    "device_id",
    "account_id",
    "attribute[water_depth]",
    "attribute[x]",
    "attribute[]",
    "media",
]


def _spec_shaped(response, fmt: str = "json") -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        if fmt == "json":
            validate(response.json(), ERRORS)
        else:
            assert ET.fromstring(response.content).tag == "errors"


def _raw(value: str) -> str:
    """Keep ready-made %-escapes as they are (to send bytes that are not UTF-8), quote everything else."""
    return value if value.startswith("%") else quote(value, safe="")


@pytest.mark.parametrize("name", GET_PARAMS)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_garbage_in_each_query_parameter(client, name, fmt):
    for value in GARBAGE:
        _spec_shaped(client.get(f"/open311/v2/requests.{fmt}?{name}={_raw(value)}"), fmt)
        _spec_shaped(client.get(f"/open311/v2/requests.{fmt}?{name}={_raw(value)}&{name}=1"), fmt)


@pytest.mark.parametrize("template", ["services/{}", "requests/{}", "tokens/{}", "{}"])
def test_garbage_in_each_path(client, template):
    for value in [*GARBAGE, "..", "a/b", "JKT-2611-00001"]:
        for fmt in ("json", "xml"):
            path = template.format(_raw(value) or "%20")
            response = client.get(f"/open311/v2/{path}.{fmt}")
            assert response.status_code < 500
            if response.status_code >= 400 and response.headers["content-type"].startswith("application/json"):
                validate(response.json(), ERRORS)


@pytest.mark.parametrize("name", POST_FIELDS)
def test_garbage_in_each_form_field(client, api_key, name):
    base = {
        "api_key": api_key,
        "service_code": "banjir",
        "lat": str(MONAS[0]),
        "long": str(MONAS[1]),
        "description": "Genangan air setinggi betis di jalan ini.",
    }
    for value in GARBAGE:
        body = "&".join(f"{k}={quote(v, safe='')}" for k, v in base.items() if k != name)
        body += f"&{quote(name)}={_raw(value)}"
        response = client.post(
            "/open311/v2/requests.json", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        _spec_shaped(response)
        multipart = client.post(
            "/open311/v2/requests.xml",
            data={k: v for k, v in base.items() if k != name},
            files={name: ("g.bin", value.encode("utf-8", "surrogatepass"), "application/octet-stream")},
        )
        _spec_shaped(multipart, "xml")


def test_garbage_headers_and_bodies(client, api_key):
    url = "/open311/v2/requests.json"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for headers, body in [
        ({"Content-Type": "multipart/form-data; boundary="}, b"--\r\n"),
        ({"Content-Type": "multipart/form-data; boundary=a; charset=klingon"}, b"--a\r\n\r\n--a--"),
        ({"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"}, b"api_key=\xff\xfe"),
        ({"Content-Type": "text/plain"}, b"api_key=" + api_key.encode()),
        ({**form, "Content-Length": "abc"}, b"api_key=x"),
        ({**form, "Idempotency-Key": "\u00e9t\u00e9".encode("latin-1")}, f"api_key={api_key}".encode()),
        (form, b"&&&==&=&" * 100),
        (form, b"a=1&" * 500),
    ]:
        _spec_shaped(client.post(url, content=body, headers=headers))
