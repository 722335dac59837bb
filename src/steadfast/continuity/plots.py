"""The continuity pages' charts (TTS against TTR, PI over the horizon, exceedance curves, bars),
drawn by the project's chart layer (`steadfast.core.charts`, matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence

from steadfast.core import charts
from steadfast.core.money import currency_label


def tts_vs_ttr(points: Sequence[tuple[str, float, float | None, bool]], *, title: str, cap_days: float = 365) -> charts.Chart:
    """One dot per scenario (label, TTR, TTS or None for unbounded, at risk). Dots above the diagonal
    TTS = TTR are at risk (the business runs short before it recovers). Unbounded TTS is drawn at the cap."""
    top = max([cap_days / 4] + [min(t if t is not None else cap_days, cap_days) for _, _, t, _ in points]
              + [min(r, cap_days) for _, r, _, _ in points])
    top = min(top, cap_days)
    dots = [(min(tts if tts is not None else top, top), min(ttr, top), bool(at_risk)) for _, ttr, tts, at_risk in points]
    return charts.scatter_chart(dots, title=title, x_label="TTS (days; unbounded drawn at the cap)", y_label="TTR (days)",
                                labels=("survives its recovery", "at risk"), diagonal=True, cap=top)


def pi_curve(curve: Sequence[Sequence[float]], *, ttr: float, tts: float | None, title: str) -> charts.Chart:
    """PI over the horizon: zero until the TTS, rising after it; the TTR and TTS marked."""
    x_max = max((p[0] for p in curve), default=0)
    markers = [(f"{name} {value:.1f} d", value) for name, value in (("TTR", ttr), ("TTS", tts))
               if curve and value is not None and 0 <= value <= x_max]
    return charts.line_chart({"margin lost": [(p[0], p[1]) for p in curve]}, title=title, x_label="horizon (days)",
                             y_label=currency_label("margin lost"), markers=markers)


def exceedance(curves: dict[str, Sequence[Sequence[float]]], *, title: str) -> charts.Chart:
    """Loss against return period (log scale), one line per curve (OEP, AEP)."""
    lines = {name: [(rp, loss) for rp, loss in sorted(curve) if rp > 0] for name, curve in curves.items()}
    return charts.line_chart(lines, title=title, x_label="return period (years, log scale)",
                              y_label=currency_label("loss"),
                             x_log=any(lines.values()))


def bars(items: Sequence[tuple[str, float]], *, title: str) -> charts.Chart:
    """Horizontal bars, largest first (top contributors)."""
    return charts.hbar_chart(items, title=title, x_label=currency_label("margin lost" if "product" in title.lower() else "loss"))


def aal_trend(trend: Sequence[tuple[str, float]], *, title: str = "AAL by analysis run") -> charts.Chart:
    """The event loss table's AAL (Σ rate × loss) of each run, oldest first: is the exposure growing?"""
    return charts.line_chart({"AAL": list(trend)}, title=title, x_label="run finished", y_label=currency_label("annual average loss"),
                             testid="aal-trend")


def product_tts(products: Sequence[dict], *, ttr: float, title: str, limit: int = 25) -> charts.Chart:
    """One row per product: a bar as long as the product's own TTS, the scenario's TTR as a dashed
    line. Bars that stop short of the TTR (the product runs short before recovery) are in the alert
    colour; an unbounded TTS is drawn to the right edge with an arrow ("unbounded")."""
    # answers saved before products carried their own TTS have none to draw
    rows = [(p["ref"], p["tts"]) for p in products[:limit] if "tts" in p]
    stale = bool(products) and not rows
    finite = [t for _, t in rows if t is not None]
    edge = max([ttr * 1.5, *(t * 1.1 for t in finite)]) if rows else ttr * 1.5

    def draw(fig):
        ax = fig.add_subplot()
        ax.set_title(title, fontsize=10)
        if not rows:
            charts._empty(ax, "re-run the scenario for each product's TTS" if stale else "no product runs short")
            return
        labels = [ref for ref, _ in rows][::-1]
        values = [edge if t is None else t for _, t in rows][::-1]
        short = [t is not None and t < ttr for _, t in rows][::-1]
        colours = [charts.AT_RISK if s else charts.PALETTE[0] for s in short]
        ax.barh(labels, values, color=colours)
        for y, (_, t) in enumerate(rows[::-1]):
            if t is None:
                ax.annotate("unbounded →", (edge, y), xytext=(-4, 0), textcoords="offset points", ha="right",
                            va="center", fontsize=7, color="white")
        ax.axvline(ttr, linestyle="--", linewidth=1.2, color="#222222")
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color=charts.AT_RISK, label="short before the TTR"),
                           Patch(color=charts.PALETTE[0], label="lasts past the TTR"),
                           Line2D([0], [0], linestyle="--", color="#222222", label=f"TTR {ttr:,.1f} days")],
                  fontsize=7, loc="lower right")
        ax.set_xlim(0, edge)
        ax.set_xlabel("product's own time to survive (days)")
        ax.set_ylabel("product")
        charts._thousands(ax.xaxis)

    return charts.Chart(title, draw, 5.6, max(1.8, 0.28 * len(rows) + 1.2), "product-tts-chart")
