"""Every text response leaves gzip'd (pages, the map frames, Leaflet, JSON); photos do not; hashed build files
and Leaflet get cache lifetimes."""

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from pengaduan_app.api.app import build_api
from pengaduan_app.api.compression import cache_control_for, compression
from pengaduan_app.api.security import security_headers

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_frames_leaflet_and_json_are_compressed(app_db):
    client = TestClient(compression(security_headers(build_api())))
    paths = ("/peta/pilih", "/peta/frame", "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css")
    for path in (*paths, "/open311/v2/services.json"):
        response = client.get(path, headers=GZIP)
        assert response.status_code == 200, path
        assert response.headers["content-encoding"] == "gzip", path
        assert "accept-encoding" in response.headers["vary"].lower(), path
        assert response.headers["x-content-type-options"] == "nosniff", path  # the security headers survive
    leaflet = client.get("/static/leaflet/leaflet.js", headers=GZIP)
    assert leaflet.headers["cache-control"] == "public, max-age=86400"
    assert leaflet.num_bytes_downloaded < len(leaflet.content) / 2  # sent compressed, read whole


def test_a_client_without_gzip_gets_plain_text(app_db):
    client = TestClient(compression(build_api()))
    response = client.get("/peta/pilih", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in response.headers
    assert "<html" in response.text.lower()


def _with_pathsend(app):
    """As granian serves: the server offers zero-copy file sending, which FileResponse then prefers."""

    async def asgi(scope, receive, send):
        if scope["type"] == "http":
            scope = {**scope, "extensions": {**(scope.get("extensions") or {}), "http.response.pathsend": {}}}
        await app(scope, receive, send)

    return asgi


def test_hashed_build_files_are_compressed_and_kept_for_a_year(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "root-Bx3kP9aQ.js").write_text("export const answer = 42;\n" * 200)
    (tmp_path / "assets" / "photo.jpg").write_bytes(b"\xff\xd8" + b"\0" * 4000)
    files = Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path))])
    client = TestClient(_with_pathsend(compression(files)))
    script = client.get("/assets/root-Bx3kP9aQ.js", headers=GZIP)
    assert script.headers["content-encoding"] == "gzip"
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert script.text.startswith("export const answer")


def test_cache_lifetimes_only_for_files_that_cannot_go_stale():
    assert cache_control_for("/assets/chunk-DdF8a9Qz.js") is not None
    assert cache_control_for("/assets/chunk.js") is None  # no hash in the name
    assert cache_control_for("/lapor") is None
    assert cache_control_for("/styles.css") is None
    assert cache_control_for("/api/map") is None
