"""The Art. 28 checklist on the Commission's clauses, on other wordings and on incomplete texts,
read from real PDF, DOCX and text files (rendered here with fpdf2 / python-docx, read with pypdf /
python-docx)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from steadfast.privacy.checklist.checker import as_json, check_text, normalise
from steadfast.privacy.checklist.extract import DocumentError, extract_text
from steadfast.privacy.checklist.rules import CLAUSE_KEYS, RULES_PATH, load_rules
from steadfast.privacy.demo.documents import render_docx, render_pdf
from steadfast.privacy.demo.wordings import TEXT_ORDER

SCC = Path(__file__).resolve().parents[2] / "src/steadfast/privacy/data/scc_2021_915_art28.txt"


def _check(data: bytes, name: str = "agreement"):
    kind, text = extract_text(data, name=name)
    return kind, check_text(normalise(text))


def test_rules_file_holds_the_eleven_clauses_with_the_articles_text():
    rules = load_rules(RULES_PATH)
    assert tuple(r.key for r in rules) == CLAUSE_KEYS
    by_key = {r.key: r for r in rules}
    assert by_key["28(3)(c)"].article_text == "takes all measures required pursuant to Article 32;"
    assert by_key["28(2)"].article_text.startswith("The processor shall not engage another processor without prior")


@pytest.mark.parametrize("fmt", ["text", "pdf", "docx"])
def test_the_commissions_clauses_satisfy_every_clause(fmt):
    text = SCC.read_text(encoding="utf-8")
    data = {"text": text.encode(), "pdf": render_pdf(text), "docx": render_docx(text)}[fmt]
    kind, results = _check(data)
    assert kind == fmt
    assert [k for k, r in results.items() if not r.present] == []
    assert "documented instructions from the controller" in results["28(3)(a)"].passage.text
    assert "in substance, the same data protection obligations" in results["28(4)"].passage.text
    assert "information necessary to demonstrate compliance" in results["28(3)(h)"].passage.text


@pytest.mark.parametrize("style", ["vendor", "supplier_paper"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_complete_agreements_in_other_words_are_complete(agreement_bytes, style, fmt):
    _, results = _check(agreement_bytes(style, fmt=fmt))
    assert [k for k, r in results.items() if not r.present] == []


@pytest.mark.parametrize("style", ["vendor", "supplier_paper"])
@pytest.mark.parametrize("left_out", TEXT_ORDER)
def test_a_clause_left_out_is_missing_and_only_that_one(agreement_bytes, style, left_out):
    _, results = _check(agreement_bytes(style, omit={left_out}, fmt="pdf"))
    assert {k for k, r in results.items() if not r.present} == {left_out}
    assert results[left_out].passage is None


def test_the_scc_without_its_audit_and_deletion_clauses(tmp_path):
    text = SCC.read_text(encoding="utf-8")
    cut = "\n\n".join(p for p in text.split("\n\n")
                      if "permit and contribute to audits" not in p and "Following termination" not in p
                      and "make available to the controller" not in p and "conduct the audit" not in p
                      and "results of any audits" not in p)
    _, results = _check(render_docx(cut))
    assert {k for k, r in results.items() if not r.present} == {"28(3)(g)", "28(3)(h)"}


def test_passage_offsets_point_into_the_normalised_text(agreement_bytes):
    _, raw = extract_text(agreement_bytes("vendor", fmt="docx"), name="a.docx")
    text = normalise(raw)
    for result in check_text(text).values():
        assert text[result.passage.start:result.passage.end] == result.passage.text


def test_unrelated_text_finds_nothing():
    text = ("This Supply Agreement covers the delivery of optical transceivers. The Buyer shall pay invoices within "
            "sixty days. Each party shall keep the other's Confidential Information secret and shall not disclose it. "
            "Deliveries are DAP Rotterdam under Incoterms 2020. Warranty claims must be raised within 24 months. ") * 3
    results = check_text(normalise(text))
    assert [k for k, r in results.items() if r.present] == []


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "not a PDF, DOCX or plain-text"),
    (b"PK\x03\x04not really a zip" + b"\x00" * 300, "not a PDF, DOCX or plain-text"),
    (b"too short", "no extractable text"),
])
def test_unreadable_documents_are_refused_with_the_reason(data, reason):
    with pytest.raises(DocumentError, match=reason) as error:
        extract_text(data, name="upload.bin")
    assert str(error.value).startswith("upload.bin: ")


def test_an_encrypted_pdf_is_refused(agreement_bytes):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(agreement_bytes("vendor"))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentError, match="encrypted"):
        extract_text(buffer.getvalue(), name="locked.pdf")


def test_a_document_over_the_limit_is_refused():
    with pytest.raises(DocumentError, match="over the limit of 1,000 bytes"):
        extract_text(b"a" * 1001, name="big.txt", max_bytes=1000)


def test_a_pdf_without_text_is_refused():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    with pytest.raises(DocumentError, match="no extractable text"):
        extract_text(bytes(pdf.output()), name="scan.pdf")


def test_cli_prints_exactly_the_eleven_keys(tmp_path, capsys, agreement_bytes):
    path = tmp_path / "dpa.pdf"
    path.write_bytes(agreement_bytes("supplier_paper", omit={"28(3)(h)"}))
    call_command("dpas", "check", str(path), "--json")
    output = json.loads(capsys.readouterr().out)
    assert list(output) == ["clauses"]
    assert list(output["clauses"]) == list(CLAUSE_KEYS)
    assert output["clauses"]["28(3)(h)"] == {"present": False, "passage": ""}
    assert output["clauses"]["28(3)(a)"]["present"] is True
    assert "only as instructed by Customer in writing" in output["clauses"]["28(3)(a)"]["passage"]


def test_cli_exits_1_with_the_reason_for_an_unreadable_file(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    done = subprocess.run([sys.executable, "-m", "steadfast.cli", "dpas", "check", str(path), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "photo.png: not a PDF, DOCX or plain-text" in done.stderr
    missing = subprocess.run([sys.executable, "-m", "steadfast.cli", "dpas", "check", str(tmp_path / "nope.pdf")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "nope.pdf" in missing.stderr


def test_as_json_shape():
    assert list(as_json(check_text(""))["clauses"]) == list(CLAUSE_KEYS)
