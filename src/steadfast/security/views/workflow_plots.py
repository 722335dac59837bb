"""Small server-rendered SVG plots (no JavaScript, no CDN): bars, a heat map, a line.

Every label is escaped; colours come from classes in security/workflow.css except the heat map's
cell fills, which are SVG presentation attributes (allowed by the style-src CSP, unlike style="").
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _svg(width: int, height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
                     f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>')


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, second: Sequence[float] | None = None,
              width: int = 420, height: int = 220) -> SafeString:
    """Vertical bars (optionally paired with a second series)."""
    left, bottom, top = 34, 28, 10
    plot_h = height - bottom - top
    peak = max([v for _, v in items] + list(second or []) + [1])
    slot = (width - left - 6) / max(len(items), 1)
    body = [f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"/>',
            f'<text x="2" y="{top + 8}">{peak:g}</text>']
    for i, (label, value) in enumerate(items):
        series = [(value, "bar")] + ([(second[i], "bar-alt")] if second else [])
        bar_w = (slot - 6) / len(series)
        for j, (v, cls) in enumerate(series):
            h = plot_h * v / peak
            x = left + i * slot + 3 + j * bar_w
            body.append(f'<rect class="{cls}" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bar_w:.1f}" '
                        f'height="{h:.1f}"><title>{escape(label)}: {v:g}</title></rect>')
        body.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 10}" text-anchor="middle">{escape(label)}</text>')
    return _svg(width, height, body, title)


def heatmap(grid: Sequence[Sequence[int]], *, title: str, x_label: str, y_label: str, size: int = 300) -> SafeString:
    """grid[row][col] counts; row 0 at the bottom. Darker = more."""
    n = len(grid)
    pad = 36
    cell = (size - pad) / n
    peak = max([v for row in grid for v in row] + [1])
    body = []
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            shade = 245 - int(190 * value / peak)
            # risk colour: the further right/up (higher residual and inherent), the redder the tint
            red = 255 if (r + c) >= n else 200
            fill = f"rgb({red},{shade},{shade})" if value else "#f2f4f7"
            x, y = pad + c * cell, size - pad - (r + 1) * cell
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell - 2:.1f}" height="{cell - 2:.1f}" fill="{fill}">'
                        f'<title>inherent {r * 100 // n}–{(r + 1) * 100 // n}, residual {c * 100 // n}–{(c + 1) * 100 // n}: '
                        f'{value}</title></rect>')
            if value:
                body.append(f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle">{value}</text>')
    body.append(f'<text x="{pad + (size - pad) / 2:.1f}" y="{size - 6}" text-anchor="middle">{escape(x_label)} →</text>')
    body.append(f'<text x="12" y="{(size - pad) / 2:.1f}" text-anchor="middle" transform="rotate(-90 12 {(size - pad) / 2:.1f})">'
                f'{escape(y_label)} →</text>')
    return _svg(size, size, body, title)


def line_chart(points: Sequence[tuple[str, float]], *, title: str, ceiling: float = 100,
               width: int = 420, height: int = 200) -> SafeString:
    left, bottom, top = 30, 26, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    body = [f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"/>',
            f'<text x="2" y="{top + 8}">{ceiling:g}</text>']
    if not points:
        body.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no data yet</text>')
        return _svg(width, height, body, title)
    step = plot_w / max(len(points) - 1, 1)
    coords = [(left + i * step, height - bottom - plot_h * min(v, ceiling) / ceiling) for i, (_, v) in enumerate(points)]
    body.append('<polyline class="line" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>')
    for (label, value), (x, y) in zip(points, coords, strict=True):
        body.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(label)}: {value:g}</title></circle>')
    body.append(f'<text x="{left}" y="{height - 8}">{escape(points[0][0])}</text>')
    body.append(f'<text x="{width - 10}" y="{height - 8}" text-anchor="end">{escape(points[-1][0])}</text>')
    return _svg(width, height, body, title)
