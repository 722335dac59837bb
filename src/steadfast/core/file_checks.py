"""Uploaded documents checked by their whole structure, not their first bytes (issue 16).

A file that starts with `%PDF-` must parse as a PDF (pypdf) with at least one page and carry no
active content: no JavaScript, no action run on opening or on page events (/OpenAction, /AA), no
/Launch of a program, no embedded files, XFA forms or rich media. A DOCX or XLSX must be a sound zip
(bounded declared sizes and compression ratio, every entry's CRC checked) holding the content type
its name says and no macros. A PNG or JPEG must decode as that image, within Pillow's pixel limit.
Security evidence uploads and privacy agreement documents use it.
"""

from __future__ import annotations

import io
import zipfile

# PDF keys that make a reader act: scripts, actions on page or field events, files or media
# carried inside, XFA forms. /OpenAction is allowed only as a destination (open at page 1, as
# most PDF writers put it) or a /GoTo action; links (/URI, /GoTo) are ordinary.
PDF_ACTIVE_NAMES = frozenset({"/JavaScript", "/JS", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"})
PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR",
                                "/RichMediaExecute", "/Rendition", "/Sound", "/Movie"})
MAX_PDF_OBJECTS = 200_000
OOXML_MAIN_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_IMAGE_PIXELS = 50_000_000


class FileStructureError(ValueError):
    """The file is not what its type says, or carries active content; the message says why."""


def check_structure(suffix: str, data: bytes) -> None:
    """Raise FileStructureError unless `data` is a sound file of type `suffix` (".pdf", ".docx",
    ".xlsx", ".png", ".jpg", ".jpeg"); other types are not checked here."""
    suffix = suffix.lower()
    if suffix == ".pdf":
        check_pdf(data)
    elif suffix in OOXML_MAIN_TYPES:
        check_ooxml(suffix, data)
    elif suffix in (".png", ".jpg", ".jpeg"):
        check_image(suffix, data)


def check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileStructureError("the PDF is encrypted: upload a copy without a password")
        if len(reader.pages) < 1:
            raise FileStructureError("the PDF has no pages")
        # Every object reachable from the trailer, each once: the catalog, pages, annotations,
        # name trees, object streams' contents (pypdf decodes /J#61vaScript-style names).
        seen: set[tuple[int, int]] = set()
        stack = [reader.trailer]
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                if len(seen) > MAX_PDF_OBJECTS:
                    raise FileStructureError("the PDF has too many objects to check")
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                for name, value in item.items():
                    active = name if name in PDF_ACTIVE_NAMES else None
                    if name == "/S" and value in PDF_ACTIVE_ACTIONS:
                        active = str(value)
                    if name == "/OpenAction":
                        action = value.get_object() if isinstance(value, IndirectObject) else value
                        if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
                            active = f"/OpenAction {action.get('/S', '')}".strip()
                    if active:
                        raise FileStructureError(f"the PDF carries active content ({active}): scripts, actions "
                                                 "and embedded files are not accepted; print it to a plain PDF")
                    stack.append(value)
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    except FileStructureError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise FileStructureError(f"it is not a readable PDF ({type(error).__name__})") from error


def check_ooxml(suffix: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES or any(
                    entry.file_size > 1 << 20 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
                    for entry in entries):
                raise FileStructureError("the archive unpacks to far more than its size: not an office document")
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                raise FileStructureError(f"it is a zip but not a {suffix} document (no [Content_Types].xml)")
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise FileStructureError("the document carries macros: save it without them (as .docx or .xlsx)")
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            if OOXML_MAIN_TYPES[suffix] not in types:
                raise FileStructureError(f"it is not a {suffix} document (its content types say otherwise)")
            bad = archive.testzip()  # every entry decompressed (bounded above) and its CRC checked
            if bad is not None:
                raise FileStructureError(f"the archive is damaged (entry {bad})")
    except FileStructureError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError) as error:
        raise FileStructureError(f"it is not a readable {suffix} document") from error


def check_image(suffix: str, data: bytes) -> None:
    from PIL import Image

    expected = "PNG" if suffix == ".png" else "JPEG"
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                raise FileStructureError(f"it is not a {expected} image")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise FileStructureError(f"the image is {width}×{height} pixels, over {MAX_IMAGE_PIXELS:,}")
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() does not decode the pixels; a truncated image fails here
    except FileStructureError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise FileStructureError(f"it is not a readable {expected} image") from error


def plain_pdf(text: str) -> bytes:
    """A plain one-page PDF (fpdf2) holding `text`: what the checks above accept. For demo
    evidence and tests."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=11)
    document.multi_cell(0, 6, text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(document.output())
