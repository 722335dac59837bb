"""Writes: every change audited and on the incident's timeline (one module per concept)."""

from steadfast.incidents.services.alerts import (
    create_alert_source,
    receive_alert,
    receive_alerts,
    source_for_token,
)
from steadfast.incidents.services.common import StaleIncident
from steadfast.incidents.services.incidents import (
    create_incident,
    refresh_open_incidents,
    transition,
    update_incident,
)
from steadfast.incidents.services.notify import create_webhook, deliver_due
from steadfast.incidents.services.obligations import evaluate_obligations, submit_obligation
from steadfast.incidents.services.reviews import (
    add_review_action,
    close_review_action,
    complete_review,
    open_review,
    send_review_reminders,
    update_review,
)
from steadfast.incidents.services.work import (
    add_note,
    add_task,
    assign_role,
    complete_task,
    hand_over,
    publish_update,
)

__all__ = [
    "add_review_action", "close_review_action", "complete_review", "create_webhook", "deliver_due", "open_review",
    "send_review_reminders", "update_review",
    "StaleIncident", "add_note", "add_task", "assign_role", "complete_task", "create_alert_source", "create_incident",
    "evaluate_obligations", "hand_over", "publish_update", "receive_alert", "receive_alerts", "refresh_open_incidents", "source_for_token",
    "submit_obligation", "transition", "update_incident",
]
