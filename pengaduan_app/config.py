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
    # Channels (WhatsApp, e-mail, SMS): each is off until its settings are given.
    whatsapp_verify_token: str = ""  # the webhook handshake's hub.verify_token
    whatsapp_app_secret: str = ""  # signs every webhook POST (X-Hub-Signature-256)
    whatsapp_token: str = ""  # bearer token for sending and fetching media
    whatsapp_phone_number_id: str = ""
    whatsapp_api_url: str = "https://graph.facebook.com/v21.0"
    sms_secret: str = ""  # the gateway's shared secret (X-Gateway-Secret), or the Twilio auth token
    sms_send_url: str = ""  # where answers are POSTed (form fields `to`, `text`)
    sms_send_token: str = ""
    intake_smtp_port: int = 0  # 0: no inbound e-mail server
    intake_smtp_host: str = "127.0.0.1"
    intake_email: str = ""  # the intake address, the From of e-mailed answers
    channel_session_minutes: int = 60  # a conversation quiet this long starts over
    channel_messages_per_hour: int = 60  # from one sender; beyond it messages are ignored (no answer is sent)
    outbox_worker: bool = True  # the app process delivers the outbox (else only `pengaduan outbox`, e.g. by cron)
    outbox_max_attempts: int = 12

    @property
    def whatsapp_enabled(self) -> bool:
        return bool(self.whatsapp_app_secret and self.whatsapp_token and self.whatsapp_phone_number_id)

    @property
    def sms_enabled(self) -> bool:
        return bool(self.sms_secret)

    @property
    def email_intake_enabled(self) -> bool:
        return self.intake_smtp_port > 0

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
        whatsapp_verify_token=_env("PENGADUAN_WHATSAPP_VERIFY_TOKEN", defaults.whatsapp_verify_token),
        whatsapp_app_secret=_env("PENGADUAN_WHATSAPP_APP_SECRET", defaults.whatsapp_app_secret),
        whatsapp_token=_env("PENGADUAN_WHATSAPP_TOKEN", defaults.whatsapp_token),
        whatsapp_phone_number_id=_env("PENGADUAN_WHATSAPP_PHONE_NUMBER_ID", defaults.whatsapp_phone_number_id),
        whatsapp_api_url=_env("PENGADUAN_WHATSAPP_API_URL", defaults.whatsapp_api_url).rstrip("/"),
        sms_secret=_env("PENGADUAN_SMS_SECRET", defaults.sms_secret),
        sms_send_url=_env("PENGADUAN_SMS_SEND_URL", defaults.sms_send_url),
        sms_send_token=_env("PENGADUAN_SMS_SEND_TOKEN", defaults.sms_send_token),
        intake_smtp_port=_env_int("PENGADUAN_INTAKE_SMTP_PORT", defaults.intake_smtp_port),
        intake_smtp_host=_env("PENGADUAN_INTAKE_SMTP_HOST", defaults.intake_smtp_host),
        intake_email=_env("PENGADUAN_INTAKE_EMAIL", defaults.intake_email),
        channel_session_minutes=_env_int("PENGADUAN_CHANNEL_SESSION_MINUTES", defaults.channel_session_minutes),
        channel_messages_per_hour=_env_int("PENGADUAN_CHANNEL_MESSAGES_PER_HOUR", defaults.channel_messages_per_hour),
        outbox_worker=_env_bool("PENGADUAN_OUTBOX_WORKER", defaults.outbox_worker),
        outbox_max_attempts=_env_int("PENGADUAN_OUTBOX_MAX_ATTEMPTS", defaults.outbox_max_attempts),
    )
