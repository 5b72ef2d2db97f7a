"""Every response carries the security headers; the CSP lets the map assets and tiles through only."""

from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.api.security import content_security_policy, security_headers


def test_headers_on_pages_api_and_errors(app_db):
    client = TestClient(security_headers(build_api()))
    for path in ("/api/health", "/peta/pilih", "/media/not-a-photo.jpg", "/static/leaflet/leaflet.js"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "SAMEORIGIN"
        assert response.headers["referrer-policy"] == "same-origin"
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy


def test_the_policy_names_the_tile_server_and_nothing_else_external():
    policy = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: blob: https://*.tile.example.org" in policy
    externals = [word.rstrip(";") for word in policy.split() if word.startswith("http")]
    assert externals == ["https://*.tile.example.org"]
