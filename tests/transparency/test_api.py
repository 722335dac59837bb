"""The transparency API: figures and their records equal the CLI's hand-counted numbers, publications
carry what verifies them, and the scoping of the figures follows the roles."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command

from steadfast.core.roles import Role
from steadfast.transparency.selectors.figures import Period
from steadfast.transparency.services.publications import publish


def test_figures_and_records_agree_with_the_cli(organisation, api_client_for, make_user, capsys):
    call_command("figures", "--json", "--period", "2025")
    cli = json.loads(capsys.readouterr().out)["figures"]
    analyst = api_client_for(make_user(Role.RISK_ANALYST))
    answer = analyst.get("/api/v1/figures?period=2025").json()
    assert answer["period"]["label"] == "2025"
    api = {item["name"]: item["value"] for item in answer["items"]}
    assert api == cli and answer["count"] == len(cli)
    assessed = next(i for i in answer["items"] if i["name"] == "suppliers_assessed")
    assert assessed["period_kind"] == "in the period" and "accepted" in assessed["formula"]
    for item in answer["items"]:
        if item["value"] is None or item["name"] in ("subscribers", "critical_products_surviving_share"):
            continue
        records = analyst.get(f"/api/v1/figures/{item['name']}/records?period=2025&limit=500").json()
        assert records["count"] == item["value"] == item["records"], item["name"]
    subscribers = analyst.get("/api/v1/figures/subscribers/records?period=2025").json()["items"]
    assert sum(r["amount"] for r in subscribers) == cli["subscribers"]
    assert analyst.get("/api/v1/figures/nothing/records").status_code == 404
    assert analyst.get("/api/v1/figures?period=1999").status_code == 422


def test_scoped_roles_read_no_figures(organisation, api_client_for, make_user, customer_factory):
    viewer = make_user(Role.CUSTOMER_VIEWER, customer=customer_factory())
    assert api_client_for(viewer).get("/api/v1/figures").status_code == 403


def test_a_publication_verifies_from_what_the_api_gives(organisation, api_client_for, make_user):
    from steadfast.core.signing import canonical

    publication = publish(actor=None, period=Period.year(2025))
    client = api_client_for(make_user(Role.AUDITOR))
    listing = client.get("/api/v1/publications").json()
    assert listing["count"] == 1 and listing["items"][0]["sha256"] == publication.sha256
    assert listing["items"][0]["file_url"].endswith(f"/{publication.pk}.json")
    detail = client.get(f"/api/v1/publications/{publication.pk}").json()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(detail["public_key"]))
    key.verify(base64.b64decode(detail["signature"]), canonical(detail["snapshot"]))  # raises if it fails
    assert detail["snapshot"]["figures"]["networks"]["value"] == 3
    assert client.get("/api/v1/publications/999999").status_code == 404


def test_records_sort_and_refuse_an_unknown_ordering(organisation, api_client_for, make_user):
    client = api_client_for(make_user(Role.AUDITOR))
    rows = client.get("/api/v1/figures/subscribers/records?period=2025&ordering=-amount").json()["items"]
    assert [r["amount"] for r in rows] == [10_000_000, 2_000_000, 1_300]
    assert client.get("/api/v1/figures/subscribers/records?ordering=colour").status_code == 422
