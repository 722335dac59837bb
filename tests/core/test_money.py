"""Money for people: the `money` filters in the currency STEADFAST_CURRENCY names, the setting's
start-up check, and money on real pages (a hand-built supplier's revenue on its tier page and in the
risk register, the register export keeping raw numbers with the currency in the header)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import Client

from steadfast.core.roles import Role

FILTERS = Template('{% load money %}{{ v|money }}|{{ v|money:"exact" }}|{{ v|money_compact }}|{% currency %}')


def _render(value) -> list[str]:
    return FILTERS.render(Context({"v": value})).split("|")


@pytest.mark.parametrize(("code", "value", "expected"), [
    ("EUR", Decimal("48912300.40"), ["€48,912,300", "€48,912,300.40", "€48.9m", "EUR"]),
    ("USD", 48912300.5, ["US$48,912,301", "US$48,912,300.50", "US$48.9m", "USD"]),
    ("JPY", Decimal("1234.5"), ["JP¥1,235", "JP¥1,235", "JP¥1.2k", "JPY"]),  # the yen has no minor unit
    ("EUR", Decimal("-1234.5"), ["-€1,235", "-€1,234.50", "-€1.2k", "EUR"]),
    ("GBP", 0, ["£0", "£0.00", "£0", "GBP"]),
    ("EUR", 950, ["€950", "€950.00", "€950", "EUR"]),
])
def test_money_filters_follow_the_currency_setting(settings, code, value, expected):
    settings.STEADFAST_CURRENCY = code
    assert _render(value) == expected


@pytest.mark.parametrize("missing", [None, "", "n/a", float("nan"), True])
def test_a_missing_or_non_numeric_amount_shows_a_dash(settings, missing):
    assert _render(missing)[:3] == ["—", "—", "—"]


def test_a_bad_precision_argument_is_a_template_error():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match='money takes no argument or "exact"'):
        Template('{% load money %}{{ 1|money:"cents" }}').render(Context())


@pytest.mark.parametrize("value", ["euro", "EU", "XYZ", "€", "EUR,USD"])
def test_a_bad_currency_setting_stops_start_up_naming_the_variable(monkeypatch, value):
    from steadfast import settings as steadfast_settings

    monkeypatch.setenv("STEADFAST_CURRENCY", value)
    with pytest.raises(ImproperlyConfigured, match=r"STEADFAST_CURRENCY=.*ISO 4217 currency code, e\.g\. EUR, USD or GBP"):
        steadfast_settings._currency("STEADFAST_CURRENCY", "EUR")


@pytest.mark.parametrize(("value", "code"), [(" usd ", "USD"), ("", "EUR"), ("CHF", "CHF")])
def test_a_good_currency_setting_is_read_upper_case(monkeypatch, value, code):
    from steadfast import settings as steadfast_settings

    monkeypatch.setenv("STEADFAST_CURRENCY", value)
    assert steadfast_settings._currency("STEADFAST_CURRENCY", "EUR") == code


@pytest.fixture
def exposed_supplier(supplier_factory, customer_factory):
    """One supplier makes the only component of the only product, deployed in one network that
    brings 48,912,300.40 a year: the supplier exposes all of it."""
    from steadfast.network.models import BomLine, CustomerNetwork, Deployment, Item, ItemSource, Site
    from steadfast.security.services.tiering import recompute_tiers

    supplier = supplier_factory(ref="SUP-MONEY", legal_name="Money Optics AG")
    product = Item.objects.create(ref="OLT", name="OLT", kind="product")
    card = Item.objects.create(ref="CARD", name="Line card", kind="component")
    BomLine.objects.create(parent=product, child=card, quantity=2)
    site = Site.objects.create(ref="S-MONEY", name="Plant", kind="factory", country="DE", latitude=50, longitude=8,
                               owner_supplier=supplier)
    ItemSource.objects.create(ref="SRC-CARD", item=card, site=site)
    network = CustomerNetwork.objects.create(ref="NET-1", customer=customer_factory(), name="Fibre", country="FR",
                                             kind="fixed", subscribers=2_000_000, criticality=4)
    Deployment.objects.create(network=network, product=product, annual_revenue=Decimal("48912300.40"))
    recompute_tiers(actor=None)
    return supplier


def _analyst(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.RISK_ANALYST))
    return client


def test_tier_page_and_register_show_the_revenue_in_the_currency(settings, exposed_supplier, make_user):
    client = _analyst(make_user)
    tier = client.get(f"/security/suppliers/{exposed_supplier.pk}/tier/").content.decode()
    assert '<span data-testid="revenue-exposed">€48,912,300</span> annual revenue' in tier
    assert "€48,912,300 a year, 100.0% of the total" in tier  # the revenue factor's reason
    register = client.get("/security/register/").content.decode()
    assert "Revenue exposed (EUR)" in register and "€48,912,300" in register
    assert "48912300" not in register

    settings.STEADFAST_CURRENCY = "USD"
    register = client.get("/security/register/").content.decode()
    assert "Revenue exposed (USD)" in register and "US$48,912,300" in register


def test_register_export_keeps_the_raw_number_and_names_the_currency(exposed_supplier, make_user):
    response = _analyst(make_user).get("/security/register/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if r["Ref"] == "SUP-MONEY")
    assert Decimal(row["Revenue exposed (EUR)"]) == Decimal("48912300.40")


def test_network_trace_csv_names_the_currency_on_money_columns(exposed_supplier, make_user):
    from django.urls import reverse

    client = Client()
    client.force_login(make_user(Role.ADMINISTRATOR))
    url = reverse("network:supplier_trace_csv", kwargs={"supplier_id": exposed_supplier.pk, "kind": "supplier",
                                                        "table": "networks"})
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    assert [(r["network_ref"], Decimal(r["revenue_exposed_eur"])) for r in rows] == [("NET-1", Decimal("48912300.40"))]


def test_money_chart_axes_name_the_currency(settings):
    from steadfast.continuity import plots

    settings.STEADFAST_CURRENCY = "USD"
    assert "margin lost (USD)" in plots.bars([("Edge router", 125_000.0)], title="Top products by margin lost").svg()
    assert "annual average loss (USD)" in plots.aal_trend([("2026-01", 1.0), ("2026-02", 2.0)]).svg()
