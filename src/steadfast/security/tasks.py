"""Job handlers of the security app (campaigns, reminders, reassessments) register on import."""

from steadfast.core.services.schedule import every
from steadfast.security import tasks_workflow  # noqa: F401

every("security.reminders", "Daily questionnaire and finding reminders, expired risk acceptances", hours=24)
every("security.reassessments", "Daily reassessment scheduling from the tier cadence", hours=24)
