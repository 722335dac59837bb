"""The Art. 30 record and the DPA register download as CSV and XLSX with what the records hold."""

from __future__ import annotations

import csv
import io

from django.test import Client
from openpyxl import load_workbook

from steadfast.privacy import services
from steadfast.privacy.models import Transfer


def test_record_of_processing_exports_in_art30_order(db, privacy_officer, supplier_factory):
    processor = supplier_factory(legal_name="Kestrel Payroll GmbH")
    activity = services.create_activity(
        actor=None, ref="ROPA-1", name="Payroll", purpose="Pay salaries", legal_basis="6.1.c", retention="10 years",
        data_categories=["financial", "health"], special_condition="9.2.b", subject_categories=["employees"],
        countries=["DE"], processors=[processor], security_measures="encryption")
    Transfer.objects.create(ref="T1", activity=activity, origin_country="DE", destination_country="IN",
                            mechanism="scc_m2", recipient=processor)
    client = Client()
    client.force_login(privacy_officer)
    response = client.get("/privacy/activities/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["(b) Purposes of the processing"] == "Pay salaries"
    assert row["(c) Categories of personal data"] == "Financial and payment; Health (Art. 9)"
    assert row["(e) Transfers to third countries and safeguards"] == "IN: SCC 2021/914 module 2 (C2P)"
    assert row["Processors"] == "Kestrel Payroll GmbH"
    sheet = load_workbook(io.BytesIO(client.get("/privacy/activities/export.xlsx").content)).active
    values = list(sheet.values)
    assert values[0][4] == "(b) Purposes of the processing" and values[1][0] == "ROPA-1"
    assert client.get("/privacy/activities/export.pdf").status_code == 404


def test_dpa_register_export_is_scoped_and_filtered(db, dpa_factory, home_supplier, role_users, agreement_bytes):
    own = dpa_factory(supplier=home_supplier)
    document = services.add_document(actor=None, dpa=own, data=agreement_bytes(omit={"28(4)"}), name="a.pdf")
    dpa_factory()
    client = Client()
    client.force_login(role_users["supplier_respondent"])
    rows = list(csv.DictReader(io.StringIO(client.get("/privacy/dpas/export.csv").content.decode("utf-8-sig"))))
    assert [(r["Reference"], r["Art. 28 clauses present (of 11)"], r["Current document SHA-256"]) for r in rows] == [
        (own.ref, "10", document.sha256)]
    client.force_login(role_users["privacy_officer"])
    sheet = load_workbook(io.BytesIO(client.get("/privacy/dpas/export.xlsx?clauses=unchecked").content)).active
    assert len(list(sheet.values)) == 2  # the header and the one agreement without a document
