"""The centres and the portal over the API: the same services and scope as the pages."""

from __future__ import annotations

import json

from steadfast.core.roles import Role
from steadfast.transparency.models import AccessRequest, Evaluation


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_a_customer_books_over_the_api_and_an_overlap_is_refused(role_users, room, at, api_client_for, admin_api):
    customer = api_client_for(role_users[Role.CUSTOMER_VIEWER])
    centres = customer.get("/api/v1/centres").json()
    assert centres["count"] == 1 and {r["name"] for r in centres["items"][0]["rooms"]} >= {room.name}
    assert "source_code_review" in centres["items"][0]["services"]
    body = {"room": room.pk, "service": "source_code_review", "title": "RAN 24.1 source review",
            "starts_at": at(0).isoformat(), "ends_at": at(6).isoformat(), "attendees": 3}
    booked = post(customer, "/api/v1/evaluations", body)
    assert booked.status_code == 201, booked.content
    made = booked.json()
    assert made["status"] == "requested" and made["organisation"] == role_users[Role.CUSTOMER_VIEWER].customer.name
    clash = post(customer, "/api/v1/evaluations", {**body, "starts_at": at(5).isoformat(), "ends_at": at(9).isoformat()})
    assert clash.status_code == 422 and clash.json()["errors"][0]["field"] == "starts_at"
    assert Evaluation.objects.count() == 1
    assert post(customer, "/api/v1/evaluations", {**body, "ends_at": at(-1).isoformat()}).status_code == 422
    assert post(customer, "/api/v1/evaluations", {**body, "colour": "red"}).status_code == 422
    # staff move it on; a customer may not
    assert post(customer, f"/api/v1/evaluations/{made['id']}/steps", {"action": "approve"}).status_code == 403
    for step in ("approve", "schedule", "hold"):
        moved = post(admin_api, f"/api/v1/evaluations/{made['id']}/steps", {"action": step})
        assert moved.status_code == 200, moved.content
    out_of_order = post(admin_api, f"/api/v1/evaluations/{made['id']}/steps", {"action": "approve"})
    assert out_of_order.status_code == 422 and out_of_order.json()["errors"][0]["field"] == "action"
    assert customer.get(f"/api/v1/evaluations/{made['id']}").json()["status"] == "held"


def test_a_regulator_lists_only_its_countrys_sessions(regulator, room, at, api_client_for, admin_user):
    from steadfast.transparency.services import centres as services

    for country in ("DE", "FR"):
        services.request_evaluation(actor=admin_user, room=room, title=f"Briefing {country}", service="briefing"
                                    if room.centre.offers("briefing") else "source_code_review",
                                    organisation=f"Authority {country}", country=country,
                                    starts_at=at(day=len(country) + ord(country[0])), ends_at=at(3, len(country) + ord(country[0])))
    client = api_client_for(regulator)
    listed = client.get("/api/v1/evaluations").json()
    assert [e["country"] for e in listed["items"]] == ["DE"]
    french = Evaluation.objects.get(country="FR")
    assert client.get(f"/api/v1/evaluations/{french.pk}").status_code == 404
    assert client.get("/api/v1/evaluations?status=maybe").status_code == 422
    assert client.get("/api/v1/evaluations?ordering=colour").status_code == 422


def test_request_accept_the_nda_and_the_owner_approves(role_users, pdf_document, nda, api_client_for, admin_user):
    customer = api_client_for(role_users[Role.CUSTOMER_VIEWER])
    documents = customer.get("/api/v1/documents").json()
    assert [d["sha256"] for d in documents["items"]] == [pdf_document.sha256]
    asked = post(customer, f"/api/v1/documents/{pdf_document.pk}/access-requests", {"reason": "5G core tender"})
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    request_id = asked.json()["id"]
    shown = next(v for v in customer.get("/api/v1/nda-versions").json()["items"] if v["current"])
    assert shown["sha256"] == nda.sha256
    stale = post(customer, f"/api/v1/access-requests/{request_id}/nda", {"nda_sha256": "0" * 64})
    assert stale.status_code == 422 and AccessRequest.objects.get().status == "requested"
    accepted = post(customer, f"/api/v1/access-requests/{request_id}/nda", {"nda_sha256": shown["sha256"]})
    assert accepted.status_code == 200 and accepted.json()["nda_sha256"] == nda.sha256
    # someone else's request is not found; an analyst who does not own the document may not decide
    other = api_client_for(role_users[Role.REGULATOR])
    assert post(other, f"/api/v1/access-requests/{request_id}/nda", {"nda_sha256": nda.sha256}).status_code == 404
    analyst = api_client_for(role_users[Role.RISK_ANALYST])
    assert post(analyst, f"/api/v1/access-requests/{request_id}/decision", {"decision": "approve"}).status_code == 403
    owner = api_client_for(admin_user)
    assert post(owner, f"/api/v1/access-requests/{request_id}/decision", {"decision": "maybe"}).status_code == 422
    approved = post(owner, f"/api/v1/access-requests/{request_id}/decision", {"decision": "approve", "note": "NDA on file"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved" and approved.json()["expires_at"]
    mine = customer.get("/api/v1/access-requests").json()
    assert mine["count"] == 1 and mine["items"][0]["state"] == "Approved"
    assert customer.get("/api/v1/documents?kind=poster").status_code == 422
