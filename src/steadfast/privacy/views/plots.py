"""A server-rendered SVG bar chart (no JavaScript, no CDN, no inline style: CSP-safe)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, width: int = 460, height: int = 220) -> SafeString:
    left, bottom, top = 40, 34, 12
    slot = (width - left - 6) / max(len(items), 1)
    # Labels wider than their bar (about 6.5 px a character) are slanted, with room made below.
    slanted = any(len(label) * 6.5 > slot for label, _ in items)
    if slanted:
        longest = min(max(len(label) for label, _ in items), 28)
        bottom = 34 + int(longest * 4.6)
        height += bottom - 34
        left = max(left, int(min(len(items[0][0]), 28) * 5.3) - int(slot / 2))  # room for the first label
        slot = (width - left - 6) / max(len(items), 1)
    plot_h = height - bottom - top
    peak = max([v for _, v in items] + [1])
    body = [f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"/>',
            f'<text x="2" y="{top + 8}">{peak:,.0f}</text>']
    for i, (label, value) in enumerate(items):
        h = plot_h * value / peak
        x = left + i * slot + 3
        body.append(f'<rect class="bar" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{slot - 6:.1f}" height="{h:.1f}">'
                    f'<title>{escape(label)}: {value:,.0f}</title></rect>')
        centre = x + (slot - 6) / 2
        if slanted:
            short = label if len(label) <= 28 else label[:27] + "…"
            body.append(f'<text x="{centre:.1f}" y="{height - bottom + 14}" text-anchor="end" '
                        f'transform="rotate(-35 {centre:.1f} {height - bottom + 14})">{escape(short)}</text>')
        else:
            body.append(f'<text x="{centre:.1f}" y="{height - 16}" text-anchor="middle">{escape(label)}</text>')
    return mark_safe(f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
                     f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>')
