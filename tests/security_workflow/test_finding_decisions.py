"""Closing a finding, accepting its risk or granting an exception needs a reason; a critical or high
finding's acceptance needs a second person with the reviewer's role (never the requester) and an
expiry; the finding page shows who did what, when and why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from steadfast.security.models import Finding, RiskAcceptance
from steadfast.security.services.acceptance import decide_acceptance, request_acceptance
from steadfast.security.services.remediation import close_finding

LATER = timezone.localdate() + dt.timedelta(days=90)


@pytest.fixture
def findings(supplier_factory):
    supplier = supplier_factory(legal_name="Nordlicht Optics GmbH")

    def add(title, severity):
        return Finding.objects.create(supplier=supplier, source="manual", severity=severity, title=title,
                                      due_date=timezone.localdate() + dt.timedelta(days=30))

    return {"critical": add("Log4Shell in the element manager", "critical"), "high": add("No MFA on the VPN", "high"),
            "medium": add("Password policy allows 8 characters", "medium")}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_closing_needs_a_reason_and_keeps_it(findings, role_users):
    analyst = role_users["risk_analyst"]
    for note in ("", "   "):
        with pytest.raises(ValidationError) as error:
            close_finding(actor=analyst, finding=findings["critical"], note=note)
        assert "note" in error.value.message_dict
    assert Finding.objects.get(pk=findings["critical"].pk).status == "open"
    closed = close_finding(actor=analyst, finding=findings["critical"], note="Element manager upgraded to 2.17.1")
    assert (closed.status, closed.verified_by, closed.closure_note) == (
        "verified_closed", analyst, "Element manager upgraded to 2.17.1")
    # The database refuses a closed finding without a reason, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=closed.pk).update(closure_note="")


def test_accepting_needs_a_reason_an_expiry_and_a_reviewer(findings, role_users):
    analyst, auditor = role_users["risk_analyst"], role_users["auditor"]
    with pytest.raises(ValidationError) as error:
        request_acceptance(actor=auditor, finding=findings["medium"], kind="closed", reason=" ", expires=None)
    assert set(error.value.message_dict) == {"kind", "requested_by", "reason", "expires"}
    with pytest.raises(ValidationError) as error:
        request_acceptance(actor=analyst, finding=findings["medium"], kind="exception", reason="Legacy line",
                           expires=timezone.localdate())
    assert error.value.message_dict == {"expires": ["the expiry must be in the future"]}
    assert not RiskAcceptance.objects.exists()
    # A medium finding: accepted by the reviewer who asks, no second approval.
    asked = request_acceptance(actor=analyst, finding=findings["medium"], kind="exception", reason="Legacy line",
                               expires=LATER)
    medium = Finding.objects.get(pk=findings["medium"].pk)
    assert asked.decision == "approved" and asked.decided_by is None
    assert (medium.status, medium.acceptance_approver, medium.acceptance_reason, medium.acceptance_expires) == (
        "exception", analyst, "Legacy line", LATER)


@pytest.mark.parametrize("severity", ["critical", "high"])
def test_critical_and_high_wait_for_a_second_person(findings, role_users, severity):
    analyst, admin, auditor = role_users["risk_analyst"], role_users["administrator"], role_users["auditor"]
    finding = findings[severity]
    asked = request_acceptance(actor=analyst, finding=finding, kind="risk_accepted",
                               reason="Compensating firewall rules", expires=LATER)
    assert asked.decision == "pending" and Finding.objects.get(pk=finding.pk).status == "open"
    with pytest.raises(ValidationError, match="already has a request waiting"):
        request_acceptance(actor=admin, finding=finding, kind="exception", reason="Again", expires=LATER)
    with pytest.raises(ValidationError) as error:
        decide_acceptance(actor=analyst, acceptance=asked, approve=True)  # the requester
    assert error.value.message_dict == {"approver": ["a second person must decide: you asked for this acceptance"]}
    with pytest.raises(ValidationError) as error:
        decide_acceptance(actor=auditor, acceptance=asked, approve=True)  # may look, not approve
    assert "approver" in error.value.message_dict
    assert Finding.objects.get(pk=finding.pk).status == "open"
    approved = decide_acceptance(actor=admin, acceptance=asked, approve=True, note="Rules reviewed")
    finding.refresh_from_db()
    assert (approved.decision, approved.decided_by) == ("approved", admin)
    assert (finding.status, finding.acceptance_approver, finding.acceptance_expires) == ("risk_accepted", admin, LATER)
    with pytest.raises(ValidationError, match="already approved"):
        decide_acceptance(actor=admin, acceptance=asked, approve=False, note="changed my mind")
    # The database itself refuses a request decided by the person who made it.
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAcceptance.objects.filter(pk=asked.pk).update(decided_by=analyst)


def test_rejection_needs_a_note_and_leaves_the_finding_open(findings, role_users):
    analyst, admin = role_users["risk_analyst"], role_users["administrator"]
    asked = request_acceptance(actor=analyst, finding=findings["high"], kind="exception", reason="Vendor EOL",
                               expires=LATER)
    with pytest.raises(ValidationError) as error:
        decide_acceptance(actor=admin, acceptance=asked, approve=False, note="")
    assert "decision_note" in error.value.message_dict
    rejected = decide_acceptance(actor=admin, acceptance=asked, approve=False, note="Replace the VPN instead")
    assert rejected.decision == "rejected" and Finding.objects.get(pk=findings["high"].pk).status == "open"
    again = request_acceptance(actor=analyst, finding=findings["high"], kind="exception", reason="Vendor EOL, 3 months",
                               expires=LATER)
    assert again.decision == "pending"


def test_pages_ask_for_reasons_and_show_the_history(findings, role_users, django_assert_max_num_queries):
    analyst, admin = role_users["risk_analyst"], role_users["administrator"]
    finding = findings["critical"]
    url = f"/security/findings/{finding.pk}/"
    client = _client(analyst)
    refused = client.post(url + "close/", {"note": ""})
    assert refused.status_code == 422 and "say what was verified" in refused.content.decode()
    refused = client.post(url + "accept-risk/", {"kind": "risk_accepted", "reason": "", "expires": LATER.isoformat()})
    assert refused.status_code == 422 and "say why the risk is acceptable" in refused.content.decode()
    assert client.post(url + "accept-risk/", {"kind": "risk_accepted", "reason": "Isolated lab only",
                                              "expires": LATER.isoformat()}).status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="pending-acceptance"' in page and "Isolated lab only" in page
    assert 'data-testid="decide-form"' not in page and "another analyst or administrator must decide" in page
    assert 'data-testid="close-form"' not in page  # one decision at a time
    assert client.post(url + "acceptance/decide/", {"decision": "approve"}).status_code == 422
    assert Finding.objects.get(pk=finding.pk).status == "open"

    second = _client(admin)
    with django_assert_max_num_queries(15):
        page = second.get(url).content.decode()
    assert 'data-testid="decide-form"' in page
    assert second.post(url + "acceptance/decide/", {"decision": "approve", "note": "Lab VLAN checked"}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == "risk_accepted" and finding.acceptance_approver == admin
    page = second.get(url).content.decode()
    history = page[page.index('data-testid="finding-history"'):]
    rows = history.split("<tr>")[2:]  # after the header
    assert [r.split("<td>")[3].split("</td>")[0] for r in rows] == [
        f"Asked to accept the risk until {LATER.isoformat()}", "Acceptance approved",
        "Open → Risk accepted"]
    assert f"<td>{analyst.username}</td>" in rows[0] and "Isolated lab only" in rows[0]
    assert f"<td>{admin.username}</td>" in rows[1] and "Lab VLAN checked" in rows[1]
    assert "Isolated lab only" in rows[2]


def test_api_close_and_second_approval(findings, role_users, api_client_for):
    analyst, admin = role_users["risk_analyst"], role_users["administrator"]
    api = api_client_for(analyst)
    base = f"/api/v1/security/findings/{findings['high'].pk}"
    assert api.post(f"{base}/close", {"note": ""}, content_type="application/json").status_code == 422
    answer = api.post(f"{base}/accept-risk", {"kind": "risk_accepted", "reason": "Isolated", "expires": LATER.isoformat()},
                      content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "open"
    assert api.post(f"{base}/acceptance/approve", {}, content_type="application/json").status_code == 422
    answer = api_client_for(admin).post(f"{base}/acceptance/approve", {"note": "ok"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "risk_accepted"
