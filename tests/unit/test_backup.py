"""`pengaduan backup` / `pengaduan restore` on SQLite and PostgreSQL: back up, empty, restore, identical;
a damaged or mismatched archive is refused and nothing changes."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlmodel import Session, SQLModel, select

from pengaduan_app import cli
from pengaduan_app.config import get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.domain.submission import UploadedPhoto, submit_report
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.router import invalidate_router
from pengaduan_app.media import MediaStore
from pengaduan_app.models import Photo, Report, StatusChange
from tests.builders import good_draft, jpeg_bytes
from tests.conftest import migrate


@pytest.fixture
def city(any_db_url, tmp_path, monkeypatch):
    """A migrated database with reports, photos (public and one private original) and timelines."""
    monkeypatch.setenv("REFLEX_DB_URL", any_db_url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    invalidate_router()
    migrate(any_db_url)
    settings = get_settings()
    engine = make_engine(any_db_url, immediate=False)
    with Session(engine, expire_on_commit=False) as session:
        ensure_fallback_areas(session)
        ensure_categories(session)
        session.commit()
        store = MediaStore(settings.media_dir)
        for number, color in enumerate([(200, 10, 10), (10, 200, 10), (10, 10, 200)]):
            photos = [UploadedPhoto("a.jpg", jpeg_bytes(color=color))]
            draft = good_draft(title=f"Jalan rusak nomor {number}")
            submit_report(session, draft, photos, settings=settings, store=store)
            session.commit()
    engine.dispose()
    original = jpeg_bytes(color=(1, 2, 3))
    (settings.data_dir / "private").mkdir(parents=True)
    (settings.data_dir / "private" / f"{'a' * 64}.jpg").write_bytes(original)
    yield any_db_url, settings
    get_settings.cache_clear()
    invalidate_router()


def state(url: str, settings) -> dict:
    """Everything a restore must bring back: every report, timeline step and photo row, and every file."""
    engine = make_engine(url, immediate=False)
    with Session(engine) as session:
        rows = {
            model.__name__: [row.model_dump() for row in session.exec(select(model).order_by(model.id))]
            for model in (Report, StatusChange, Photo)
        }
    engine.dispose()
    for folder in ("media", "private"):
        directory = settings.data_dir / folder
        rows[folder] = {p.name: p.read_bytes() for p in sorted(directory.glob("*"))} if directory.is_dir() else {}
    return rows


def empty(url: str, settings) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        for table in reversed(SQLModel.metadata.sorted_tables):
            session.execute(delete(table))
        session.commit()
    engine.dispose()
    for folder in ("media", "private"):
        for path in (settings.data_dir / folder).glob("*"):
            path.unlink()


def test_back_up_empty_restore_gives_everything_back(city, tmp_path, capsys):
    url, settings = city
    before = state(url, settings)
    assert len(before["Report"]) == 3 and len(before["media"]) == 6 and len(before["private"]) == 1
    archive = tmp_path / "cadangan.tar"

    assert cli.main(["backup", str(archive)]) == 0
    assert "report 3" in capsys.readouterr().out
    empty(url, settings)
    assert state(url, settings)["Report"] == [] and state(url, settings)["media"] == {}

    assert cli.main(["restore", str(archive)]) == 0
    assert state(url, settings) == before
    assert cli.main(["backup", str(archive)]) == 1  # never overwrites an archive
    assert "already exists" in capsys.readouterr().err


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` with `change(name, bytes) -> bytes | None` applied to each member (None drops it)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                info = tarfile.TarInfo(member.name)
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
    return target


def flip_photo(name: str, data: bytes) -> bytes:
    return data[:-3] + b"xyz" if name.startswith("media/") else data


def other_revision(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    return json.dumps(json.loads(data) | {"schema_revision": "0001"}).encode()


def other_kind(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    return json.dumps(manifest | {"database": "postgresql" if manifest["database"] == "sqlite" else "sqlite"}).encode()


def drop_a_photo(name: str, data: bytes) -> bytes | None:
    return None if name.endswith("_t.jpg") else data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (flip_photo, "damaged (checksum mismatch: media/"),
        (drop_a_photo, "damaged (files differ from the manifest"),
        (other_revision, "database schema 0001"),
        (other_kind, "Nothing was changed"),
        ("cut", "damaged"),
        ("not a tar", "damaged"),
    ],
)
def test_a_damaged_or_mismatched_archive_changes_nothing(city, tmp_path, capsys, change, message):
    url, settings = city
    archive = tmp_path / "cadangan.tar"
    assert cli.main(["backup", str(archive)]) == 0
    empty(url, settings)
    before = state(url, settings)
    if change == "cut":
        bad = tmp_path / "cut.tar"
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif change == "not a tar":
        bad = tmp_path / "photo.tar"
        bad.write_bytes(jpeg_bytes())
    else:
        bad = rewrite(archive, tmp_path / "bad.tar", change)
    capsys.readouterr()

    assert cli.main(["restore", str(bad)]) == 1
    assert message in capsys.readouterr().err
    assert state(url, settings) == before


def test_postgresql_without_its_client_tools_says_what_to_install(city, tmp_path, capsys, monkeypatch):
    url, _ = city
    if not url.startswith("postgresql"):
        pytest.skip("SQLite needs no outside tool")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on it

    assert cli.main(["backup", str(tmp_path / "b.tar")]) == 1
    assert "pg_dump is not installed" in capsys.readouterr().err
    assert list(tmp_path.glob("*b.tar*")) == []  # no half archive left behind
