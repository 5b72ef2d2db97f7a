"""The rules of Pengaduan, in plain Python (no Reflex): pages, API and CLI share them."""

# Registers the flush hooks that keep the performance totals and the map's cells in step with every report.
from . import report_rollups as _report_rollups  # noqa: F401
