"""Channel adapters: WhatsApp, e-mail and SMS in (over domain.intake) and out (the outbox's senders)."""
