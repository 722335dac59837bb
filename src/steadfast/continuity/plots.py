"""Server-rendered SVG charts (the approach the security pages use: no JavaScript, nothing from a
CDN, CSP-safe): TTS against TTR, PI over the horizon, exceedance curves, bars.

Every label is escaped; colours come from classes in continuity/continuity.css.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

W, H = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 14, 40


def _svg(body: list[str], title: str, width: int = W, height: int = H) -> SafeString:
    return mark_safe(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
                     f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>')


def _fmt(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.3g}M"
    if value >= 1e3:
        return f"{value / 1e3:.3g}k"
    return f"{value:.3g}"


def _axes(x_label: str, y_label: str, x_max: float, y_max: float, *, x_log: bool = False, x_min: float = 0) -> list[str]:
    body = [f'<line class="axis" x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}"/>',
            f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}"/>',
            f'<text class="label" x="{(LEFT + W - RIGHT) / 2}" y="{H - 6}" text-anchor="middle">{escape(x_label)}</text>',
            f'<text class="label" x="12" y="{(TOP + H - BOTTOM) / 2}" text-anchor="middle" '
            f'transform="rotate(-90 12 {(TOP + H - BOTTOM) / 2})">{escape(y_label)}</text>']
    for k in range(5):
        fy = k / 4
        y = H - BOTTOM - fy * (H - BOTTOM - TOP)
        body.append(f'<text class="tick" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{_fmt(y_max * fy)}</text>')
        if x_log:
            value = x_min * (x_max / x_min) ** fy
        else:
            value = x_max * fy
        x = LEFT + fy * (W - LEFT - RIGHT)
        body.append(f'<text class="tick" x="{x:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle">{_fmt(value)}</text>')
    return body


def tts_vs_ttr(points: Sequence[tuple[str, float, float | None, bool]], *, title: str, cap_days: float = 365) -> SafeString:
    """One dot per scenario (label, TTR, TTS or None for unbounded, at risk). Dots above the diagonal
    TTS = TTR are at risk (the business runs short before it recovers). Unbounded TTS is drawn at the cap."""
    top = max([cap_days / 4] + [min(t if t is not None else cap_days, cap_days) for _, _, t, _ in points]
              + [min(r, cap_days) for _, r, _, _ in points])
    top = min(top, cap_days)
    sx = (W - LEFT - RIGHT) / top
    sy = (H - BOTTOM - TOP) / top
    body = _axes("TTS (days)", "TTR (days)", top, top)
    body.append(f'<line class="diagonal" x1="{LEFT}" y1="{H - BOTTOM}" x2="{LEFT + top * sx:.1f}" y2="{H - BOTTOM - top * sy:.1f}"/>')
    for label, ttr, tts, at_risk in points:
        x = LEFT + min(tts if tts is not None else top, top) * sx
        y = H - BOTTOM - min(ttr, top) * sy
        tts_text = "unbounded" if tts is None else f"{tts:.1f}"
        body.append(f'<circle class="{"dot at-risk" if at_risk else "dot"}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                    f'<title>{escape(label)}: TTS {tts_text} d, TTR {ttr:g} d</title></circle>')
    return _svg(body, title)


def pi_curve(curve: Sequence[Sequence[float]], *, ttr: float, tts: float | None, title: str) -> SafeString:
    """PI over the horizon: zero until the TTS, rising after it; the TTR marked."""
    if not curve:
        return _svg([], title)
    x_max = max(p[0] for p in curve) or 1.0
    y_max = max(max(p[1] for p in curve), 1.0)
    sx = (W - LEFT - RIGHT) / x_max
    sy = (H - BOTTOM - TOP) / y_max
    body = _axes("horizon (days)", "margin lost", x_max, y_max)
    path = " ".join(f"{'M' if i == 0 else 'L'}{LEFT + d * sx:.1f},{H - BOTTOM - pi * sy:.1f}" for i, (d, pi) in enumerate(curve))
    body.append(f'<path class="line" d="{path}"/>')
    for value, cls, text in ((ttr, "marker-ttr", "TTR"), (tts, "marker-tts", "TTS")):
        if value is not None and 0 <= value <= x_max:
            x = LEFT + value * sx
            body.append(f'<line class="{cls}" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{H - BOTTOM}"/>'
                        f'<text class="{cls}" x="{x + 3:.1f}" y="{TOP + 10}">{text} {value:.1f} d</text>')
    return _svg(body, title)


def exceedance(curves: dict[str, Sequence[Sequence[float]]], *, title: str) -> SafeString:
    """Loss against return period (log scale), one line per curve (OEP, AEP)."""
    points = [p for c in curves.values() for p in c if p[0] > 0]
    if not points:
        return _svg([], title)
    x_min, x_max = min(p[0] for p in points), max(p[0] for p in points)
    x_min = max(min(x_min, 1.0), 1e-3)
    x_max = max(x_max, x_min * 10)
    y_max = max(max(p[1] for p in points), 1.0)
    span = math.log(x_max / x_min)
    sy = (H - BOTTOM - TOP) / y_max
    body = _axes("return period (years, log scale)", "loss", x_max, y_max, x_log=True, x_min=x_min)
    for k, (name, curve) in enumerate(curves.items()):
        coords = [(LEFT + math.log(max(rp, x_min) / x_min) / span * (W - LEFT - RIGHT), H - BOTTOM - loss * sy)
                  for rp, loss in sorted(curve) if rp > 0]
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
        body.append(f'<path class="line series-{k}" d="{path}"><title>{escape(name)}</title></path>'
                    f'<text class="legend series-{k}" x="{LEFT + 10}" y="{TOP + 12 + 14 * k}">{escape(name)}</text>')
    return _svg(body, title)


def bars(items: Sequence[tuple[str, float]], *, title: str) -> SafeString:
    """Horizontal bars, largest first (top contributors)."""
    height = 22 * len(items) + 10
    peak = max([v for _, v in items] + [1e-12])
    body = []
    for i, (label, value) in enumerate(items):
        width = (W - 240) * value / peak
        y = 6 + 22 * i
        body.append(f'<text class="tick" x="150" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                    f'<rect class="bar" x="156" y="{y}" width="{width:.1f}" height="16"><title>{escape(label)}: '
                    f'{value:,.0f}</title></rect><text class="tick" x="{160 + width:.1f}" y="{y + 13}">{_fmt(value)}</text>')
    return _svg(body, title, height=height)
