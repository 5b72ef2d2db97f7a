"""Typed settings, read once from the environment.

Every knob a city may want to change lives here, with a default that makes a
fresh clone work on SQLite with no other service.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Jakarta's boundaries ship with the package (CC BY-SA 4.0, see that folder's README).
BUNDLED_BOUNDARIES_DIR = Path(__file__).resolve().parent / "geo" / "boundaries" / "jakarta"
DEFAULT_DB_URL = f"sqlite:///{PROJECT_ROOT / 'pengaduan.db'}"
DEV_IP_HASH_KEY = "pengaduan-dev-only"  # public: whoever knows it recovers an address from its hash in hours
IP_HASH_KEY_FILE = "ip_hash_key"
log = logging.getLogger("pengaduan")


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_path(name: str, default: Path | None) -> Path | None:
    """A folder setting; set but empty means none."""
    value = os.environ.get(name)
    if value is None:
        return default
    return Path(value) if value.strip() else None


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    data_dir: Path = PROJECT_ROOT / "data"
    boundaries_dir: Path | None = BUNDLED_BOUNDARIES_DIR  # None: no polygons, approximate areas only
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
    max_body_bytes: int = 0  # 0: max_photos × max_photo_bytes + 1 MiB (any request body, every route)
    upload_spool_bytes: int = 256 * 1024 * 1024  # request bodies one process receives at once
    upload_limit_per_address_minute: int = 20  # POSTs to /_upload per client address per minute
    # Place searches (/api/cari) per client address per minute (the geocoder behind it has its own limits;
    # mobile carriers put many phones behind one address); 0 = no limit.
    place_search_limit_per_address_minute: int = 60
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
    # An after photo whose GPS position is farther than this from the report's place marks the report "foto jauh
    # dari lokasi" for supervisors and moderators.
    after_photo_max_distance_m: int = 200
    metrics_enabled: bool = False  # /metrics (Prometheus) answers only when set
    edge_tolerance_m: int = 300  # a point this close outside the service area goes to the nearest area
    support_limit_per_visitor_hour: int = 30
    support_limit_per_ip_hour: int = 300
    # A support burst (domain/support.py): this many supports to one report from one client address within
    # the minutes go to the moderators, who may discount them; 0 turns it off.
    support_burst_size: int = 10
    support_burst_minutes: int = 10
    # Failed sign-ins per (account name, address) pair and per address within the window, then sign-in from that
    # address pauses for the window; past the per-account number from all addresses, attempts are slowed down.
    sign_in_failures_per_account: int = 5
    sign_in_failures_per_address: int = 50
    sign_in_window_minutes: int = 15
    # New citizen accounts per address and in all per hour (a script cannot fill the table with junk accounts).
    signup_limit_per_address_hour: int = 5
    signup_limit_per_hour: int = 200
    # New reports per person (browser, and account when signed in) and per network address; 0 = no limit.
    # Desk reports (filed by an officer) are not counted. An address may be a whole office or a mobile
    # operator's shared address, hence its higher numbers.
    report_limit_per_person_hour: int = 10
    report_limit_per_person_day: int = 30
    report_limit_per_address_hour: int = 60
    report_limit_per_address_day: int = 300
    ip_hash_key: str = DEV_IP_HASH_KEY
    reopen_window_days: int = 14
    public_base_url: str = "http://localhost:3000"
    media_url: str = ""  # s3://bucket/prefix: photos in an S3-compatible bucket; empty: data_dir/media
    s3_endpoint_url: str = ""  # MinIO, Ceph, ...; empty: AWS
    s3_region: str = ""
    s3_access_key_id: str = ""  # empty: boto3's own chain (AWS_* variables, instance role)
    s3_secret_access_key: str = ""
    # A Nominatim- or Photon-compatible search service for streets and places; empty: area names only.
    geocoder_url: str = ""
    geocoder_kind: str = ""  # "nominatim" or "photon"; empty: guessed from the address
    geocoder_attribution: str = "© OpenStreetMap contributors"
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
    # The officers' daily digest (domain/digest.py): sent by the app at this hour, Jakarta time, on working days
    # (PENGADUAN_DIGEST_WORKER=0: only by `pengaduan digest`, e.g. from cron); the level above is told of reports
    # overdue by more than this many working days.
    digest_worker: bool = True
    digest_hour: int = 7
    escalate_after_working_days: int = 3

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


def address_hash_key(configured: str, data_dir: Path, db_url: str) -> str:
    """The key client addresses are hashed under: PENGADUAN_IP_HASH_KEY when set, else a random key made at first
    start in the data folder (shared by every worker reading that folder, kept across restarts)."""
    if configured:
        if configured == DEV_IP_HASH_KEY and not db_url.startswith("sqlite"):
            log.warning("PENGADUAN_IP_HASH_KEY is the public development value on a production database: set a secret")
        return configured
    path = data_dir / IP_HASH_KEY_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.is_file():
            return path.read_text().strip()
        log.warning("cannot keep an address-hash key: %s is not a folder; using the public development key", data_dir)
        return DEV_IP_HASH_KEY
    except OSError as error:
        log.warning("cannot keep an address-hash key in %s (%s): using the public development key", path, error)
        return DEV_IP_HASH_KEY
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32))
    return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; cached, call `get_settings.cache_clear()` in tests."""
    defaults = Settings()
    return Settings(
        db_url=_env("REFLEX_DB_URL", defaults.db_url),
        data_dir=Path(_env("PENGADUAN_DATA_DIR", str(defaults.data_dir))),
        boundaries_dir=_env_path("PENGADUAN_BOUNDARIES_DIR", defaults.boundaries_dir),
        demo_mode=_env_bool("PENGADUAN_DEMO", defaults.demo_mode),
        demo_report_count=_env_int("PENGADUAN_DEMO_REPORTS", defaults.demo_report_count),
        tile_url=_env("PENGADUAN_TILE_URL", defaults.tile_url),
        tile_attribution=_env("PENGADUAN_TILE_ATTRIBUTION", defaults.tile_attribution),
        max_photo_bytes=_env_int("PENGADUAN_MAX_PHOTO_BYTES", defaults.max_photo_bytes),
        max_photo_pixels=_env_int("PENGADUAN_MAX_PHOTO_PIXELS", defaults.max_photo_pixels),
        max_body_bytes=_env_int("PENGADUAN_MAX_BODY_BYTES", 0)
        or defaults.max_photos * _env_int("PENGADUAN_MAX_PHOTO_BYTES", defaults.max_photo_bytes) + 1024 * 1024,
        upload_spool_bytes=_env_int("PENGADUAN_UPLOAD_SPOOL_BYTES", defaults.upload_spool_bytes),
        upload_limit_per_address_minute=_env_int(
            "PENGADUAN_UPLOAD_LIMIT_PER_ADDRESS_MINUTE", defaults.upload_limit_per_address_minute
        ),
        place_search_limit_per_address_minute=_env_int(
            "PENGADUAN_PLACE_SEARCH_LIMIT_PER_ADDRESS_MINUTE", defaults.place_search_limit_per_address_minute
        ),
        api_requests_per_minute=_env_int("PENGADUAN_API_REQUESTS_PER_MINUTE", defaults.api_requests_per_minute),
        duplicate_radius_m=_env_int("PENGADUAN_DUPLICATE_RADIUS_M", defaults.duplicate_radius_m),
        after_photo_max_distance_m=_env_int(
            "PENGADUAN_AFTER_PHOTO_MAX_DISTANCE_M", defaults.after_photo_max_distance_m
        ),
        metrics_enabled=_env_bool("PENGADUAN_METRICS", defaults.metrics_enabled),
        edge_tolerance_m=_env_int("PENGADUAN_EDGE_TOLERANCE_M", defaults.edge_tolerance_m),
        support_limit_per_visitor_hour=_env_int(
            "PENGADUAN_SUPPORT_LIMIT_PER_VISITOR_HOUR", defaults.support_limit_per_visitor_hour
        ),
        support_limit_per_ip_hour=_env_int("PENGADUAN_SUPPORT_LIMIT_PER_IP_HOUR", defaults.support_limit_per_ip_hour),
        support_burst_size=_env_int("PENGADUAN_SUPPORT_BURST_SIZE", defaults.support_burst_size),
        support_burst_minutes=_env_int("PENGADUAN_SUPPORT_BURST_MINUTES", defaults.support_burst_minutes),
        sign_in_failures_per_account=_env_int(
            "PENGADUAN_SIGN_IN_FAILURES_PER_ACCOUNT", defaults.sign_in_failures_per_account
        ),
        sign_in_failures_per_address=_env_int(
            "PENGADUAN_SIGN_IN_FAILURES_PER_ADDRESS", defaults.sign_in_failures_per_address
        ),
        sign_in_window_minutes=_env_int("PENGADUAN_SIGN_IN_WINDOW_MINUTES", defaults.sign_in_window_minutes),
        signup_limit_per_address_hour=_env_int(
            "PENGADUAN_SIGNUP_LIMIT_PER_ADDRESS_HOUR", defaults.signup_limit_per_address_hour
        ),
        signup_limit_per_hour=_env_int("PENGADUAN_SIGNUP_LIMIT_PER_HOUR", defaults.signup_limit_per_hour),
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
        ip_hash_key=address_hash_key(
            _env("PENGADUAN_IP_HASH_KEY", ""),
            Path(_env("PENGADUAN_DATA_DIR", str(defaults.data_dir))),
            _env("REFLEX_DB_URL", defaults.db_url),
        ),
        reopen_window_days=_env_int("PENGADUAN_REOPEN_WINDOW_DAYS", defaults.reopen_window_days),
        public_base_url=_env("PENGADUAN_PUBLIC_URL", defaults.public_base_url).rstrip("/"),
        media_url=_env("PENGADUAN_MEDIA_URL", defaults.media_url).strip(),
        s3_endpoint_url=_env("PENGADUAN_S3_ENDPOINT_URL", defaults.s3_endpoint_url),
        s3_region=_env("PENGADUAN_S3_REGION", defaults.s3_region),
        s3_access_key_id=_env("PENGADUAN_S3_ACCESS_KEY_ID", defaults.s3_access_key_id),
        s3_secret_access_key=_env("PENGADUAN_S3_SECRET_ACCESS_KEY", defaults.s3_secret_access_key),
        geocoder_url=_env("PENGADUAN_GEOCODER_URL", defaults.geocoder_url).strip(),
        geocoder_kind=_env("PENGADUAN_GEOCODER_KIND", defaults.geocoder_kind).strip().lower(),
        geocoder_attribution=_env("PENGADUAN_GEOCODER_ATTRIBUTION", defaults.geocoder_attribution),
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
        digest_worker=_env_bool("PENGADUAN_DIGEST_WORKER", defaults.digest_worker),
        digest_hour=min(23, max(0, _env_int("PENGADUAN_DIGEST_HOUR", defaults.digest_hour))),
        escalate_after_working_days=max(
            0, _env_int("PENGADUAN_ESCALATE_AFTER_WORKING_DAYS", defaults.escalate_after_working_days)
        ),
    )
