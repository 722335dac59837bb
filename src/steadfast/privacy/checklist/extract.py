"""Text out of an uploaded agreement: PDF (pypdf), DOCX (python-docx) or plain text.

Every refusal is a DocumentError whose message names the file and the reason.
"""

from __future__ import annotations

import io
import zipfile

from steadfast.core.file_checks import FileStructureError, check_structure

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MIN_TEXT_CHARS = 200


class DocumentError(ValueError):
    pass


def detect_kind(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "zip"
    if b"\x00" in data[:4096]:
        return "binary"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "binary"
    return "text"


def extract_text(data: bytes, *, name: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[str, str]:
    """(kind, text) of the document; DocumentError when it is too big, of another type, encrypted,
    damaged or holds no extractable text."""
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    if len(data) > max_bytes:
        raise DocumentError(f"{name}: {len(data):,} bytes is over the limit of {max_bytes:,} bytes")
    kind = detect_kind(data)
    if kind in ("pdf", "docx"):
        try:  # the whole structure, and no scripts, actions or macros (core/file_checks.py)
            check_structure(".pdf" if kind == "pdf" else ".docx", data)
        except FileStructureError as problem:
            raise DocumentError(f"{name}: {problem}") from None
    if kind == "pdf":
        text = _pdf_text(data, name)
    elif kind == "docx":
        text = _docx_text(data, name)
    elif kind == "text":
        text = data.decode("utf-8")
    else:
        raise DocumentError(f"{name}: not a PDF, DOCX or plain-text (UTF-8) document")
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        raise DocumentError(f"{name}: holds no extractable text (a scanned image? fewer than {MIN_TEXT_CHARS} "
                            "characters of text were found); upload a text PDF, a DOCX or a text file")
    return kind, text


def _pdf_text(data: bytes, name: str) -> str:
    # Imported on first use: pypdf (with Pillow) costs ~65 ms, and this module loads with the URLs.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{name}: the PDF is encrypted; upload a copy without a password")
        # Paragraphs: pypdf's layout gives a line per text line; a blank line between blocks.
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise DocumentError(f"{name}: the PDF cannot be read ({error})") from error


def _docx_text(data: bytes, name: str) -> str:
    # Imported on first use: python-docx (with lxml) costs ~40 ms, and this module loads with the URLs.
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DocumentError(f"{name}: the DOCX cannot be read ({error})") from error
    blocks = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text for cell in row.cells))
    return "\n\n".join(blocks)
