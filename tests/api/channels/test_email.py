"""E-mail end to end: a real SMTP exchange with the intake server (aiosmtpd), answers e-mailed to a sink
as replies in the same thread."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from sqlmodel import func, select

from pengaduan_app.channels import email
from pengaduan_app.channels.delivery import deliver_due
from pengaduan_app.config import get_settings
from pengaduan_app.models import Area, Category, Photo, Report
from tests.helpers import jpeg_bytes
from tests.unit.test_media import JAKARTA_GPS, with_gps

SENDER = "warga@contoh.example"


@pytest.fixture
def intake(db, intake_port) -> Iterator[int]:
    server = email.start_server(get_settings())
    yield intake_port
    server.stop()


def mail(subject: str, body: str, *, photo: bytes | None = None, message_id: str, reply_to: str = "") -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Warga Jakarta <{SENDER}>"
    message["To"] = "lapor@kota.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    if reply_to:
        message["In-Reply-To"] = reply_to
    message.set_content(body)
    if photo:
        message.add_attachment(photo, maintype="image", subtype="jpeg", filename="foto.jpg")
    return message


def send(port: int, message: EmailMessage, to: str = "lapor@kota.example") -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(message, to_addrs=[to])


def kelurahan(db, name: str) -> int:
    return db.exec(select(Area.id).where(Area.level == "kelurahan", Area.name == name)).one()


def test_one_complete_mail_files_a_report_and_the_answer_replies_in_its_thread(db, intake, mail_sink):
    first = mail(
        "Banjir di Kelurahan Cikini",
        "Air setinggi lutut menutup jalan sejak pagi, kendaraan tidak bisa lewat.",
        photo=jpeg_bytes(640, 480),
        message_id="<laporan-1@contoh.example>",
    )
    send(intake, first)
    send(intake, first)  # delivered twice by a mail server: one report

    report = db.exec(select(Report)).one()
    banjir = db.exec(select(Category.id).where(Category.code == "banjir")).one()
    assert (report.channel, report.kelurahan_id, report.category_id) == ("email", kelurahan(db, "CIKINI"), banjir)
    assert (report.title, report.privacy, report.reporter_contact) == (
        "Banjir di Kelurahan Cikini",
        "anonymous",
        SENDER,
    )
    assert db.exec(select(func.count(Photo.id)).where(Photo.report_id == report.id)).one() == 1

    assert deliver_due() == (1, 0)
    (answer,) = mail_sink.messages
    assert answer["In-Reply-To"] == "<laporan-1@contoh.example>"
    assert answer["Subject"] == "Re: Banjir di Kelurahan Cikini"
    assert report.tracking_code in answer.get_content()


def test_missing_parts_are_asked_for_by_reply_and_the_photo_gps_gives_the_kelurahan(db, intake, mail_sink):
    send(
        intake,
        mail("Sampah menumpuk", "Sampah menumpuk di pinggir kali sudah seminggu.", message_id="<a@contoh.example>"),
    )
    deliver_due()
    assert "kelurahan" in mail_sink.messages[-1].get_content()
    assert mail_sink.messages[-1]["In-Reply-To"] == "<a@contoh.example>"

    reply = mail(
        "Re: Sampah menumpuk", "Fotonya terlampir.\n\n> Di kelurahan mana lokasinya?", message_id="<b@contoh.example>"
    )
    send(
        intake,
        mail(reply["Subject"], reply.get_content(), photo=with_gps(JAKARTA_GPS), message_id="<b@contoh.example>"),
    )
    report = db.exec(select(Report)).one()
    assert report.kelurahan_id == kelurahan(db, "GAMBIR")  # Monas, from the photo's GPS
    assert report.description == "Sampah menumpuk di pinggir kali sudah seminggu."
    deliver_due()
    assert report.tracking_code in mail_sink.messages[-1].get_content()
    assert mail_sink.messages[-1]["In-Reply-To"] == "<b@contoh.example>"


def test_mail_to_another_address_is_refused(db, intake):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(
            intake,
            mail("Halo", "Apa kabar semuanya di sini?", message_id="<c@contoh.example>"),
            to="orang@lain.example",
        )
    assert db.exec(select(func.count(Report.id))).one() == 0
