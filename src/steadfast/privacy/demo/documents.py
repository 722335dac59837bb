"""Render an agreement text as a real PDF (fpdf2) or DOCX (python-docx) file."""

from __future__ import annotations

import io
import textwrap

import docx
from fpdf import FPDF


def _latin1(text: str) -> str:
    # fpdf2's core fonts are Latin-1; agreements here are English, so only typography needs mapping.
    table = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2192": "->"}
    return "".join(table.get(ch, ch) for ch in text).encode("latin-1", "replace").decode("latin-1")


def render_pdf(text: str, *, title: str = "Data processing agreement") -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_creator("Steadfast")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    # Wrapped here rather than by multi_cell, whose per-character line breaking costs ~0.3 s a page;
    # 100 characters of 10-pt Helvetica fit the A4 text width.
    for paragraph in text.split("\n\n"):
        for line in textwrap.wrap(_latin1(paragraph.strip()), 100) or [""]:
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def render_docx(text: str, *, title: str = "Data processing agreement") -> bytes:
    document = docx.Document()
    document.core_properties.title = title
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
