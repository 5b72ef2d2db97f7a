"""SMS through a gateway's webhook: text only, answered through the gateway's send URL.

Two forms are read. The generic one, for any gateway: a POST (form or JSON) with `sender`, `text` and the
gateway's message `id`, authenticated by the header `X-Gateway-Secret: <PENGADUAN_SMS_SECRET>`. The
Twilio-style one: form fields `From`, `Body`, `MessageSid`, authenticated by `X-Twilio-Signature` (HMAC-SHA1
of the public URL and the sorted fields under the secret, as Twilio signs). Answers are POSTed to
`PENGADUAN_SMS_SEND_URL` as form fields `to` and `text`, with `Authorization: Bearer <PENGADUAN_SMS_SEND_TOKEN>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import httpx
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..config import Settings, get_settings
from ..domain.intake import Inbound
from ..domain.notifications import Outgoing
from .common import SendError, take_in_committed, webhook_body

TEXT_MAX = 1600  # what gateways split into at most ten parts
_EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def twilio_signature(url: str, fields: dict[str, str], secret: str) -> str:
    signed = url + "".join(key + fields[key] for key in sorted(fields))
    return base64.b64encode(hmac.new(secret.encode(), signed.encode(), hashlib.sha1).digest()).decode()


async def _fields(request: Request, body: bytes) -> dict[str, str]:
    if request.headers.get("content-type", "").startswith("application/json"):
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return {str(k): str(v) for k, v in data.items()}
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _authentic(request: Request, fields: dict[str, str], settings: Settings) -> bool:
    secret = settings.sms_secret
    generic = request.headers.get("x-gateway-secret", "")
    if generic:
        return hmac.compare_digest(generic, secret)
    twilio = request.headers.get("x-twilio-signature", "")
    url = settings.public_base_url + request.url.path
    return bool(twilio) and hmac.compare_digest(twilio, twilio_signature(url, fields, secret))


def read_message(fields: dict[str, str]) -> Inbound:
    """The message in either form; ValueError when sender or text is missing."""
    sender = (fields.get("sender") or fields.get("From") or "").strip()
    text = fields.get("text") if "text" in fields else fields.get("Body", "")
    message_id = (fields.get("id") or fields.get("MessageSid") or "").strip()
    digits = sender.lstrip("+").replace(" ", "").replace("-", "")
    if not (digits.isdigit() and 7 <= len(digits) <= 15) or text is None or not message_id:
        raise ValueError("sender, text and id are required")
    return Inbound("sms", "+" + digits, message_id[:200], text[:TEXT_MAX])


async def receive(request: Request) -> Response:
    settings = get_settings()
    body = await webhook_body(request, settings.sms_enabled)
    if isinstance(body, Response):
        return body
    try:
        fields = await _fields(request, body)
    except (ValueError, RecursionError, MultiPartException):
        return JSONResponse({"error": "unreadable body"}, status_code=400)
    if not _authentic(request, fields, settings):
        return JSONResponse({"error": "bad signature"}, status_code=401)
    try:
        message = read_message(fields)
    except ValueError:
        return JSONResponse({"error": "sender, text and id are required"}, status_code=400)
    await run_in_threadpool(take_in_committed, message, settings)
    if "MessageSid" in fields:
        return Response(_EMPTY_TWIML, media_type="text/xml")
    return JSONResponse({"status": "ok"})


def send(message: Outgoing, settings: Settings) -> None:
    if not settings.sms_send_url:
        raise SendError("no SMS send URL configured")
    headers = {"Authorization": f"Bearer {settings.sms_send_token}"} if settings.sms_send_token else {}
    try:
        answer = httpx.post(
            settings.sms_send_url,
            data={"to": message.recipient, "text": message.body[:TEXT_MAX]},
            headers=headers,
            timeout=10.0,
        )
    except httpx.HTTPError as err:
        raise SendError(str(err)) from err
    if answer.status_code >= 300:
        raise SendError(f"HTTP {answer.status_code}: {answer.text[:200]}")
