"""Admin commands: `python -m pengaduan_app.cli <command>` (or the `pengaduan` script)."""

from __future__ import annotations

import argparse
import getpass
import sys

from alembic import command
from alembic.config import Config
from sqlmodel import func, select

from .backup import commands as backup_commands
from .config import PROJECT_ROOT, get_settings
from .db import session_scope
from .demo.reports import seed_demo_reports
from .demo.staff import DEMO_TOTP_SECRET, seed_demo_staff
from .domain import credentials, permissions
from .domain.accounts import create_staff, normalise_username, set_staff_email
from .domain.accounts import unlock as unlock_account
from .domain.categories import ensure_categories
from .domain.credentials import CredentialError
from .errors import Refused
from .geo import commands as geo_commands
from .geo.fallback import ensure_fallback_areas
from .geo.geojson import AreaLoadError
from .geo.layers import has_boundaries, jakarta_layers
from .geo.loader import load_areas
from .i18n import translate
from .models import Area, StaffUser


def alembic_config(db_url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    if db_url:
        config.attributes["db_url"] = db_url
    return config


def migrate(_args=None) -> None:
    command.upgrade(alembic_config(), "head")
    print("Migrasi basis data selesai (alembic upgrade head).")


def _load_real_boundaries_if_present() -> None:
    """On first start (no real areas yet) load the boundaries: the bundled Jakarta files unless set otherwise."""
    directory = get_settings().boundaries_dir
    with session_scope() as session:
        real = session.exec(select(func.count(Area.id)).where(Area.approximate.is_(False))).one()
    if real or not has_boundaries(directory):
        return
    print(f"Memuat batas wilayah dari {directory} ...")
    try:
        with session_scope() as session:
            report = load_areas(session, jakarta_layers(directory))
    except AreaLoadError as err:
        print(f"Batas wilayah tidak dimuat / boundaries not loaded: {err}", file=sys.stderr)
        return
    print(f"Wilayah: {report.created} dibuat, {report.updated} diperbarui.")


def seed(args) -> None:
    """Categories always; areas (real files when present, else approximate centres); demo reports on request."""
    settings = get_settings()
    with session_scope() as session:
        added = ensure_categories(session)
    print(f"Kategori: {added} ditambahkan.")
    if not args.no_boundaries:
        _load_real_boundaries_if_present()
    with session_scope() as session:
        created = ensure_fallback_areas(session)
    if created:
        print(f"Wilayah perkiraan: {created} dibuat (muat batas asli dengan `load-areas`).")
    if args.demo or settings.demo_mode:
        with session_scope() as session:
            added = seed_demo_reports(session, settings, args.count or settings.demo_report_count)
        print(f"Laporan demo: {added} ditambahkan.")
        with session_scope() as session:
            accounts = seed_demo_staff(session)
        print("Akun petugas demo (HANYA untuk demo) / demo staff sign-in at /staf/masuk:")
        for account in accounts:
            print(f"  {account.username:<14} {account.password:<20} {account.display_name}")
        print(f"Kunci TOTP demo admin/moderator / their demo two-factor key: {DEMO_TOTP_SECRET}")


def create_admin(args) -> int:
    """The first admin (no default accounts exist outside demo mode). The password is read, never an argument."""
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Kata sandi / password: ")
    try:
        with session_scope() as session:
            create_staff(
                session, username=args.username, display_name=args.name, password=password, role=permissions.ADMIN
            )
    except CredentialError as err:
        print(f"create-admin: {translate('en', err.code, **err.params)}", file=sys.stderr)
        return 1
    print(f"Admin {args.username} dibuat / created.")
    return 0


def outbox(_args) -> int:
    """One delivery pass of the channels' outbox (for cron when PENGADUAN_OUTBOX_WORKER=0)."""
    from .channels.delivery import deliver_due  # the HTTP and SMTP clients load only for this command

    sent, failed = deliver_due(limit=500)
    print(f"Outbox: {sent} terkirim / sent, {failed} gagal, dicoba lagi nanti / failed, retried later.")
    return 0


def digest(args) -> int:
    """Today's digest for the officers (for cron when PENGADUAN_DIGEST_WORKER=0); sent once a day at most, on
    working days unless --any-day."""
    from .domain.digest import run_daily_digest  # the SMTP client loads only for this command
    from .domain.sla import JAKARTA, is_working_day
    from .models.types import utcnow

    if not args.any_day and not is_working_day(utcnow().astimezone(JAKARTA).date()):
        print("Hari libur: tidak ada ringkasan / not a working day: no digest.")
        return 0
    with session_scope() as session:
        digests = run_daily_digest(session)
    if digests is None:
        print("Ringkasan hari ini sudah dikirim / today's digest was already sent.")
    else:
        print(f"Ringkasan harian / daily digest: {len(digests)} petugas / officers.")
    return 0


def staff_email(args) -> int:
    """Where an officer's daily digest goes ("" removes it)."""
    try:
        with session_scope() as session:
            set_staff_email(session, args.username, args.email)
    except Refused as err:
        print(f"staff-email: {translate('en', err.code, **err.params)}", file=sys.stderr)
        return 1
    print(f"{args.username}: {args.email or '-'}")
    return 0


def unlock(args) -> int:
    """Forget a staff account's failed sign-ins, so its slowdown and per-address pauses end at once."""
    with session_scope() as session:
        cleared = unlock_account(session, args.username)
    print(f"{args.username}: {cleared} failed sign-ins forgotten / dihapus.")
    return 0


def reset_two_factor(args) -> int:
    """A lost phone: forget the account's second factor and recovery codes, end its sessions; it enrolls again."""
    with session_scope() as session:
        user = session.exec(select(StaffUser).where(StaffUser.username == normalise_username(args.username))).first()
        if user is None:
            print(f"reset-2fa: {args.username}: akun tidak ada / no such account.", file=sys.stderr)
            return 1
        credentials.reset(session, user)
    print(f"{args.username}: masuk dua langkah direset / two-factor sign-in reset; daftar lagi saat masuk.")
    return 0


def prepare(args) -> None:
    """Everything the server needs before it starts: migrations, then seed data."""
    migrate()
    seed(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pengaduan", description="Pengaduan admin commands")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(func=migrate)
    for name, func_, help_text in (
        ("seed", seed, "add categories, areas and (with --demo) demo reports"),
        ("prepare", prepare, "migrate, then seed"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--demo", action="store_true", help="add demo reports to an empty database")
        sub.add_argument("--count", type=int, default=0, help="how many demo reports")
        sub.add_argument("--no-boundaries", action="store_true", help="do not load boundary files even if present")
        sub.set_defaults(func=func_)
    admin = commands.add_parser("create-admin", help="create an admin account (password from a prompt or stdin)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", required=True, help="display name")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    admin.set_defaults(func=create_admin)
    commands.add_parser("outbox", help="deliver the channels' due messages once").set_defaults(func=outbox)
    digesting = commands.add_parser("digest", help="e-mail today's digest to the officers (once a day)")
    digesting.add_argument("--any-day", action="store_true", help="also on a weekend or public holiday")
    digesting.set_defaults(func=digest)
    emailing = commands.add_parser("staff-email", help="set the e-mail address of a staff account's daily digest")
    emailing.add_argument("username")
    emailing.add_argument("email", help='an e-mail address, or "" for none')
    emailing.set_defaults(func=staff_email)
    unlocking = commands.add_parser("unlock", help="forget a staff account's failed sign-ins")
    unlocking.add_argument("username")
    unlocking.set_defaults(func=unlock)
    resetting = commands.add_parser("reset-2fa", help="forget a staff account's two-factor key (a lost phone)")
    resetting.add_argument("username")
    resetting.set_defaults(func=reset_two_factor)
    geo_commands.register(commands)
    backup_commands.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result = args.func(args)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
