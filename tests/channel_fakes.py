"""Local stand-ins for the providers, as real servers on loopback: the WhatsApp Graph API (media and sends),
an SMS gateway's send URL, and an SMTP server that receives the e-mailed answers."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller

TOKEN = "test-graph-token"


@dataclass
class FakeProvider:
    """One HTTP server playing the Graph API and the SMS gateway; `outage` answers the next sends with 503."""

    media: dict[str, bytes] = field(default_factory=dict)
    whatsapp_sent: list[dict] = field(default_factory=list)
    sms_sent: list[dict] = field(default_factory=list)
    refused: int = 0
    outage: int = 0
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> FakeProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer(401, b"{}")
                name = self.path.strip("/")
                if name.startswith("files/") and name[6:] in provider.media:
                    return self._answer(200, provider.media[name[6:]], "image/jpeg")
                if name in provider.media:
                    return self._answer(200, json.dumps({"url": f"{provider.url}/files/{name}", "id": name}).encode())
                return self._answer(404, b"{}")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if provider.outage > 0:
                    provider.outage -= 1
                    provider.refused += 1
                    return self._answer(503, b'{"error": "down"}')
                if self.path.endswith("/messages"):
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        return self._answer(401, b"{}")
                    provider.whatsapp_sent.append(json.loads(body))
                    return self._answer(200, b'{"messages": [{"id": "wamid.out"}]}')
                if self.path == "/sms/send":
                    fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    provider.sms_sent.append(fields)
                    return self._answer(200, b'{"ok": true}')
                return self._answer(404, b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """An SMTP server that keeps every message it is given (the e-mailed answers)."""

    def __init__(self) -> None:
        self.messages = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(BytesParser(policy=policy.default).parsebytes(envelope.content))
        return "250 OK"

    def start(self) -> MailSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


APP_SECRET = "test-app-secret"
SMS_SECRET = "test-sms-secret"
PHONE_ID = "1234567890"
INTAKE_ADDRESS = "lapor@kota.example"


@dataclass(frozen=True)
class ChannelFakes:
    provider: FakeProvider
    mail_sink: MailSink
    intake_port: int

    @property
    def settings(self) -> dict[str, str]:
        """The environment that points every channel of the app at these fakes."""
        return {
            "PENGADUAN_WHATSAPP_VERIFY_TOKEN": "verify-me",
            "PENGADUAN_WHATSAPP_APP_SECRET": APP_SECRET,
            "PENGADUAN_WHATSAPP_TOKEN": TOKEN,
            "PENGADUAN_WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
            "PENGADUAN_WHATSAPP_API_URL": self.provider.url,
            "PENGADUAN_SMS_SECRET": SMS_SECRET,
            "PENGADUAN_SMS_SEND_URL": f"{self.provider.url}/sms/send",
            "PENGADUAN_SMTP_HOST": "127.0.0.1",
            "PENGADUAN_SMTP_PORT": str(self.mail_sink.port),
            "PENGADUAN_INTAKE_SMTP_PORT": str(self.intake_port),
            "PENGADUAN_INTAKE_EMAIL": INTAKE_ADDRESS,
        }


@contextmanager
def running_fakes() -> Iterator[ChannelFakes]:
    provider, sink = FakeProvider().start(), MailSink().start()
    try:
        yield ChannelFakes(provider, sink, free_port())
    finally:
        sink.stop()
        provider.stop()


def signed(payload: dict, secret: str = APP_SECRET) -> tuple[bytes, dict[str, str]]:
    """A WhatsApp webhook body and the headers that sign it as the provider does."""
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
