"""Issue 16: evidence uploads (and privacy agreement documents) are checked by their whole
structure: a PDF must parse and carry no script or action, a DOCX/XLSX must be a sound office zip
without macros, an image must decode."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from steadfast.core.file_checks import plain_pdf
from steadfast.privacy.checklist.extract import DocumentError, extract_text
from steadfast.security.services.portal import check_evidence_file


def _pdf_with(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _office(kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "docx":
        document = Document()
        document.add_paragraph("Data processing agreement between Nordlicht Kabel GmbH and the vendor.")
        document.save(buffer)
    else:
        Workbook().save(buffer)
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})


@pytest.mark.parametrize("name,data", [
    ("iso27001.pdf", plain_pdf("ISO/IEC 27001:2022 certificate - Nordlicht Kabel GmbH")),
    ("policy.docx", _office("docx")), ("register.xlsx", _office("xlsx")),
    ("screenshot.png", _image("PNG")), ("photo.jpg", _image("JPEG")),
    ("notes.txt", b"MFA enforced on all remote access since 2026-03-01\n"),
])
def test_sound_files_are_accepted(name, data):
    assert check_evidence_file(name=name, data=data)[0] == name


@pytest.mark.parametrize("name,data,reason", [
    ("certificate.pdf", b"%PDF-1.7 ISO 27001 certificate", "not a readable PDF"),
    ("script.pdf", _pdf_with(lambda w: w.add_js("app.alert('pwned');")), "active content (/JavaScript)"),
    ("launch.pdf", _pdf_with(_launch), "active content (/OpenAction /Launch)"),
    ("attached.pdf", _pdf_with(lambda w: w.add_attachment("payload.exe", b"MZ")), "active content (/EmbeddedFiles)"),
    ("policy.docx", b"PK\x03\x04 not really a document", "not a readable .docx"),
    ("policy.docx", _office("xlsx"), "not a .docx document"),
    ("screenshot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a readable PNG image"),
    ("photo.jpg", _image("PNG")[:0] + b"\xff\xd8\xff\xe0" + b"garbage" * 10, "not a readable JPEG image"),
])
def test_files_that_are_not_what_they_say_or_carry_active_content_are_refused(name, data, reason):
    with pytest.raises(ValidationError) as error:
        check_evidence_file(name=name, data=data)
    assert reason in " ".join(error.value.message_dict["file"])


def test_office_files_with_macros_or_zip_bombs_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_office("docx"))) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    with pytest.raises(ValidationError, match="macros"):
        check_evidence_file(name="policy.docx", data=buffer.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", OOXML := b"wordprocessingml.document.main+xml")
        target.writestr("word/document.xml", b"\x00" * (64 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200_000 and OOXML
    with pytest.raises(ValidationError, match="unpacks to far more"):
        check_evidence_file(name="policy.docx", data=bomb.getvalue())


def test_privacy_agreement_documents_share_the_check():
    with pytest.raises(DocumentError, match="active content"):
        extract_text(_pdf_with(lambda w: w.add_js("app.alert(1)")), name="dpa.pdf")
    kind, text = extract_text(plain_pdf("Data processing agreement. " * 20), name="dpa.pdf")
    assert kind == "pdf" and "Data processing agreement" in text
