"""With the app's lifespan running (as Reflex runs it), the e-mail intake listens on its port and the
in-process deliverer sends the answer as soon as the message's transaction commits (no pass is called)."""

from __future__ import annotations

import asyncio
import smtplib

from pengaduan_app.channels.lifespan import channels_lifespan

from .test_email import mail


def test_the_lifespan_serves_intake_and_delivers_after_commit(db, intake_port, mail_sink):
    async def scenario():
        async with channels_lifespan():
            message = mail("Pohon tumbang", "Pohon besar tumbang menutup jalan.", message_id="<life@contoh.example>")

            def send():
                with smtplib.SMTP("127.0.0.1", intake_port, timeout=10) as smtp:
                    smtp.send_message(message, to_addrs=["lapor@kota.example"])

            await asyncio.to_thread(send)
            for _ in range(200):  # the answer arrives once the deliverer has run: wait for it, up to 10 s
                if mail_sink.messages:
                    break
                await asyncio.sleep(0.05)

    asyncio.run(scenario())
    (answer,) = mail_sink.messages
    assert answer["In-Reply-To"] == "<life@contoh.example>"
    assert "kelurahan" in answer.get_content()
