from .accounts import RoleSettings, User
from .audit import AuditEvent, AuditHead
from .base import TimeStampedModel
from .jobs import Job
from .tokens import ApiToken

__all__ = ["ApiToken", "AuditEvent", "AuditHead", "Job", "RoleSettings", "TimeStampedModel", "User"]
