"""Reads of data processing agreements, scoped: a supplier respondent sees only its supplier's."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.scoping import scoped
from steadfast.privacy.checklist.rules import CLAUSE_KEYS, rule_for
from steadfast.privacy.models import (
    ClauseFinding,
    Dpa,
    DpaAcceptance,
    DpaDocument,
    FindingStatus,
    SubProcessor,
)
from steadfast.privacy.selectors.common import require, search_q


def dpas(*, user, search: str = "", status: str = "", supplier_id: int | None = None, supplier_ref: str = "",
         clauses: str = "", expiring_within_days: int | None = None, today: dt.date | None = None) -> QuerySet[Dpa]:
    """`clauses`: "complete" (all eleven present), "incomplete" (checked, some missing), "unchecked"."""
    require(user)
    qs = scoped(Dpa.objects.select_related("supplier", "template", "current_document"), user=user, supplier="supplier")
    qs = qs.annotate(clauses_present=F("current_document__clauses_present"))
    if status:
        qs = qs.filter(status=status)
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    if supplier_ref:
        qs = qs.filter(supplier__ref=supplier_ref)
    if clauses == "complete":
        qs = qs.filter(clauses_present=len(CLAUSE_KEYS))
    elif clauses == "incomplete":
        qs = qs.filter(current_document__isnull=False, clauses_present__lt=len(CLAUSE_KEYS))
    elif clauses == "unchecked":
        qs = qs.filter(current_document__isnull=True)
    if expiring_within_days is not None:
        today = today or timezone.localdate()
        qs = qs.filter(status__in=("active", "expiring"), expires_on__gte=today,
                       expires_on__lte=today + dt.timedelta(days=expiring_within_days))
    if search:
        qs = qs.filter(search_q(search, "ref", "supplier__legal_name", "supplier__ref"))
    return qs


def dpa(*, user, dpa_id: int) -> Dpa:
    return get_object_or_404(dpas(user=user).prefetch_related("contracts", "activities"), pk=dpa_id)


def documents(*, user, dpa_id: int) -> QuerySet[DpaDocument]:
    require(user)
    qs = scoped(DpaDocument.objects.select_related("uploaded_by").defer("text"), user=user, supplier="dpa__supplier")
    return qs.filter(dpa_id=dpa_id).order_by("-version")


def document(*, user, dpa_id: int, version: int) -> DpaDocument:
    require(user)
    qs = scoped(DpaDocument.objects.all(), user=user, supplier="dpa__supplier")
    return get_object_or_404(qs, dpa_id=dpa_id, version=version)


def checklist(*, user, document_id: int) -> list[dict]:
    """The eleven clauses of one document, in the article's order, each with the article's text,
    what the rules found, a person's decision and the passage (split for highlighting)."""
    require(user)
    qs = scoped(ClauseFinding.objects.select_related("confirmed_by", "document"), user=user,
                supplier="document__dpa__supplier").filter(document_id=document_id)
    by_key = {f.clause: f for f in qs}
    rows = []
    for key in CLAUSE_KEYS:
        finding = by_key.get(key)
        rule = rule_for(key)
        rows.append({"key": key, "title": rule.title, "article_text": rule.article_text, "finding": finding,
                     "status": finding.status if finding else FindingStatus.NOT_ASSESSED})
    return rows


def finding(*, user, finding_id: int) -> ClauseFinding:
    require(user)
    qs = scoped(ClauseFinding.objects.select_related("document__dpa"), user=user, supplier="document__dpa__supplier")
    return get_object_or_404(qs, pk=finding_id)


def highlighted(document: DpaDocument, findings: list[ClauseFinding]) -> list[dict]:
    """The document's text cut into pieces, each marked with the clauses whose passage it is part of."""
    bounds = {0, len(document.text)}
    for f in findings:
        if f.passage_start is not None:
            bounds.update((f.passage_start, f.passage_end))
    cuts = sorted(b for b in bounds if 0 <= b <= len(document.text))
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        keys = [f.clause for f in findings if f.passage_start is not None and f.passage_start <= start and end <= f.passage_end]
        pieces.append({"text": document.text[start:end], "clauses": keys})
    return pieces


def acceptances(*, user, dpa_id: int) -> QuerySet[DpaAcceptance]:
    require(user)
    qs = scoped(DpaAcceptance.objects.select_related("document", "accepted_by"), user=user, supplier="dpa__supplier")
    return qs.filter(dpa_id=dpa_id)


def subprocessors(*, user, dpa_id: int | None = None) -> QuerySet[SubProcessor]:
    """With the chain the map knows: a sub-processor on the map brings its own suppliers along."""
    require(user)
    qs = scoped(SubProcessor.objects.select_related("supplier", "dpa").prefetch_related("supplier__sub_suppliers"),
                user=user, supplier="dpa__supplier")
    return qs.filter(dpa_id=dpa_id) if dpa_id else qs


def subprocessor(*, user, subprocessor_id: int) -> SubProcessor:
    return get_object_or_404(subprocessors(user=user), pk=subprocessor_id)
