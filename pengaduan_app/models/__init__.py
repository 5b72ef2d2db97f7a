"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from .area import Area
from .category import Category
from .photo import Photo
from .report import Report, TrackingCounter
from .status_change import StatusChange
from .support import Support

__all__ = ["Area", "Category", "Photo", "Report", "StatusChange", "Support", "TrackingCounter"]
