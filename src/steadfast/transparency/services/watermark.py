"""A watermark on every page of a PDF: the requester's name and the time, drawn by fpdf2 on an
overlay page and merged onto each page by pypdf (the text is real text: it survives printing and
shows in text extraction)."""

from __future__ import annotations

import io

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter, Transformation


def _latin1(text: str) -> str:
    # the core PDF fonts are Latin-1: keep what they can draw, replace the rest
    return text.encode("latin-1", "replace").decode("latin-1")


def _overlay(width: float, height: float, lines: list[str]) -> PdfReader:
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(170, 40, 40)
    # a band at the foot of the page and one diagonally across it
    pdf.set_xy(24, height - 30)
    pdf.cell(width - 48, 12, _latin1(" · ".join(lines)), align="C")
    with pdf.rotation(30, x=width / 2, y=height / 2):
        pdf.set_font("Helvetica", size=14)
        pdf.set_text_color(200, 200, 200)
        pdf.set_xy(40, height / 2)
        pdf.cell(width - 80, 16, _latin1(lines[0]), align="C")
    return PdfReader(io.BytesIO(bytes(pdf.output())))


def watermark_pdf(content: bytes, *, lines: list[str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    overlays: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (float(box.width), float(box.height))
        if size not in overlays:
            overlays[size] = _overlay(*size, lines).pages[0]
        page.merge_transformed_page(overlays[size], Transformation().translate(float(box.left), float(box.bottom)))
    writer.add_metadata({"/Subject": " · ".join(lines)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sample_pdf(lines: list[str]) -> bytes:
    """A small text PDF (demo documents and tests: a real PDF that pypdf parses)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 10, _latin1(lines[0]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in lines[1:]:
        pdf.multi_cell(0, 6, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
