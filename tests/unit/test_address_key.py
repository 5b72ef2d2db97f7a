"""Issue 14.9: client addresses are hashed under a key nobody else knows, made at first start when none is set."""

from __future__ import annotations

import logging

import pytest

from pengaduan_app.config import DEV_IP_HASH_KEY, address_hash_key, get_settings
from pengaduan_app.domain.limits import client_hash


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def test_an_unset_key_is_made_once_in_the_data_folder_and_kept(data_dir):
    first = address_hash_key("", data_dir, "sqlite:///x.db")
    assert first != DEV_IP_HASH_KEY and len(first) == 64
    assert (data_dir / "ip_hash_key").stat().st_mode & 0o077 == 0  # readable by the app's user only
    assert address_hash_key("", data_dir, "sqlite:///x.db") == first  # every worker and restart agrees


def test_the_attack_of_guessing_with_the_public_key_no_longer_works(data_dir, monkeypatch):
    monkeypatch.delenv("PENGADUAN_IP_HASH_KEY", raising=False)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    try:
        stored = client_hash("198.51.100.23", get_settings().ip_hash_key)
    finally:
        get_settings.cache_clear()
    assert stored != client_hash("198.51.100.23", DEV_IP_HASH_KEY)


def test_a_configured_key_wins_and_the_public_one_warns_on_a_production_database(data_dir, caplog):
    assert address_hash_key("rahasia-kota", data_dir, "postgresql+psycopg://db/x") == "rahasia-kota"
    assert not (data_dir / "ip_hash_key").exists()
    with caplog.at_level(logging.WARNING, logger="pengaduan"):
        address_hash_key(DEV_IP_HASH_KEY, data_dir, "postgresql+psycopg://db/x")
    assert "public development value" in caplog.text
