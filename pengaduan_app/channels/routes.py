"""The channels' webhooks on the app's own port."""

from __future__ import annotations

from starlette.routing import Route

from . import sms, whatsapp


def routes() -> list[Route]:
    return [
        Route("/api/channels/whatsapp", whatsapp.verify, methods=["GET"]),
        Route("/api/channels/whatsapp", whatsapp.receive, methods=["POST"]),
        Route("/api/channels/sms", sms.receive, methods=["POST"]),
    ]
