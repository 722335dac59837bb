"""OSCAL catalog import on the shipped NIST files and on malformed or hostile ones."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from steadfast.security.models import Control, Framework
from steadfast.security.services.frameworks import import_framework

from .conftest import CSF, SP800_53


def test_csf_xml_import_marks_the_csf_1_1_carry_overs_withdrawn(db):
    result = import_framework(actor=None, path=CSF)
    framework = result.framework
    assert (framework.name, framework.version, result.created) == ("NIST Cybersecurity Framework 2.0", "1.0.0", True)
    assert result.controls == 219 == framework.controls.count()
    current = framework.controls.filter(withdrawn=False)
    # CSF 2.0 has 22 categories and 106 subcategories; the rest are CSF 1.1 leftovers in the file.
    assert current.filter(parent__isnull=True).count() == 22
    assert current.filter(parent__isnull=False).count() == 106
    gv_sc_05 = Control.objects.get(framework=framework, control_id="GV.SC-05")
    assert gv_sc_05.parent.control_id == "GV.SC" and not gv_sc_05.withdrawn
    assert gv_sc_05.group_path == "GV" and gv_sc_05.group_title == "GOVERN"
    assert gv_sc_05.statement.startswith("Requirements to address cybersecurity risks in supply chains are established, prioritized")
    assert "\n" not in gv_sc_05.statement
    assert Control.objects.get(framework=framework, control_id="DE.CM-04").withdrawn  # 1.1 "Malicious code is detected"
    assert Control.objects.get(framework=framework, control_id="ID.BE").withdrawn
    assert Control.objects.get(framework=framework, control_id="ID.BE-01").withdrawn


def test_sp800_53_json_import_renders_parameters_and_nests_enhancements(db):
    result = import_framework(actor=None, path=SP800_53)
    framework = result.framework
    assert result.controls == 1189
    assert framework.controls.filter(withdrawn=True).count() == 182
    assert framework.controls.filter(parent__isnull=True).count() == 322
    sr3 = Control.objects.get(framework=framework, control_id="sr-3")
    assert sr3.label == "SR-3" and sr3.group_title == "Supply Chain Risk Management"
    assert ("c. Document the selected and implemented supply chain processes and controls in [Selection: security and "
            "privacy plans; supply chain risk management plan; [Assignment: organization-defined document]].") in sr3.statement
    ac1 = Control.objects.get(framework=framework, control_id="ac-1")
    assert "[Selection (one or more): Organization-level; Mission/business process-level; System-level]" in ac1.statement
    assert "\n  1. " in Control.objects.get(framework=framework, control_id="ac-2").statement  # nested items indented
    assert Control.objects.get(framework=framework, control_id="ac-2.1").parent.control_id == "ac-2"
    assert not framework.controls.filter(statement__contains="{{").exists()
    assert Control.objects.get(framework=framework, control_id="ac-2.10").withdrawn


def test_reimport_of_the_same_version_is_idempotent_and_a_new_version_is_added(db, tmp_path):
    first = import_framework(actor=None, path=SP800_53)
    again = import_framework(actor=None, path=SP800_53)
    assert not again.created and again.framework == first.framework and again.controls == 1189
    assert Control.objects.count() == 1189

    document = json.loads(SP800_53.read_text())
    document["catalog"]["metadata"]["version"] = "5.1.1"
    sr3 = next(c for g in document["catalog"]["groups"] if g["id"] == "sr" for c in g["controls"] if c["id"] == "sr-3")
    sr3["title"] = "Supply Chain Controls and Processes (revised)"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(document))
    second = import_framework(actor=None, path=newer)
    assert second.created and second.framework.version == "5.1.1"
    assert Framework.objects.count() == 2
    assert Control.objects.get(framework=first.framework, control_id="sr-3").title == "Supply Chain Controls and Processes"
    assert Control.objects.get(framework=second.framework, control_id="sr-3").title.endswith("(revised)")

    # The same version with different content is refused: it must be published as a new version.
    document["catalog"]["metadata"]["version"] = "5.0.1"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document))
    with pytest.raises(ValidationError, match="already imported with different controls"):
        import_framework(actor=None, path=changed)
    assert Framework.objects.count() == 2


def test_resolved_profile_catalog_with_top_level_controls_and_set_values(db, tmp_path):
    resolved = {"catalog": {
        "uuid": "00000000-0000-4000-8000-000000000001",
        "metadata": {"title": "Supplier baseline (resolved)", "version": "2024-01", "oscal-version": "1.1.2"},
        "params": [{"id": "freq", "label": "frequency", "values": ["at least annually"]}],
        "controls": [{
            "id": "sr-6", "title": "Supplier Assessments and Reviews",
            "props": [{"name": "label", "value": "SR-6"}],
            "parts": [{"id": "sr-6_smt", "name": "statement",
                       "prose": "Assess and review the supply chain-related risks {{ insert: param, freq }}."}],
            "controls": [{"id": "sr-6.1", "title": "Testing and Analysis",
                          "parts": [{"name": "statement", "prose": "Employ testing."}]}],
        }],
    }}
    path = tmp_path / "resolved.json"
    path.write_text(json.dumps(resolved))
    result = import_framework(actor=None, path=path)
    assert result.controls == 2
    sr6 = Control.objects.get(control_id="sr-6")
    assert sr6.statement == "Assess and review the supply chain-related risks at least annually."
    assert Control.objects.get(control_id="sr-6.1").parent == sr6


MALFORMED = {
    "truncated.json": ('{"catalog": {"metadata": ', "not valid JSON"),
    "profile.json": ('{"profile": {"uuid": "x"}}', "no 'catalog' object"),
    "no_version.json": ('{"catalog": {"metadata": {"title": "T"}, "groups": []}}', "catalog.metadata: 'version' is missing"),
    "no_id.json": ('{"catalog": {"metadata": {"title": "T", "version": "1"}, "groups": [{"id": "g", "title": "G", '
                   '"controls": [{"id": "a-1", "title": "A"}, {"title": "no id"}]}]}}',
                   "catalog.groups[0].controls[1]: 'id' is missing"),
    "dup.json": ('{"catalog": {"metadata": {"title": "T", "version": "1"}, "controls": [{"id": "a-1", "title": "A"}, '
                 '{"id": "a-1", "title": "B"}]}}', "control id 'a-1' appears twice"),
    "undeclared.json": ('{"catalog": {"metadata": {"title": "T", "version": "1"}, "controls": [{"id": "a-1", "title": "A", '
                        '"parts": [{"name": "statement", "prose": "Do {{ insert: param, nope }}"}]}]}}',
                        "catalog.controls[0].parts[0]: inserts parameter 'nope'"),
    "bad.xml": ('<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0"><metadata><title>T</title>', "not well-formed XML"),
    "wrongroot.xml": ('<profile xmlns="http://csrc.nist.gov/ns/oscal/1.0"/>', "root element must be <catalog>"),
    "noid.xml": ('<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="u"><metadata><title>T</title><version>1</version>'
                 '</metadata><group id="g"><title>G</title><control id="c-1"><title>C</title></control><control>'
                 '<title>X</title></control></group></catalog>', "/catalog/group[@id='g']/control[2]: 'id' is missing"),
    "laughs.xml": ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                   '<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0"><metadata><title>&lol2;</title></metadata></catalog>',
                   "DTDs and entities are not allowed"),
    "plain.txt": ("hello", "neither OSCAL JSON nor OSCAL XML"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_catalog_is_refused_naming_file_and_place_and_changes_nothing(db, tmp_path, name):
    content, expected = MALFORMED[name]
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ValidationError) as caught:
        import_framework(actor=None, path=path)
    message = caught.value.message_dict["file"][0]
    assert message.startswith(name) and expected in message, message
    assert not Framework.objects.exists() and not Control.objects.exists()


def test_cli_prints_exactly_the_json_summary(db):
    out = io.StringIO()
    call_command("frameworks", "import", str(CSF), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"framework": "NIST Cybersecurity Framework 2.0", "version": "1.0.0", "controls": 219}
    assert out.getvalue().strip() == '{"framework": "NIST Cybersecurity Framework 2.0", "version": "1.0.0", "controls": 219}'


def test_cli_error_is_one_line_without_traceback(db, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_text("{}")
    with pytest.raises(CommandError, match=r"^bad.json: \$: the document has no 'catalog' object"):
        call_command("frameworks", "import", str(path))
