"""Job handlers of the security app (campaigns, reminders, reassessments) register on import."""

from steadfast.security import tasks_workflow  # noqa: F401
