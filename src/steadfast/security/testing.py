"""Sample objects for the role × route matrix (tests/test_route_matrix.py)."""

from __future__ import annotations

from steadfast.core.roles import Role

KWARGS = ("framework_id", "sbom_id", "assessment_id")


def _supplier(tag: str, supplier=None):
    from steadfast.network.models import Supplier

    if supplier is not None:
        return supplier
    supplier, _ = Supplier.objects.get_or_create(
        ref=f"SEC-{tag}", defaults={"legal_name": f"Security sample {tag}", "country": "DE", "category": "software"})
    return supplier


def _template():
    from steadfast.security.models import QuestionnaireTemplate

    template, _ = QuestionnaireTemplate.objects.get_or_create(name="Route matrix sample", version=1)
    return template


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    """An object `user` may reach, or (foreign=True) one outside a scoped user's supplier (None for
    roles that see every supplier)."""
    from steadfast.security import testing_workflow

    if kwarg in testing_workflow.KWARGS:
        return testing_workflow.route_sample(kwarg, user=user, foreign=foreign, other_user=other_user)
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    scoped = user.role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER)
    if foreign and not scoped:
        return None
    own = user.supplier if user.role == Role.SUPPLIER_RESPONDENT and not foreign else None
    supplier = _supplier("FOREIGN" if foreign else f"U{user.pk}", own)
    if kwarg == "framework_id":
        from steadfast.security.models import Framework

        framework, _ = Framework.objects.get_or_create(name="Route matrix catalog", version="1")
        return framework.pk
    if kwarg == "sbom_id":
        from steadfast.security.models import Sbom

        sbom, _ = Sbom.objects.get_or_create(supplier=supplier, sha256=f"{supplier.pk:064d}",
                                             defaults={"spec_version": "1.5", "original_name": "matrix.cdx.json"})
        return sbom.pk
    from steadfast.security.models import Assessment

    return Assessment.objects.create(supplier=supplier, template=_template()).pk
