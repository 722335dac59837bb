"""Render an agreement text as a real PDF (fpdf2) or DOCX (python-docx) file."""

from __future__ import annotations

import io


def _latin1(text: str) -> str:
    # fpdf2's core fonts are Latin-1; agreements here are English, so only typography needs mapping.
    table = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2192": "->"}
    return "".join(table.get(ch, ch) for ch in text).encode("latin-1", "replace").decode("latin-1")


def render_pdf(text: str, *, title: str = "Data processing agreement") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_creator("Steadfast")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for paragraph in text.split("\n\n"):
        pdf.multi_cell(0, 5, _latin1(paragraph.strip()))
        pdf.ln(3)
    return bytes(pdf.output())


def render_docx(text: str, *, title: str = "Data processing agreement") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
