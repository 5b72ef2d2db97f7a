"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from .address_use import AddressUse
from .api_client import ApiKey, ApiKeyUse, ApiSubmission, ReportAttribute
from .area import Area
from .audit import AuditEntry
from .category import Category, CategoryQuestion, ResponseTemplate
from .channel import ChannelContact, ChannelConversation, ChannelInbound, OutboxMessage
from .citizen import AccountMail, Citizen, CitizenSession, Follow, Notification
from .digest import DigestRun
from .figures import AreaOpenDue, AreaTally, DailyTally
from .map_cell import MapCell
from .moderation import Flag, Redaction
from .photo import Photo
from .report import Report
from .staff import SignInAttempt, StaffArea, StaffRecoveryCode, StaffSession, StaffUser
from .status_change import StatusChange
from .support import Support, SupportBurst

__all__ = [
    "AccountMail",
    "AddressUse",
    "ApiKey",
    "ApiKeyUse",
    "ApiSubmission",
    "Area",
    "AreaOpenDue",
    "AreaTally",
    "AuditEntry",
    "Category",
    "CategoryQuestion",
    "ChannelContact",
    "ChannelConversation",
    "ChannelInbound",
    "Citizen",
    "CitizenSession",
    "DailyTally",
    "DigestRun",
    "Flag",
    "Follow",
    "MapCell",
    "Notification",
    "OutboxMessage",
    "Photo",
    "Redaction",
    "Report",
    "ReportAttribute",
    "ResponseTemplate",
    "SignInAttempt",
    "StaffArea",
    "StaffRecoveryCode",
    "StaffSession",
    "StaffUser",
    "StatusChange",
    "Support",
    "SupportBurst",
]
