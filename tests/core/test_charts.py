"""The chart layer: matplotlib SVG for pages (as a data: image, CSP-safe) and PNG for PDFs."""

from __future__ import annotations

import base64
import subprocess
import sys

from steadfast.core import charts


def _svg_of(chart: charts.Chart) -> str:
    html = chart.__html__()
    assert html.startswith('<img class="chart" src="data:image/svg+xml;base64,') and "style=" not in html
    return base64.b64decode(html.split("base64,")[1].split('"')[0]).decode()


def test_bar_chart_has_axis_titles_legend_and_thousands_separators():
    chart = charts.bar_chart([("2024", 12_345), ("2025", 23_456)], second=[1_000, 2_000], series=("assessed", "due"),
                             title="Suppliers <assessed>", x_label="year", y_label="suppliers")
    svg = _svg_of(chart)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for text in ("year", "suppliers", "assessed", "due", "20,000", "Suppliers &lt;assessed&gt;"):
        assert text in svg, text
    assert 'alt="Suppliers &lt;assessed&gt;"' in chart.__html__()


def test_png_for_pdfs_and_the_same_svg_each_time():
    chart = charts.line_chart({"score": [("Jan", 40), ("Feb", 55)]}, title="Trend", x_label="month", y_label="score")
    assert chart.png().startswith(b"\x89PNG\r\n\x1a\n")
    again = charts.line_chart({"score": [("Jan", 40), ("Feb", 55)]}, title="Trend", x_label="month", y_label="score")
    assert chart.svg() == again.svg()


def test_empty_data_says_so():
    for chart in (charts.bar_chart([], title="t", y_label="y"), charts.hbar_chart([], title="t", x_label="x"),
                  charts.scatter_chart([], title="t", x_label="x", y_label="y"),
                  charts.line_chart({"a": []}, title="t", x_label="x", y_label="y")):
        assert "no data yet" in chart.svg()


def test_heatmap_annotates_counts():
    svg = charts.heatmap([[0, 1], [2, 1_500]], title="Risk", x_label="residual", y_label="inherent").svg()
    assert "1,500" in svg and "residual" in svg and "inherent" in svg


def test_matplotlib_is_not_imported_at_start_up():
    code = ("import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'steadfast.settings'); "
            "django.setup(); import steadfast.urls, steadfast.core.charts; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
