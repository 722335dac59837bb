"""The BCM organisation: continuity owners and the policy, scope and objectives, through services,
pages and the API; audited; bad input names the field and stores nothing; who may see and change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from steadfast.continuity.models import BcmDocument, ContinuityOwner
from steadfast.continuity.selectors.bcm import overdue_documents
from steadfast.continuity.services import bcm
from steadfast.continuity.services.bia import create_bia
from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role


@pytest.fixture
def manager(make_user):
    return make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")


@pytest.fixture
def deputy(make_user):
    return make_user(Role.CONTINUITY_MANAGER, username="bcm-deputy")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _events(model: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type__icontains=model).order_by("pk"))


def test_owners_for_a_product_a_site_and_a_tier_are_audited_and_shown_on_the_map_pages(small_map, manager, deputy):
    product = bcm.assign_owner(actor=manager, scope="product", product="ROUTER", owner="bcm-lead", deputy="bcm-deputy")
    site = bcm.assign_owner(actor=manager, scope="site", site="KOBE-F1", owner=manager)
    tier = bcm.assign_owner(actor=manager, scope="supplier_tier", supplier_tier=1, owner=deputy, deputy=manager)
    assert (product.owner, product.deputy, site.site.ref, tier.supplier_tier) == (manager, deputy, "KOBE-F1", 1)
    assert [e.verb for e in _events("continuityowner")] == ["create"] * 3
    bcm.update_owner(actor=manager, owner=site, deputy="bcm-deputy")
    assert _events("continuityowner")[-1].verb == "update"

    client = _client(manager)
    item_page = client.get(reverse("network:item", args=[small_map.items["ROUTER"].pk])).content.decode()
    assert 'data-testid="continuity-owner"' in item_page and "bcm-deputy" in item_page
    site_page = client.get(reverse("network:site", args=[small_map.sites["KOBE-F1"].pk])).content.decode()
    assert 'data-testid="continuity-owner"' in site_page and "bcm-lead" in site_page
    # a tier-1 supplier shows its tier's owner
    supplier_page = client.get(reverse("network:supplier", args=[small_map.suppliers["HSIN"].pk])).content.decode()
    assert "every tier-1 supplier" in supplier_page
    bia = create_bia(actor=manager, product="ROUTER", mtpd_days=20, rto_days=10, mbco_percent=60, priority=1)
    assert "bcm-deputy" in client.get(bia.page_url()).content.decode()  # the BIA page names owner and deputy
    organisation = client.get(reverse("continuity:bcm")).content.decode()
    assert "tier-1 suppliers" in organisation and "KOBE-F1" in organisation and "ROUTER" in organisation


@pytest.mark.parametrize("fields, field", [
    ({"scope": "product", "product": "CHIP", "owner": "bcm-lead"}, "product"),  # a component, not a product
    ({"scope": "product", "product": "NOWHERE", "owner": "bcm-lead"}, "product"),
    ({"scope": "site", "owner": "bcm-lead"}, "site"),
    ({"scope": "site", "site": "KOBE-F1", "product": "ROUTER", "owner": "bcm-lead"}, "product"),
    ({"scope": "supplier_tier", "supplier_tier": 12, "owner": "bcm-lead"}, "supplier_tier"),
    ({"scope": "product", "product": "ROUTER", "owner": "an-auditor"}, "owner"),  # the wrong role
    ({"scope": "product", "product": "ROUTER", "owner": "nobody"}, "owner"),
    ({"scope": "product", "product": "ROUTER", "owner": "bcm-lead", "deputy": "bcm-lead"}, "deputy"),
    ({"scope": "product", "product": "ROUTER"}, "owner"),
])
def test_bad_owner_input_names_the_field_and_stores_nothing(small_map, manager, make_user, fields, field):
    make_user(Role.AUDITOR, username="an-auditor")
    with pytest.raises(ValidationError) as caught:
        bcm.assign_owner(actor=manager, **fields)
    assert field in caught.value.message_dict
    assert not ContinuityOwner.objects.exists() and not _events("continuityowner")


def test_one_owner_per_target(small_map, manager, deputy):
    bcm.assign_owner(actor=manager, scope="site", site="KOBE-F1", owner=manager)
    with pytest.raises(ValidationError) as caught:
        bcm.assign_owner(actor=manager, scope="site", site="KOBE-F1", owner=deputy)
    assert "site" in caught.value.message_dict and ContinuityOwner.objects.count() == 1


def test_policy_scope_objective_versions_reviews_and_overdue(small_map, manager):
    today = dt.date.today()
    policy = bcm.create_document(actor=manager, ref="BCM-POL-1", kind="policy", title="BCM policy",
                                 statement="We keep delivering.", owner="bcm-lead", review_months=12)
    assert (policy.status, policy.version) == ("draft", 0) and policy.review_overdue(today)  # never reviewed
    policy = bcm.approve_document(actor=manager, document=policy)
    assert (policy.status, policy.version, policy.approved_by, policy.reviewed_on) == ("approved", 1, manager, today)
    assert not policy.review_overdue(today)
    # editing the text of an approved record makes a draft that awaits the next approval (version 2)
    policy = bcm.update_document(actor=manager, document=policy, statement="We keep delivering, tier by tier.")
    assert policy.status == "draft"
    policy = bcm.approve_document(actor=manager, document=policy)
    assert (policy.status, policy.version) == ("approved", 2)
    objective = bcm.create_document(actor=manager, ref="BCM-OBJ-1", kind="objective", title="P1 products exercised",
                                    statement="Every priority-1 product has an exercised plan within 12 months.",
                                    measure="share of P1 products; target 100 %", reviewed_on=today - dt.timedelta(days=500))
    bcm.approve_document(actor=manager, document=objective, on=today - dt.timedelta(days=400))
    objective.refresh_from_db()
    assert objective.review_overdue(today)
    assert [d.ref for d in overdue_documents(user=manager, today=today)] == ["BCM-OBJ-1"]
    bcm.review_document(actor=manager, document=objective)
    assert overdue_documents(user=manager, today=today) == [] and BcmDocument.objects.get(ref="BCM-OBJ-1").version == 1
    verbs = [e.verb for e in _events("bcmdocument")]
    assert verbs.count("create") == 2 and verbs.count("update") == 5
    page = _client(manager).get(reverse("continuity:dashboard")).content.decode()
    assert 'data-testid="bcm-overdue">0<' in page


def test_bad_document_input_names_the_field_and_stores_nothing(small_map, manager):
    for fields, field in (({"ref": "X", "kind": "manifesto", "title": "T", "statement": "S"}, "kind"),
                          ({"ref": "X", "kind": "policy", "title": "T", "statement": "S", "review_months": 0}, "review_months"),
                          ({"ref": "X", "kind": "policy", "title": "T", "statement": ""}, "statement"),
                          ({"ref": "X", "kind": "policy", "title": "T", "statement": "S", "colour": "red"}, "colour")):
        with pytest.raises(ValidationError) as caught:
            bcm.create_document(actor=manager, **fields)
        assert field in caught.value.message_dict
    assert not BcmDocument.objects.exists() and not _events("bcmdocument")


def test_pages_create_and_edit_a_record_and_an_owner(small_map, manager, deputy):
    client = _client(manager)
    response = client.post(reverse("continuity:bcm_document_create"), {
        "ref": "BCM-SCO-1", "kind": "scope", "title": "Scope", "statement": "All products and sites.",
        "measure": "", "review_months": "12", "reviewed_on": "", "owner": "bcm-lead"})
    document = BcmDocument.objects.get(ref="BCM-SCO-1")
    assert response.status_code == 302 and document.owner == manager
    response = client.post(reverse("continuity:bcm_document_approve", args=[document.pk]))
    document.refresh_from_db()
    assert response.status_code == 302 and document.version == 1
    response = client.post(reverse("continuity:bcm_document_edit", args=[document.pk]), {
        "ref": "BCM-SCO-1", "kind": "scope", "title": "Scope", "statement": "All products and sites.", "measure": "",
        "review_months": "99", "reviewed_on": "", "owner": "bcm-lead"})
    assert response.status_code == 422 and "review_months" in response.content.decode()
    response = client.post(reverse("continuity:bcm_owner_create"), {
        "scope": "site", "site": "HQ-F1", "owner": "bcm-lead", "deputy": "bcm-deputy", "notes": "", "supplier_tier": ""})
    owner = ContinuityOwner.objects.get()
    assert response.status_code == 302 and (owner.site.ref, owner.deputy) == ("HQ-F1", deputy)
    response = client.post(reverse("continuity:bcm_owner_create"), {
        "scope": "site", "site": "MOON-1", "owner": "bcm-lead", "notes": "", "supplier_tier": ""})
    assert response.status_code == 422 and "MOON-1" in response.content.decode()
    assert ContinuityOwner.objects.count() == 1


def test_api_lists_creates_and_patches(small_map, manager, make_user, api_client_for):
    client = api_client_for(manager)
    created = client.post("/api/v1/continuity/bcm/records", content_type="application/json", data=json.dumps({
        "ref": "BCM-POL-9", "kind": "policy", "title": "Policy", "statement": "Keep delivering.", "owner": "bcm-lead"}))
    assert created.status_code == 201 and created.json()["review_overdue"] is True
    doc_id = created.json()["id"]
    approved = client.post(f"/api/v1/continuity/bcm/records/{doc_id}/approve")
    assert approved.json()["version"] == 1 and approved.json()["status"] == "approved"
    patched = client.patch(f"/api/v1/continuity/bcm/records/{doc_id}", content_type="application/json",
                           data=json.dumps({"review_months": 6}))
    assert patched.status_code == 200 and patched.json()["review_months"] == 6 and patched.json()["status"] == "approved"
    bad = client.patch(f"/api/v1/continuity/bcm/records/{doc_id}", content_type="application/json",
                       data=json.dumps({"status": "approved"}))
    assert bad.status_code == 422 and "status" in bad.content.decode()
    owner = client.post("/api/v1/continuity/bcm/owners", content_type="application/json", data=json.dumps({
        "scope": "supplier_tier", "supplier_tier": 2, "owner": "bcm-lead"}))
    assert owner.status_code == 201 and owner.json()["owner"] == "bcm-lead"
    bad = client.post("/api/v1/continuity/bcm/owners", content_type="application/json", data=json.dumps({
        "scope": "supplier_tier", "supplier_tier": 3, "owner": "ghost"}))
    assert bad.status_code == 422 and "owner" in bad.content.decode() and ContinuityOwner.objects.count() == 1
    assert client.get("/api/v1/continuity/bcm/owners").json()["count"] == 1
    assert client.get("/api/v1/continuity/bcm/records").json()["count"] == 1
    # auditors read, and may not write
    auditor = api_client_for(make_user(Role.AUDITOR))
    assert auditor.get("/api/v1/continuity/bcm/records").status_code == 200
    assert auditor.post("/api/v1/continuity/bcm/owners", content_type="application/json", data=json.dumps({
        "scope": "supplier_tier", "supplier_tier": 4, "owner": "bcm-lead"})).status_code == 403


@pytest.mark.parametrize("role", [Role.CUSTOMER_VIEWER, Role.SUPPLIER_RESPONDENT, Role.PRIVACY_OFFICER])
def test_scoped_roles_see_none_of_it(small_map, manager, make_user, role, api_client_for):
    bcm.assign_owner(actor=manager, scope="site", site="KOBE-F1", owner=manager)
    document = bcm.create_document(actor=manager, ref="BCM-POL-1", kind="policy", title="P", statement="S")
    kwargs = {"supplier": small_map.suppliers["KOBE"]} if role == Role.SUPPLIER_RESPONDENT else {}
    if role == Role.CUSTOMER_VIEWER:
        kwargs = {"customer": small_map.networks["NET-ROUTER-1"].customer}
    user = make_user(role, **kwargs)
    client = _client(user)
    assert client.get(reverse("continuity:bcm")).status_code == 403
    assert client.get(reverse("continuity:bcm_document", args=[document.pk])).status_code == 403
    assert api_client_for(user).get("/api/v1/continuity/bcm/owners").status_code == 403
    if role == Role.SUPPLIER_RESPONDENT:  # the supplier's own page shows no continuity owner
        page = client.get(reverse("network:supplier", args=[small_map.suppliers["KOBE"].pk])).content.decode()
        assert 'data-testid="continuity-owner"' not in page


def test_auditors_read_and_cannot_change(small_map, manager, make_user):
    document = bcm.create_document(actor=manager, ref="BCM-POL-1", kind="policy", title="P", statement="S")
    client = _client(make_user(Role.AUDITOR))
    page = client.get(reverse("continuity:bcm_document", args=[document.pk]))
    assert page.status_code == 200 and b"Approve as version" not in page.content
    assert client.post(reverse("continuity:bcm_document_approve", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.version == 0
