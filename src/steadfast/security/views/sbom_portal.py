"""SBOM upload in the supplier portal: a respondent uploads a CycloneDX JSON SBOM for their own
supplier; it is checked (size, JSON, CycloneDX schema), stored and matched against CISA KEV, and the
page says what was found. Analysts see the same list (every supplier's SBOMs) read-only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.security.selectors.signals import list_sboms
from steadfast.security.services.sbom import limits, upload_sbom


@policy_required("security.portal", "view")
def sbom_page(request):
    sboms = list(list_sboms(user=request.user).order_by("-uploaded_at", "-pk")[:100])
    return render(request, "security/register/portal_sboms.html", {
        "sboms": sboms, "may_upload": can(request.user, "security.portal", "change") and request.user.supplier_id,
        "max_bytes": limits()["max_bytes"]})


@require_POST
@policy_required("security.portal", "change")
def sbom_upload(request):
    supplier = request.user.supplier
    try:
        if supplier is None:
            raise ValidationError({"file": "your account is not linked to a supplier"})
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": "choose a CycloneDX JSON file to upload"})
        if upload.size > limits()["max_bytes"]:  # refused before it is read into memory
            raise ValidationError({"file": f"{upload.name}: {upload.size:,} bytes is more than the "
                                           f"{limits()['max_bytes']:,} allowed"})
        result = upload_sbom(actor=request.user, supplier=supplier, content=upload.read(),
                             filename=upload.name or "sbom.json")
    except ValidationError as exc:
        messages.error(request, "SBOM refused: " + " ".join(exc.messages))
        return redirect("security:portal_sboms")
    sbom = result.sbom
    if not result.created:
        messages.info(request, f"{sbom.original_name} was already uploaded on {sbom.uploaded_at:%Y-%m-%d}; nothing changed.")
    else:
        found = (f" {result.matches:,} component match{'es' if result.matches != 1 else ''} with known-exploited "
                 "vulnerabilities (CISA KEV): our security team will follow them up as findings."
                 if result.matches else " No component matches a known-exploited vulnerability (CISA KEV).")
        messages.success(request, f"{sbom.original_name}: {sbom.component_count:,} components stored.{found}")
    return redirect("security:portal_sboms")
