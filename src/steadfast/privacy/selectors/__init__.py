from steadfast.privacy.selectors.agreements import (
    acceptances,
    checklist,
    documents,
    dpa,
    dpas,
    finding,
    highlighted,
    subprocessor,
    subprocessors,
)
from steadfast.privacy.selectors.agreements import document as dpa_document
from steadfast.privacy.selectors.figures import dashboard
from steadfast.privacy.selectors.lookup import lookup
from steadfast.privacy.selectors.records import (
    activities,
    activity,
    assessments,
    breach,
    breaches,
    breaches_for_incident,
    flows_by_country,
    transfer,
    transfer_flag,
    transfers,
)

__all__ = ["acceptances", "activities", "activity", "assessments", "breach", "breaches", "breaches_for_incident", "checklist", "dashboard", "documents", "dpa", "dpa_document",
           "dpas", "finding", "flows_by_country", "highlighted", "lookup", "subprocessor", "subprocessors", "transfer", "transfer_flag",
           "transfers"]
