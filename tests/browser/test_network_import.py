"""An analyst imports a sites file with an error, sees the error table, fixes the file, imports it,
then follows the supplier to the customer networks it exposes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from steadfast.network.testing import sample_chain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "ref,owner_supplier_ref,name,kind,country,subdivision,city,latitude,longitude,ttr_days,notes\n"


def _upload(page, live_url, path, *, dry_run: bool, submit):
    page.goto(f"{live_url}/import/")
    page.get_by_label("What the file holds").select_option("sites")
    page.get_by_label("CSV (UTF-8) or XLSX file").set_input_files(str(path))
    dry = page.get_by_label("Dry run: check and report, change nothing")
    dry.check() if dry_run else dry.uncheck()
    submit(page, page.get_by_role("button", name="Upload and check"))


def test_import_error_fix_then_follow_supplier_to_networks(browser_page, live_url, role_users, login_as, tmp_path,
                                                           follow, submit):
    from steadfast.network.models import Site

    sample_chain("IMP")  # IMP-SUP makes IMP-PART at IMP-SITE, which goes into a product run by IMP network
    page = login_as(role_users["risk_analyst"])

    bad = tmp_path / "sites.csv"
    bad.write_text(HEADER + "IMP-SITE2,IMP-SUP,IMP second plant,factory,XX,,Lyon,45.76,4.84,30,\n", encoding="utf-8")
    _upload(page, live_url, bad, dry_run=False, submit=submit)
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("Rejected: nothing was changed")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("country")
    expect(errors).to_contain_text("XX")
    assert not Site.objects.filter(ref="IMP-SITE2").exists()

    good = tmp_path / "sites-fixed.csv"
    good.write_text(HEADER + "IMP-SITE2,IMP-SUP,IMP second plant,factory,FR,,Lyon,45.76,4.84,30,\n", encoding="utf-8")
    _upload(page, live_url, good, dry_run=False, submit=submit)
    expect(page.get_by_test_id("import-report")).to_contain_text("Imported")
    expect(page.get_by_test_id("import-counts")).to_contain_text("1")
    assert Site.objects.get(ref="IMP-SITE2").owner_supplier.ref == "IMP-SUP"

    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Suppliers"),
           re.compile(r"/suppliers/$"))
    page.locator("input[name=q]").fill("IMP supplier")
    # The filtered list must be in (htmx swaps it, then pushes its URL, spaces as %20), or the
    # click lands on the unfiltered list.
    follow(page, page.get_by_role("button", name="Filter"), re.compile(r"[?&]q=IMP(\+|%20)supplier"))
    supplier = Site.objects.get(ref="IMP-SITE2").owner_supplier
    follow(page, page.get_by_role("link", name="IMP-SUP"), re.compile(rf"/suppliers/{supplier.pk}/$"))
    expect(page.get_by_role("link", name="IMP second plant")).to_be_visible()
    exposed = page.get_by_test_id("exposed-networks")
    expect(exposed).to_contain_text("IMP network")
    follow(page, exposed.get_by_role("link", name="IMP network"), re.compile(r"/networks/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("IMP network"))).to_be_visible()
    assert page.console_errors == []
