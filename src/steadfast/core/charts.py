"""Charts for the pages and the PDFs: a thin layer over matplotlib (Agg backend).

A chart function returns a `Chart`: drawn lazily, the same figure as SVG for the pages and as PNG
for the PDFs. On a page it renders as `<img src="data:image/svg+xml;base64,…">`: an SVG that
matplotlib writes carries `style=` attributes, which the page's Content-Security-Policy
(`style-src 'self'`) would block inline, while an image document is not subject to the page's
style-src (`img-src 'self' data:` allows it). matplotlib is imported inside the functions so that
start-up (every CLI command, every worker) does not pay for it.

Every chart has axis titles with units where there are units, a legend where there is more than one
series, and thousands separators on numeric axes.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5f99", "#d97a1e", "#3d8b4f", "#b23a48", "#6b5b95", "#5f6b73")
AT_RISK = "#b23a48"
_LOCK = threading.Lock()  # pyplot's state is global; the object API below avoids it, the lock guards rcParams


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "steadfast", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False})
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _thousands(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2g}"))


@dataclass
class Chart:
    """A chart drawn on demand: `.svg()` for pages, `.png()` for PDFs, `{{ chart }}` in a template."""

    title: str
    draw: Callable = field(repr=False)  # draw(fig) -> None
    width: float = 5.6
    height: float = 3.0
    testid: str = ""
    _svg: str | None = field(default=None, repr=False)

    def _render(self, fmt: str, dpi: int = 100) -> bytes:
        with _LOCK:
            fig = _figure(self.width, self.height)
            self.draw(fig)
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
        return buffer.getvalue()

    def svg(self) -> str:
        if self._svg is None:
            self._svg = self._render("svg").decode()
        return self._svg

    def png(self, dpi: int = 150) -> bytes:
        return self._render("png", dpi)

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg().encode()).decode()

    def __html__(self) -> str:
        testid = f' data-testid="{escape(self.testid)}"' if self.testid else ""
        return (f'<img class="chart" src="{self.data_uri()}" alt="{escape(self.title)}" '
                f'title="{escape(self.title)}"{testid}>')

    def __str__(self) -> SafeString:
        # Templates call str() before escaping: a SafeString passes through unescaped.
        return mark_safe(self.__html__())


def _empty(ax, text: str = "no data yet") -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#5f6b73")
    ax.set_xticks([])
    ax.set_yticks([])


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, y_label: str, x_label: str = "",
              series: Sequence[str] = (), second: Sequence[float] | None = None, testid: str = "",
              width: float = 5.6, height: float = 3.0) -> Chart:
    """Vertical bars, optionally paired with a second series (`series` names both for the legend)."""
    items = list(items)
    second = list(second) if second is not None else None

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10)
        if not items:
            _empty(ax)
            return
        labels = [label for label, _ in items]
        xs = range(len(items))
        columns = [[v for _, v in items]] + ([second] if second is not None else [])
        bar_w = 0.8 / len(columns)
        for k, values in enumerate(columns):
            offset = (k - (len(columns) - 1) / 2) * bar_w
            name = series[k] if k < len(series) else None
            ax.bar([x + offset for x in xs], values, bar_w, label=name, color=PALETTE[k % len(PALETTE)])
        ax.set_xticks(list(xs), labels)
        if any(len(label) * len(items) > 60 for label in labels):
            ax.tick_params(axis="x", labelrotation=35)
            for tick in ax.get_xticklabels():
                tick.set_horizontalalignment("right")
        ax.set_ylabel(y_label)
        if x_label:
            ax.set_xlabel(x_label)
        _thousands(ax.yaxis)
        if len(columns) > 1 and series:
            ax.legend(frameon=False)

    return Chart(title, draw, width, height, testid)


def hbar_chart(items: Sequence[tuple[str, float]], *, title: str, x_label: str, testid: str = "",
               width: float = 5.6) -> Chart:
    """Horizontal bars, in the order given (largest first reads best)."""
    items = list(items)

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10)
        if not items:
            _empty(ax)
            return
        labels = [label for label, _ in items][::-1]
        ax.barh(labels, [v for _, v in items][::-1], color=PALETTE[0])
        ax.set_xlabel(x_label)
        _thousands(ax.xaxis)

    return Chart(title, draw, width, max(1.6, 0.28 * len(items) + 0.9), testid)


def line_chart(series: dict[str, Sequence[tuple[float | str, float]]], *, title: str, x_label: str, y_label: str,
               x_log: bool = False, y_max: float | None = None, markers: Sequence[tuple[str, float]] = (),
               testid: str = "", width: float = 5.6, height: float = 3.0) -> Chart:
    """One line per named series of (x, y) points; x may be labels (categories). `markers` draws
    vertical lines (label, x)."""
    series = {name: list(points) for name, points in series.items()}

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10)
        if not any(series.values()):
            _empty(ax)
            return
        for k, (name, points) in enumerate(series.items()):
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o" if len(points) < 40 else None,
                    markersize=3, label=name, color=PALETTE[k % len(PALETTE)])
        for k, (label, x) in enumerate(markers):
            ax.axvline(x, linestyle="--", linewidth=1, color=PALETTE[(k + 2) % len(PALETTE)], label=label)
        if x_log:
            ax.set_xscale("log")
        else:
            points = next(iter(series.values()))
            if points and isinstance(points[0][0], str) and len(points) > 8:
                ax.set_xticks(range(0, len(points), max(1, len(points) // 6)))
        if y_max is not None:
            ax.set_ylim(0, y_max)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        _thousands(ax.yaxis)
        if len(series) + len(markers) > 1:
            ax.legend(frameon=False)

    return Chart(title, draw, width, height, testid)


def scatter_chart(points: Sequence[tuple[float, float, bool]], *, title: str, x_label: str, y_label: str,
                  labels: tuple[str, str] = ("", ""), diagonal: bool = False, cap: float | None = None,
                  testid: str = "", width: float = 5.6, height: float = 3.4) -> Chart:
    """Dots (x, y, flagged); flagged dots in the alert colour; `labels` names the two kinds for the
    legend; `diagonal` draws y = x."""
    points = list(points)

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10)
        if not points:
            _empty(ax)
            return
        for flagged, colour, name in ((False, PALETTE[0], labels[0]), (True, AT_RISK, labels[1])):
            chosen = [(x, y) for x, y, f in points if f is flagged]
            if chosen:
                ax.scatter([x for x, _ in chosen], [y for _, y in chosen], s=9, color=colour, label=name or None)
        top = cap or max(max(x for x, _, _ in points), max(y for _, y, _ in points), 1)
        if diagonal:
            ax.plot([0, top], [0, top], linestyle="--", linewidth=1, color="#5f6b73", label="TTS = TTR")
        ax.set_xlim(0, top * 1.02)
        ax.set_ylim(0, top * 1.02)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        _thousands(ax.xaxis)
        _thousands(ax.yaxis)
        if any(labels) or diagonal:
            ax.legend(frameon=False, loc="upper left")

    return Chart(title, draw, width, height, testid)


def heatmap(grid: Sequence[Sequence[int]], *, title: str, x_label: str, y_label: str, testid: str = "",
            size: float = 3.6) -> Chart:
    """grid[row][col] counts, row 0 at the bottom; each cell annotated with its count."""
    grid = [list(row) for row in grid]

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10)
        n = len(grid)
        if not n:
            _empty(ax)
            return
        image = ax.imshow(grid, origin="lower", cmap="Reds", aspect="equal")
        ticks = list(range(n))
        edges = [f"{k * 100 // n}–{(k + 1) * 100 // n}" for k in ticks]
        ax.set_xticks(ticks, edges, fontsize=7)
        ax.set_yticks(ticks, edges, fontsize=7)
        peak = max([v for row in grid for v in row] + [1])
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value:
                    ax.text(c, r, f"{value:,}", ha="center", va="center", fontsize=7,
                            color="white" if value > peak / 2 else "black")
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        fig.colorbar(image, ax=ax, label="suppliers", shrink=0.8)

    return Chart(title, draw, size + 1.0, size, testid)
