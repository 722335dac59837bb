"""The yearly trust report, from a published snapshot: the figures with charts (the history of each
across the publications in force), their definitions and method, the audit chain's head, the
signature and how to verify it. The same matplotlib charts on the page (SVG) and in the PDF (PNG,
fpdf2: no browser, no system library)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from steadfast.core import charts, signing
from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.publications import history

VERIFY_STEPS = (
    "Save the publication file (JSON) and the public key from /.well-known/steadfast-publication-key.",
    "Check that the public key's fingerprint matches the one printed here and on the trust page.",
    "Serialise the \"snapshot\" object as RFC 8785 canonical JSON (UTF-8) and verify the Ed25519 signature "
    "(base64 in \"signature\") over those bytes with the public key: `steadfast figures verify FILE`, "
    "or the few lines of Python or openssl in docs/transparency.md.",
    "To check that a record was counted, ask for its inclusion proof (`steadfast figures proof FILE ID`) and "
    "recompute the figure's Merkle root from the record id and the proof's path.",
)


@dataclass
class ReportFigure:
    name: str
    data: dict
    chart: charts.Chart


@dataclass
class Report:
    publication: Publication
    figures: list[ReportFigure]
    fingerprint: str
    document_json: str


def build(publication: Publication) -> Report:
    years = history(up_to=publication)
    figures = []
    for name, data in publication.snapshot["figures"].items():
        points = [(p.period_label, p.snapshot["figures"][name]["value"]) for p in years
                  if name in p.snapshot["figures"] and p.snapshot["figures"][name]["value"] is not None]
        chart = charts.bar_chart(points, title=data["title"], x_label="period", y_label=data["unit"],
                                 width=5.2, height=2.4)
        figures.append(ReportFigure(name, data, chart))
    return Report(publication, figures, signing.fingerprint(publication.public_key),
                  json.dumps(publication.document(), indent=2, ensure_ascii=False))


def _text(value: str) -> str:
    """fpdf2's core fonts are Latin-1: replace what they cannot draw."""
    return (value.replace("—", "-").replace("–", "-").replace("×", "x").replace("→", "->").replace("…", "...")
            .replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
            .encode("latin-1", "replace").decode("latin-1"))


def pdf(report: Report) -> bytes:
    from fpdf import FPDF  # on first report only: fpdf2 is not needed to start the app

    snapshot = report.publication.snapshot
    doc = FPDF(format="A4")
    doc.set_title(f"Trust report {report.publication.period_label}")
    doc.set_author(snapshot.get("issuer", ""))
    doc.set_auto_page_break(True, margin=15)
    doc.add_page()
    width = doc.w - doc.l_margin - doc.r_margin

    def para(text: str, size: int = 10, style: str = "") -> None:
        doc.set_font("Helvetica", style, size)
        doc.multi_cell(width, size * 0.5, _text(text), new_x="LMARGIN", new_y="NEXT")

    para(f"{snapshot.get('issuer', '')} - Trust report {report.publication.period_label}", 18, "B")
    para(f"Period {snapshot['period']['start']} to {snapshot['period']['end']}; published {snapshot['published_at']}.")
    if snapshot.get("supersedes"):
        para(f"This publication corrects {snapshot['supersedes']['sha256']}: {snapshot['supersedes']['note']}")
    doc.ln(2)
    para("Every figure below is computed from the records, and the snapshot it comes from is signed. "
         "Anyone can check the signature against our public key and ask for proof that a given record was counted.")
    for f in report.figures:
        doc.ln(3)
        value = f.data["value"]
        shown = "not computable" if value is None else f"{value:,}"
        para(f"{f.data['title']}: {shown} {f.data['unit']}", 12, "B")
        para(f"Definition: {f.data['definition']}", 9)
        para(f"Formula: {f.data['formula']}. Counted {f.data['period']}. Records: {f.data['records']['count']:,}; "
             f"Merkle root {f.data['records']['merkle_root']}", 8)
        if doc.get_y() > doc.h - 75:
            doc.add_page()
        doc.image(io.BytesIO(f.chart.png(dpi=120)), w=120)
    doc.add_page()
    para("Method and verification", 14, "B")
    head = snapshot["audit_head"]
    para(f"Audit chain head when the figures were frozen: event #{head['seq']:,}, hash {head['hash']}. "
         "Every change to the records is an event in a SHA-256 hash chain; this head commits to all of them.", 9)
    para(f"Signed snapshot SHA-256 (RFC 8785 canonical JSON): {report.publication.sha256}", 9)
    para(f"Ed25519 public key (base64): {report.publication.public_key}", 9)
    para(f"Public key fingerprint (SHA-256 of the raw key): {report.fingerprint}", 9)
    para(f"Signature (base64): {report.publication.signature}", 8)
    doc.ln(2)
    for n, step in enumerate(VERIFY_STEPS, start=1):
        para(f"{n}. {step}", 9)
    return bytes(doc.output())
