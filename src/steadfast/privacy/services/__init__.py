"""Privacy writes: every function runs in one transaction and leaves an audit event."""

from steadfast.privacy.services.activities import create_activity, delete_activity, update_activity
from steadfast.privacy.services.agreements import (
    create_dpa,
    record_signature,
    send_dpa,
    sweep_expiry,
    terminate_dpa,
    update_dpa,
)
from steadfast.privacy.services.breaches import (
    notify_authority,
    notify_subjects,
    record_breach,
    update_breach,
)
from steadfast.privacy.services.documents import add_document, confirm_finding
from steadfast.privacy.services.signing import accept_by_link, accept_dpa, issue_signing_link
from steadfast.privacy.services.subprocessors import (
    announce_subprocessor,
    authorise_unopposed,
    decide_subprocessor,
)
from steadfast.privacy.services.transfers import add_assessment, create_transfer, update_transfer

__all__ = ["accept_by_link", "accept_dpa", "issue_signing_link", "announce_subprocessor", "authorise_unopposed", "decide_subprocessor", "add_assessment", "add_document", "confirm_finding", "create_activity", "create_dpa",
           "create_transfer", "delete_activity", "notify_authority", "notify_subjects", "record_breach", "record_signature", "send_dpa", "sweep_expiry", "terminate_dpa",
           "update_activity", "update_breach", "update_dpa", "update_transfer"]
