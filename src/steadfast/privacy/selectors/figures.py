"""The privacy dashboard's figures, computed from the records (a handful of aggregate queries)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from steadfast.core.scoping import scoped
from steadfast.privacy.checklist.rules import CLAUSE_KEYS
from steadfast.privacy.models import AUTHORITY_HOURS, NEEDS_TIA, Breach, Dpa, Transfer, TransferMechanism
from steadfast.privacy.selectors.agreements import dpas
from steadfast.privacy.selectors.common import require

LIVE = ("active", "expiring")


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dashboard(*, user, today: dt.date | None = None) -> dict:
    require(user, "privacy.records")
    today = today or timezone.localdate()
    agreements = scoped(Dpa.objects.all(), user=user, supplier="supplier")
    processors = agreements.values("supplier_id").distinct().count()
    covered = agreements.filter(status__in=LIVE).values("supplier_id").distinct().count()
    by_status = dict(agreements.values_list("status").annotate(n=Count("id")).order_by())
    expiring = agreements.filter(status__in=LIVE, expires_on__gte=today).aggregate(
        d30=Count("id", filter=Q(expires_on__lte=today + dt.timedelta(days=30))),
        d90=Count("id", filter=Q(expires_on__lte=today + dt.timedelta(days=90))))
    year_ago = today.replace(day=1) - dt.timedelta(days=335)
    signed_by_month = list(agreements.filter(signed_on__gte=year_ago).annotate(month=TruncMonth("signed_on"))
                           .values("month").annotate(n=Count("id")).order_by("month"))
    checked = dpas(user=user).filter(status__in=LIVE, current_document__isnull=False)
    complete = checked.filter(clauses_present=len(CLAUSE_KEYS)).count()
    checked_count = checked.count()
    transfers = scoped(Transfer.objects.all(), user=user)
    by_mechanism = dict(transfers.values_list("mechanism").annotate(n=Count("id")).order_by())
    needing = transfers.filter(mechanism__in=[m.value for m in NEEDS_TIA]).annotate(review=Max("assessments__next_review_on"))
    needing_count = needing.count()
    current_tia = needing.filter(review__gte=today).count()
    breaches = scoped(Breach.objects.filter(authority_notified_at__isnull=False), user=user)
    notified = breaches.count()
    in_time = breaches.filter(authority_notified_at__lte=F("aware_at") + dt.timedelta(hours=AUTHORITY_HOURS)).count()
    return {
        "processors": processors, "processors_covered": covered, "processors_covered_pct": _pct(covered, processors),
        "by_status": by_status, "expiring_30": expiring["d30"], "expiring_90": expiring["d90"],
        "signed_by_month": [(row["month"].strftime("%b %y"), row["n"]) for row in signed_by_month],
        "signed_12_months": sum(row["n"] for row in signed_by_month),
        "complete_pct": _pct(complete, checked_count), "complete": complete, "checked": checked_count,
        "by_mechanism": [(TransferMechanism(m).label.split(" (")[0], n) for m, n in sorted(by_mechanism.items())],
        "tia_needed": needing_count, "tia_current": current_tia, "tia_current_pct": _pct(current_tia, needing_count),
        "breaches_notified": notified, "breaches_in_time": in_time, "breaches_in_time_pct": _pct(in_time, notified),
    }
