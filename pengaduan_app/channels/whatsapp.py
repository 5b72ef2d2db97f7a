"""WhatsApp Business Cloud API: the webhook (verification handshake, signed message notifications), photo
downloads from the Graph API's media endpoint, and text messages sent back.

Every POST must carry `X-Hub-Signature-256`, the HMAC-SHA256 of the exact body under the app secret: without
a valid one nothing is read. A message whose photo cannot be downloaded yet is refused with 503, so the
provider delivers it again later (its message id makes the retry count once).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace

import httpx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from ..config import Settings, get_settings
from ..db import read_scope
from ..domain.intake import Inbound, seen_before
from ..domain.notifications import Outgoing
from ..domain.photos import UploadedPhoto
from .common import SendError, take_in_committed, webhook_body

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
TEXT_MAX = 4096  # the Cloud API's limit for a text message body


class MediaUnavailable(Exception):
    """The photo could not be downloaded now."""


def signature_ok(body: bytes, header: str, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return bool(header) and hmac.compare_digest(expected, header.strip())


async def verify(request: Request) -> Response:
    """The subscription handshake: echo `hub.challenge` when the verify token matches."""
    settings = get_settings()
    params = request.query_params
    token = params.get("hub.verify_token", "")
    if not (settings.whatsapp_enabled and settings.whatsapp_verify_token):
        return PlainTextResponse("not configured", status_code=404)
    if params.get("hub.mode") != "subscribe" or not hmac.compare_digest(token, settings.whatsapp_verify_token):
        return PlainTextResponse("forbidden", status_code=403)
    return PlainTextResponse(params.get("hub.challenge", ""))


async def receive(request: Request) -> Response:
    settings = get_settings()
    body = await webhook_body(request, settings.whatsapp_enabled)
    if isinstance(body, Response):
        return body
    if not signature_ok(body, request.headers.get("x-hub-signature-256", ""), settings.whatsapp_app_secret):
        return JSONResponse({"error": "bad signature"}, status_code=401)
    try:
        notices = messages_in(json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return JSONResponse({"error": "not a WhatsApp notification"}, status_code=400)
    try:
        await run_in_threadpool(_take_in_all, notices, settings)
    except MediaUnavailable:
        return JSONResponse({"error": "media unavailable, retry"}, status_code=503, headers={"Retry-After": "60"})
    return JSONResponse({"status": "ok"})


def messages_in(payload: dict) -> list[tuple[Inbound, str]]:
    """Each message of a notification, read (photo not yet fetched) with its media id ("" if none); status
    receipts are skipped. Raises ValueError (or KeyError, TypeError) on anything that is not one."""
    if payload.get("object") != "whatsapp_business_account":
        raise ValueError("not a WhatsApp Business notification")
    found = []
    for entry in payload["entry"]:
        for change in entry["changes"]:
            value = change["value"]
            names = {c.get("wa_id"): c.get("profile", {}).get("name", "") for c in value.get("contacts", [])}
            found.extend(_read(message, names) for message in value.get("messages", []))
    return found


def _read(message: dict, names: dict) -> tuple[Inbound, str]:
    sender, message_id, kind = message["from"], message["id"], message.get("type")
    if not (isinstance(sender, str) and sender.lstrip("+").isdigit() and isinstance(message_id, str)):
        raise ValueError("message without a sender number or id")
    text, media_id, lat, lon = "", "", None, None
    if kind == "text":
        text = str(message["text"]["body"])
    elif kind == "image":
        text, media_id = str(message["image"].get("caption", "")), str(message["image"]["id"])
        if not media_id.isalnum():
            raise ValueError("bad media id")
    elif kind == "location":
        lat, lon = float(message["location"]["latitude"]), float(message["location"]["longitude"])
    name = str(names.get(sender, ""))
    return Inbound("whatsapp", "+" + sender.lstrip("+"), message_id[:200], text, "", (), lat, lon, name), media_id


def _take_in_all(notices: list[tuple[Inbound, str]], settings: Settings) -> None:
    for message, media_id in notices:
        with read_scope() as session:
            if seen_before(session, message.channel, message.message_id):
                continue  # a retry: its photo is not downloaded again
        if media_id:
            message = replace(message, photos=(UploadedPhoto(f"{media_id}.jpg", fetch_media(media_id, settings)),))
        take_in_committed(message, settings)


def _auth(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.whatsapp_token}"}


def fetch_media(media_id: str, settings: Settings) -> bytes:
    """The photo behind a media id: its metadata gives a short-lived URL, fetched with the same token."""
    try:
        with httpx.Client(timeout=TIMEOUT, headers=_auth(settings)) as client:
            meta = client.get(f"{settings.whatsapp_api_url}/{media_id}")
            meta.raise_for_status()
            data = client.get(meta.json()["url"])
            data.raise_for_status()
    except (httpx.HTTPError, ValueError, KeyError) as err:
        raise MediaUnavailable(str(err)) from err
    if len(data.content) > settings.max_photo_bytes:
        return data.content[: settings.max_photo_bytes + 1]  # refused by the photo check, with its message
    return data.content


def send(message: Outgoing, settings: Settings) -> None:
    if not settings.whatsapp_enabled:
        raise SendError("WhatsApp is not configured")
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.recipient.lstrip("+"),
        "type": "text",
        "text": {"body": message.body[:TEXT_MAX], "preview_url": True},
    }
    url = f"{settings.whatsapp_api_url}/{settings.whatsapp_phone_number_id}/messages"
    try:
        answer = httpx.post(url, json=payload, headers=_auth(settings), timeout=TIMEOUT)
    except httpx.HTTPError as err:
        raise SendError(str(err)) from err
    if answer.status_code >= 300:
        raise SendError(f"HTTP {answer.status_code}: {answer.text[:200]}")
