"""Solving a scenario on the small part of the LP it disturbs, with a proof that the answer
is the whole LP's optimum (docs/model.md, "Local solves with a dual certificate").

A scenario only lowers the upper bounds of a few production columns. Starting from a
baseline optimum x* of the whole component, the *region* R is a set of columns that may
move; every other column stays at its baseline value. The *local LP* keeps only the rows
that touch R (the others keep their baseline activity, or, for TTS, only relax as r
grows), so it is tiny compared with the component. Its optimum, completed with x*, is
feasible for the whole scenario LP. It is also optimal when the local LP's row duals
(rows outside the local LP keep the baseline's duals) price every fixed column correctly
for the side of its bounds where x* holds it. When they do not, the mispriced columns join
R and the local LP is solved again; a region that grows too large hands the scenario back
to the caller, which solves the whole component.

Everything per round costs time in proportion to the local LP, never to the component.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np

from .highs import INFEASIBLE, OPTIMAL, new_highs
from .lp import RateLP
from .model import Network

# Reduced costs within this of the right sign count as right; the local LP is solved to a
# ten times tighter dual tolerance (see _local_highs).
DUAL_TOLERANCE = 1e-9
# A value this close (relative to the bound) to a bound is at that bound.
BOUND_TOLERANCE = 1e-9
# An objective this close (relative) to the baseline's equals it.
VALUE_TOLERANCE = 1e-9
# Growth rounds before giving up on the local route.
MAX_ROUNDS = 60
GROW_NODES = False


@dataclass(eq=False)
class Baseline:
    """An optimum of the undisrupted component for one mode (and horizon, for PI).

    ``x`` is a complete optimal solution (production kept lean), ``row_duals`` an optimal
    dual solution of the same LP (None: all zero, valid whenever nothing is lost), ``value``
    the optimal objective in rate units. Any optimal x and any optimal duals satisfy
    complementary slackness together, so they need not come from the same basis."""

    value: float
    x: np.ndarray
    row_duals: np.ndarray | None
    activity: np.ndarray = field(default=None, repr=False)  # A x, filled by RegionSolver
    reduced: np.ndarray | None = field(default=None, repr=False)  # cost - A^T duals


@dataclass(frozen=True)
class LocalAnswer:
    """``value`` is the scenario's optimal objective (rate units), or None when the
    scenario LP is infeasible; ``region`` the columns that ended up free; ``rounds`` the
    local solves it took."""

    value: float | None
    region: np.ndarray
    rounds: int


def _entries(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, majors: np.ndarray):
    """Non-zeros of the given major lines of a compressed matrix: (position of the line in
    ``majors`` for each entry, minor index, value, line start offsets)."""
    starts = indptr[majors]
    counts = indptr[majors + 1] - starts
    offsets = np.zeros(len(majors) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    flat = np.arange(offsets[-1], dtype=np.int64) + np.repeat(starts - offsets[:-1], counts)
    return np.repeat(np.arange(len(majors)), counts), indices[flat], data[flat], offsets


class RegionSolver:
    """Local solves for one component's rate-form LP, in both modes."""

    def __init__(self, lp: RateLP, network: Network) -> None:
        self.lp = lp
        csc = lp.matrix.tocsc()
        csr = lp.matrix.tocsr()
        self._csc = (csc.indptr.astype(np.int64), csc.indices.astype(np.int64), csc.data)
        self._csr = (csr.indptr.astype(np.int64), csr.indices.astype(np.int64), csr.data)
        self._csr_matrix = csr
        n_u, n_cols = len(lp.nodes), lp.num_cols
        self.num_cols = n_cols
        self.r_col = lp.r_col
        self._r_coef = lp.matrix[:, [lp.r_col]].toarray().ravel()
        self._row_lower, self._row_upper = lp.row_lower, lp.row_upper
        # Bounds and costs of the whole LP per mode (r handled apart: TTS keeps it in every
        # local LP, PI fixes it at 1/t through x*).
        self._lower = np.zeros(n_cols)
        upper = np.full(n_cols, np.inf)
        upper[:n_u] = lp.capacity
        self._upper = {"pi": upper, "tts": upper.copy()}
        self._upper["tts"][lp.l_cols] = 0.0
        self._cost = {"tts": np.zeros(n_cols), "pi": np.zeros(n_cols)}
        self._cost["tts"][lp.r_col] = 1.0
        self._cost["pi"][lp.l_cols] = lp.profit
        self._movable = {mode: (bounds > self._lower) for mode, bounds in self._upper.items()}
        for movable in self._movable.values():
            movable[lp.r_col] = False
        # Each node's companion columns: the y columns of the alternative edges into and out
        # of it (they move with its production); products also own their l' column.
        local = np.full(network.num_nodes, -1, dtype=np.int64)
        local[lp.nodes] = np.arange(n_u)
        y_from, y_to = local[network.edge_from[lp.edges]], local[network.edge_to[lp.edges]]
        y_cols = n_u + np.arange(len(lp.edges), dtype=np.int64)
        self._y_from = y_from
        owner = np.concatenate([np.arange(n_u), y_from, y_to])
        members = np.concatenate([np.arange(n_u), y_cols, y_cols])
        order = np.argsort(owner, kind="stable")
        self._node_ptr = np.searchsorted(owner[order], np.arange(n_u + 1))
        self._node_cols = members[order]
        self._l_of_node = np.full(n_u, -1, dtype=np.int64)
        self._l_of_node[local[lp.products]] = lp.l_cols
        # Single-sourced inputs inside the component: supplier -> consumers.
        inside = (local[network.edge_from] >= 0) & (local[network.edge_to] >= 0)
        inside[lp.edges] = False  # alternatives have y columns
        supplier, consumer = local[network.edge_from[inside]], local[network.edge_to[inside]]
        order = np.argsort(supplier, kind="stable")
        self._down_ptr = np.searchsorted(supplier[order], np.arange(n_u + 1))
        self._down = consumer[order]
        self._in_region = np.zeros(n_cols, dtype=bool)
        self._highs = _local_highs()

    # -- set-up ----------------------------------------------------------------------------
    def prepare(self, mode: str, base: Baseline) -> Baseline:
        """Fill in the baseline's row activities and reduced costs (once per baseline)."""
        base.activity = self._csr_matrix @ base.x
        if base.row_duals is not None:
            base.reduced = self._cost[mode] - self._csr_matrix.T @ base.row_duals
        return base

    def single_source_descendants(self, nodes: np.ndarray, x: np.ndarray, *, limit: int = 200) -> np.ndarray:
        """Nodes that x runs (u > 0) and that depend on ``nodes`` through single-sourced
        inputs, breadth first, at most ``limit``: unless stock covers them they must cut
        production when ``nodes`` do, so a local LP without them is rarely enough."""
        seen = {int(k) for k in nodes}
        frontier = list(seen)
        found: list[int] = []
        while frontier and len(found) < limit:
            following = []
            for k in frontier:
                for c in self._down[self._down_ptr[k] : self._down_ptr[k + 1]].tolist():
                    if c not in seen and x[c] > 0:
                        seen.add(c)
                        following.append(c)
                        found.append(c)
            frontier = following
        return np.asarray(found[:limit], dtype=np.int64)

    def expand(self, nodes: np.ndarray, *, with_l: bool) -> np.ndarray:
        """Columns of ``nodes`` with their companions."""
        nodes = np.unique(nodes)
        _, cols, _, _ = _entries(self._node_ptr, self._node_cols, self._node_cols, nodes)
        if with_l:
            l_cols = self._l_of_node[nodes]
            cols = np.concatenate([cols, l_cols[l_cols >= 0]])
        return cols

    def _l_cols_of(self, cols: np.ndarray) -> np.ndarray:
        """l' columns of the products whose u column is among ``cols``."""
        u = cols[cols < len(self._l_of_node)]
        l_cols = self._l_of_node[u]
        return l_cols[l_cols >= 0]

    def _node_of(self, cols: np.ndarray) -> np.ndarray:
        """The node each u or y column belongs to (y: its supplier); l' and r are skipped."""
        n_u = len(self._l_of_node)
        u = cols[cols < n_u]
        y = cols[(cols >= n_u) & (cols < n_u + len(self._y_from))] - n_u
        return np.concatenate([u, self._y_from[y]])

    # -- the local solve ---------------------------------------------------------------------
    def solve(
        self,
        *,
        mode: str,
        base: Baseline,
        cols: np.ndarray,
        caps: np.ndarray,
        seed_nodes: np.ndarray | None = None,
        seed_cols: np.ndarray | None = None,
        max_share: float = 0.3,
    ) -> LocalAnswer | None:
        """Optimum of the scenario where u columns ``cols`` are capped at ``caps``, or None
        when the region would exceed ``max_share`` of the columns (or the rounds run out):
        the caller then solves the whole LP."""
        tts = mode == "tts"
        movable = self._movable[mode]
        seeds = cols if seed_nodes is None else np.union1d(cols, seed_nodes)
        region = self.expand(seeds, with_l=not tts)
        if seed_cols is not None:
            region = np.concatenate([region, seed_cols, self._l_cols_of(seed_cols) if not tts else []])
        region = np.unique(region.astype(np.int64))
        region = region[movable[region]]
        capped = dict(zip(np.asarray(cols).tolist(), np.asarray(caps, dtype=float).tolist()))
        limit = max_share * self.num_cols
        in_region = self._in_region
        try:
            for rounds in range(1, MAX_ROUNDS + 1):
                if len(region) > limit:
                    return None
                in_region[region] = True
                outcome = self._round(mode, base, region, capped)
                if isinstance(outcome, LocalAnswer):
                    return LocalAnswer(value=outcome.value, region=region, rounds=rounds)
                if outcome is None:
                    return None
                if GROW_NODES == 1:
                    outcome = np.concatenate([outcome, self.expand(self._node_of(outcome), with_l=not tts)])
                elif GROW_NODES == 2:
                    outcome = np.concatenate([outcome, self.expand(outcome[outcome < len(self._l_of_node)], with_l=not tts)])
                grow = outcome[~in_region[outcome] & movable[outcome]]
                if grow.size == 0:
                    return None  # nothing left to free: numerical trouble, solve it whole
                region = np.union1d(region, grow)
            return None
        finally:
            in_region[region] = False

    def _round(self, mode: str, base: Baseline, region: np.ndarray, capped: dict[int, float]):
        """One local solve: a LocalAnswer when it settles the scenario, else the columns to
        free next (None: give up)."""
        tts = mode == "tts"
        # The local LP: region columns (and r for TTS) over the rows they touch.
        col_pos, rows_nz, vals, offsets = _entries(*self._csc, region)
        rows, local_rows = np.unique(rows_nz, return_inverse=True)
        fixed_part = base.activity[rows] - np.bincount(local_rows, weights=vals * base.x[region[col_pos]],
                                                       minlength=len(rows))
        lower = self._lower[region]
        upper = self._upper[mode][region].copy()
        for k in np.flatnonzero(np.isin(region, list(capped))):
            upper[k] = capped[int(region[k])]
        cost = self._cost[mode][region]
        indptr, indices, data = offsets, local_rows, vals
        if tts:
            r_coef = self._r_coef[rows]
            r_rows = np.flatnonzero(r_coef)
            fixed_part -= r_coef * base.x[self.r_col]
            indptr = np.append(offsets, offsets[-1] + len(r_rows))
            indices = np.concatenate([local_rows, r_rows])
            data = np.concatenate([vals, r_coef[r_rows]])
            # r never falls below the baseline's rate (losing capacity never helps), and
            # while it does not, the rows left out stay satisfied: r only relaxes them.
            lower = np.append(lower, base.x[self.r_col])
            upper = np.append(upper, np.inf)
            cost = np.append(cost, 1.0)
        status = self._run(indptr, indices, data, len(rows), cost, lower, upper,
                           self._row_lower[rows] - fixed_part, self._row_upper[rows] - fixed_part)
        h = self._highs
        if status == INFEASIBLE:
            return self._infeasible(mode, rows)
        if status != OPTIMAL:
            return None
        # Objective of the completed solution: local part plus the fixed columns' costs
        # (only PI has costs outside r: those of the l' columns left at x*).
        value = h.getInfo().objective_function_value
        if not tts:
            value += base.value - float(self._cost[mode][region] @ base.x[region])
        if value <= base.value + VALUE_TOLERANCE * max(1.0, abs(base.value)):
            # Feasible at the baseline's value, and losing capacity never helps.
            return LocalAnswer(value=base.value, region=region, rounds=0)
        # Certificate: reduced costs of the fixed columns in the local rows, with the
        # local duals there and the baseline's duals (or zeros) everywhere else.
        y_local = np.asarray(h.getSolution().row_dual)
        outside = 0.0 if base.row_duals is None else base.row_duals[rows]
        row_pos, cols_nz, vals_nz, _ = _entries(*self._csr, rows)
        keep = ~self._in_region[cols_nz] & (cols_nz != self.r_col)
        touched, inverse = np.unique(cols_nz[keep], return_inverse=True)
        change = np.bincount(inverse, weights=vals_nz[keep] * (outside - y_local)[row_pos[keep]],
                             minlength=len(touched))
        reduced = (self._cost[mode][touched] if base.reduced is None else base.reduced[touched]) + change
        wrong = self._mispriced(mode, touched, reduced, base.x)
        if not wrong.any():
            return LocalAnswer(value=value, region=region, rounds=0)
        return touched[wrong]

    def _mispriced(self, mode: str, cols: np.ndarray, reduced: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Columns whose reduced cost says the objective would improve by moving them off
        the bound (or interior point) where x holds them."""
        value = x[cols]
        up = self._upper[mode][cols]
        finite = np.isfinite(up)
        up0 = np.where(finite, up, 0.0)
        at_lower = value <= BOUND_TOLERANCE
        at_upper = finite & (value >= up0 - BOUND_TOLERANCE * np.maximum(1.0, up0))
        wants_up = (reduced < -DUAL_TOLERANCE) & ~at_upper
        wants_down = (reduced > DUAL_TOLERANCE) & ~at_lower
        return (wants_up | wants_down) & self._movable[mode][cols]

    def _infeasible(self, mode: str, rows: np.ndarray):
        """The local LP has no solution. Free the fixed columns of the rows in HiGHS's
        infeasibility proof (else of every local row). When there are none, the local rows
        hold every column that appears in them, so the whole LP is infeasible too (for TTS:
        TTS = 0; r's raised lower bound cannot be the cause, as r only relaxes rows)."""
        _, has_ray, ray = self._highs.getDualRay()
        movable = self._movable[mode]
        candidates = np.empty(0, dtype=np.int64)
        if has_ray:
            ray = np.abs(np.asarray(ray))
            support = rows[ray > 1e-12 * max(1.0, ray.max(initial=0.0))]
            _, cols_nz, _, _ = _entries(*self._csr, support)
            candidates = cols_nz[~self._in_region[cols_nz] & movable[cols_nz]]
        if candidates.size == 0:
            _, cols_nz, _, _ = _entries(*self._csr, rows)
            candidates = cols_nz[~self._in_region[cols_nz] & movable[cols_nz]]
        if candidates.size == 0:
            if mode != "tts":
                return None  # PI is always feasible (demand may be lost): solve it whole
            return LocalAnswer(value=None, region=np.empty(0, dtype=np.int64), rounds=0)
        return np.unique(candidates)

    def _run(self, indptr, indices, data, num_rows, cost, col_lower, col_upper, row_lower, row_upper):
        model = highspy.HighsLp()
        model.num_col_ = len(cost)
        model.num_row_ = num_rows
        model.col_cost_ = cost
        model.col_lower_ = col_lower
        model.col_upper_ = np.where(np.isinf(col_upper), highspy.kHighsInf, col_upper)
        model.row_lower_ = np.where(np.isinf(row_lower), -highspy.kHighsInf, row_lower)
        model.row_upper_ = np.where(np.isinf(row_upper), highspy.kHighsInf, row_upper)
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_ = indptr.astype(np.int32)
        model.a_matrix_.index_ = indices.astype(np.int32)
        model.a_matrix_.value_ = data.astype(float)
        h = self._highs
        h.passModel(model)
        h.run()
        return h.getModelStatus()


def _local_highs() -> highspy.Highs:
    h = new_highs()
    h.setOptionValue("presolve", "off")  # keeps infeasibility proofs (dual rays) available
    h.setOptionValue("dual_feasibility_tolerance", DUAL_TOLERANCE / 10)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    return h

