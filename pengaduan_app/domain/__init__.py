"""The rules of Pengaduan, in plain Python (no Reflex): pages, API and CLI share them."""

# Registers the flush hook that keeps the performance totals in step with every change to a report.
from . import figures as _figures  # noqa: F401
