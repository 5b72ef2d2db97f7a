"""schemathesis against the app's own OpenAPI description, in-process: no server error, and every answer
has a documented status, content type and shape. Bounded examples keep it well under a minute."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from pengaduan_app.api.app import build_api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# The app reads its settings per request, so one app serves each test's fresh database (fixture `app_db`).
schema = schemathesis.openapi.from_asgi("/open311/v2/openapi.json", build_api())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_description(case, app_db, api_key):
    """Posts carry a real key half the time, so both the 403 and the checks behind it are reached."""
    if case.method == "POST" and isinstance(case.body, dict) and hash(str(case.body)) % 2:
        case.body["api_key"] = api_key
    case.call_and_validate(checks=CHECKS)
