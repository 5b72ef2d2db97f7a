"""One module per page; importing this package registers them all."""

from . import area, browse, not_found, report, submit, track

__all__ = ["area", "browse", "not_found", "report", "submit", "track"]
