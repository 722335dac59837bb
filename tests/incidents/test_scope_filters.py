"""The incident list's filters on affected networks read them through the viewer's scope: a
customer viewer whose incident also hit other customers' networks cannot learn their countries or
refs by filtering (scope by inference, issue 16)."""

from __future__ import annotations


def test_customer_viewer_filters_only_its_own_affected_networks(make_incident, networks, make_user, api_client_for):
    shared = make_incident(shares={"us": 0.5, "de": 0.2}, title="Shared core outage")
    viewer = api_client_for(make_user("customer_viewer", customer=networks["us"].customer))

    def refs(query: str) -> list[str]:
        response = viewer.get(f"/api/v1/incidents?{query}")
        assert response.status_code == 200, response.content
        return [row["ref"] for row in response.json()["items"]]

    assert refs("") == [shared.ref]
    assert refs("country=US") == [shared.ref]
    assert refs("country=DE") == [] == refs("country=ZZ")  # DE is another customer's network: as if none
    assert refs("search=NET-DE") == [] and refs("search=NET-US") == [shared.ref]
