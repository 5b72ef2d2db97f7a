"""Typed settings, read once from the environment.

Every knob a city may want to change lives here, with a default that makes a
fresh clone work on SQLite with no other service.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = f"sqlite:///{PROJECT_ROOT / 'pengaduan.db'}"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    data_dir: Path = PROJECT_ROOT / "data"
    boundaries_dir: Path = PROJECT_ROOT.parent / "shared" / "data" / "jakarta"
    demo_mode: bool = False
    demo_report_count: int = 240
    city_code: str = "JKT"
    timezone: str = "Asia/Jakarta"
    default_language: str = "id"
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "&copy; OpenStreetMap contributors"
    map_center: tuple[float, float] = (-6.2, 106.83)
    map_zoom: int = 11
    max_photos: int = 3
    max_photo_bytes: int = 10 * 1024 * 1024
    max_photo_pixels: int = 40_000_000
    photo_max_side: int = 2048
    thumb_max_side: int = 320
    title_max: int = 120
    description_max: int = 2000
    address_max: int = 200
    name_max: int = 80
    contact_max: int = 120
    languages: tuple[str, ...] = field(default=("id", "en"))
    api_requests_per_minute: int = 60  # Open311 POSTs per API key per minute (all workers together)
    duplicate_radius_m: int = 200
    support_limit_per_visitor_hour: int = 30
    support_limit_per_ip_hour: int = 300
    # Failed sign-ins per account name and per address within the window, then sign-in pauses for the window.
    sign_in_failures_per_account: int = 5
    sign_in_failures_per_address: int = 20
    sign_in_window_minutes: int = 15
    # New reports per person (browser, and account when signed in) and per network address; 0 = no limit.
    # Desk reports (filed by an officer) are not counted. An address may be a whole office or a mobile
    # operator's shared address, hence its higher numbers.
    report_limit_per_person_hour: int = 10
    report_limit_per_person_day: int = 30
    report_limit_per_address_hour: int = 60
    report_limit_per_address_day: int = 300
    ip_hash_key: str = "pengaduan-dev-only"
    reopen_window_days: int = 14
    public_base_url: str = "http://localhost:3000"
    smtp_host: str = ""  # empty: no e-mail, in-app notifications only
    smtp_port: int = 25
    smtp_from: str = "Pengaduan <noreply@localhost>"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; cached, call `get_settings.cache_clear()` in tests."""
    defaults = Settings()
    return Settings(
        db_url=_env("REFLEX_DB_URL", defaults.db_url),
        data_dir=Path(_env("PENGADUAN_DATA_DIR", str(defaults.data_dir))),
        boundaries_dir=Path(_env("PENGADUAN_BOUNDARIES_DIR", str(defaults.boundaries_dir))),
        demo_mode=_env_bool("PENGADUAN_DEMO", defaults.demo_mode),
        demo_report_count=_env_int("PENGADUAN_DEMO_REPORTS", defaults.demo_report_count),
        tile_url=_env("PENGADUAN_TILE_URL", defaults.tile_url),
        tile_attribution=_env("PENGADUAN_TILE_ATTRIBUTION", defaults.tile_attribution),
        max_photo_bytes=_env_int("PENGADUAN_MAX_PHOTO_BYTES", defaults.max_photo_bytes),
        max_photo_pixels=_env_int("PENGADUAN_MAX_PHOTO_PIXELS", defaults.max_photo_pixels),
        api_requests_per_minute=_env_int("PENGADUAN_API_REQUESTS_PER_MINUTE", defaults.api_requests_per_minute),
        duplicate_radius_m=_env_int("PENGADUAN_DUPLICATE_RADIUS_M", defaults.duplicate_radius_m),
        support_limit_per_visitor_hour=_env_int(
            "PENGADUAN_SUPPORT_LIMIT_PER_VISITOR_HOUR", defaults.support_limit_per_visitor_hour
        ),
        support_limit_per_ip_hour=_env_int("PENGADUAN_SUPPORT_LIMIT_PER_IP_HOUR", defaults.support_limit_per_ip_hour),
        sign_in_failures_per_account=_env_int(
            "PENGADUAN_SIGN_IN_FAILURES_PER_ACCOUNT", defaults.sign_in_failures_per_account
        ),
        sign_in_failures_per_address=_env_int(
            "PENGADUAN_SIGN_IN_FAILURES_PER_ADDRESS", defaults.sign_in_failures_per_address
        ),
        sign_in_window_minutes=_env_int("PENGADUAN_SIGN_IN_WINDOW_MINUTES", defaults.sign_in_window_minutes),
        report_limit_per_person_hour=_env_int(
            "PENGADUAN_REPORT_LIMIT_PER_PERSON_HOUR", defaults.report_limit_per_person_hour
        ),
        report_limit_per_person_day=_env_int(
            "PENGADUAN_REPORT_LIMIT_PER_PERSON_DAY", defaults.report_limit_per_person_day
        ),
        report_limit_per_address_hour=_env_int(
            "PENGADUAN_REPORT_LIMIT_PER_ADDRESS_HOUR", defaults.report_limit_per_address_hour
        ),
        report_limit_per_address_day=_env_int(
            "PENGADUAN_REPORT_LIMIT_PER_ADDRESS_DAY", defaults.report_limit_per_address_day
        ),
        ip_hash_key=_env("PENGADUAN_IP_HASH_KEY", defaults.ip_hash_key),
        reopen_window_days=_env_int("PENGADUAN_REOPEN_WINDOW_DAYS", defaults.reopen_window_days),
        public_base_url=_env("PENGADUAN_PUBLIC_URL", defaults.public_base_url).rstrip("/"),
        smtp_host=_env("PENGADUAN_SMTP_HOST", defaults.smtp_host),
        smtp_port=_env_int("PENGADUAN_SMTP_PORT", defaults.smtp_port),
        smtp_from=_env("PENGADUAN_SMTP_FROM", defaults.smtp_from),
        smtp_user=_env("PENGADUAN_SMTP_USER", defaults.smtp_user),
        smtp_password=_env("PENGADUAN_SMTP_PASSWORD", defaults.smtp_password),
        smtp_starttls=_env_bool("PENGADUAN_SMTP_STARTTLS", defaults.smtp_starttls),
    )
