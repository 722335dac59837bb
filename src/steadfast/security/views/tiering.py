"""A supplier's inherent risk and tier: the score, its reasons, the formula, the intake profile form
and the analyst's override. Wired under security/suppliers/<supplier_id>/tier/."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.security.forms import IntakeForm, OverrideForm
from steadfast.security.selectors.tiering import tier_page
from steadfast.security.services import tiering
from steadfast.security.services.cadence import cadence_months, default_template, template_for_tier
from steadfast.security.services.risk_formula import TIER1_SHARE, TIER2_SHARE


def _formula() -> dict:
    return {
        "intake": [(text, points) for points, text in tiering.INTAKE_POINTS.values()],
        "intake_max": tiering.INTAKE_MAX, "map": tiering.MAP_POINTS, "map_max": tiering.MAP_MAX,
        "sole_max": tiering.SOLE_SOURCE_MAX, "kev_max": tiering.KEV_MAX,
        "thresholds": tiering.TIER_THRESHOLDS, "kev_days": tiering.KEV_REASSESSMENT_DAYS,
        "tier1_share": round(100 * TIER1_SHARE), "tier2_share": round(100 * TIER2_SHARE),
        "cadence": [(tier, cadence_months(tier)) for tier in (1, 2, 3, 4)],
    }


def _page(request, supplier_id: int, *, intake_form=None, override_form=None, status=200):
    supplier, profile, overrides = tier_page(user=request.user, supplier_id=supplier_id)
    initial = {flag: getattr(profile, flag) for flag in tiering.INTAKE_FLAGS} if profile else {}
    # What "Reassess now" and the cadence send: the tier's questionnaire, else the newest published one.
    template = (template_for_tier(profile.effective_tier) or default_template()) if profile else None
    return render(request, "security/tiering.html", {
        "supplier": supplier, "profile": profile, "formula": _formula(), "template": template,
        "overrides": overrides,
        "cadence": cadence_months(profile.effective_tier) if profile else None,
        "can_change": can(request.user, "security", "change"),
        "intake_form": intake_form or IntakeForm(initial=initial),
        "override_form": override_form or OverrideForm(initial={
            "tier_override": profile.tier_override if profile else None,
            "tier_override_reason": profile.tier_override_reason if profile else ""}),
    }, status=status)


@policy_required("security", "view")
def supplier_tier(request, supplier_id: int):
    return _page(request, supplier_id)


@require_POST
@policy_required("security", "change")
def supplier_intake(request, supplier_id: int):
    supplier, _, _ = tier_page(user=request.user, supplier_id=supplier_id)
    form = IntakeForm(request.POST)
    if form.is_valid():
        tiering.update_intake_profile(actor=request.user, supplier=supplier, **form.cleaned_data)
        messages.success(request, "Intake profile saved; tier recomputed.")
        return redirect("security:supplier_tier", supplier.pk)
    return _page(request, supplier_id, intake_form=form, status=422)


@require_POST
@policy_required("security", "change")
def supplier_tier_override(request, supplier_id: int):
    supplier, _, _ = tier_page(user=request.user, supplier_id=supplier_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            tiering.set_tier_override(actor=request.user, supplier=supplier, tier=form.cleaned_data["tier_override"],
                                      reason=form.cleaned_data["tier_override_reason"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Tier override saved.")
            return redirect("security:supplier_tier", supplier.pk)
    return _page(request, supplier_id, override_form=form, status=422)
