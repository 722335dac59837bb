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
# An objective this close (relative) to the baseline's equals it. Below the floor the
# comparison is absolute: for TTS a rate of 1e-12/day (TTS beyond 1e12 days counts as
# inf); for PI one unit of the LP's profit scale, the largest daily profit of a product
# (see units.py), so that both stay relative to the network's own sizes.
VALUE_TOLERANCE = 1e-9
VALUE_FLOOR = {"tts": 1e-12, "pi": 1.0}
# Growth rounds before giving up on the local route.
MAX_ROUNDS = 60
# HiGHS simplex_strategy for rounds after the first: primal, as they start primal feasible.
PRIMAL_LATER = 4


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
        self.r_coef = lp.matrix[:, [lp.r_col]].toarray().ravel()
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
        # of it (they move with its production); nodes serving demand also own its l' column.
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
        # Every node serving a demand owns its l' column (a part's demand: all its nodes).
        self._l_of_node[lp.demand_nodes] = np.repeat(lp.l_cols, np.diff(lp.demand_ptr))
        # Single-sourced inputs inside the component: supplier -> consumers.
        inside = (local[network.edge_from] >= 0) & (local[network.edge_to] >= 0)
        inside[lp.edges] = False  # alternatives have y columns
        supplier, consumer = local[network.edge_from[inside]], local[network.edge_to[inside]]
        order = np.argsort(supplier, kind="stable")
        self._down_ptr = np.searchsorted(supplier[order], np.arange(n_u + 1))
        self._down = consumer[order]
        self._in_region = np.zeros(n_cols, dtype=bool)
        self._row_local = np.full(lp.matrix.shape[0], -1, dtype=np.int64)
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
        local = _LocalLP(self, mode, base, capped)
        try:
            grow = region
            for rounds in range(1, MAX_ROUNDS + 1):
                if len(local.cols) + len(grow) > limit:
                    return None
                local.add(grow)
                outcome = local.solve()
                if isinstance(outcome, LocalAnswer):
                    return LocalAnswer(value=outcome.value, region=np.sort(local.cols), rounds=rounds)
                if outcome is None:
                    return None
                # Free whole column groups: a mispriced column brings its node's production
                # and the alternative edges into and out of it, which almost always have to
                # move with it. Halves the rounds (each costs a HiGHS run).
                outcome = np.concatenate([outcome, self.expand(self._node_of(outcome), with_l=not tts)])
                grow = np.unique(outcome[~self._in_region[outcome] & movable[outcome]])
                if grow.size == 0:
                    return None  # nothing left to free: numerical trouble, solve it whole
            return None
        finally:
            local.release()

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



class _LocalLP:
    """One scenario's local LP, grown round by round inside one HiGHS instance.

    Columns are written as deviations from the baseline, x_j = x*_j + up_j - down_j with
    up_j, down_j >= 0, and rows get bounds net of the baseline activity. Freeing columns
    then appends columns (and the rows they bring) whose zero deviation keeps the previous
    round's optimum feasible, so each round continues from it with a few primal simplex
    pivots instead of starting over."""

    def __init__(self, solver: RegionSolver, mode: str, base: Baseline, capped: dict[int, float]) -> None:
        self.s = solver
        self.mode = mode
        self.tts = mode == "tts"
        self.base = base
        self.capped = capped
        self.cols = np.empty(0, dtype=np.int64)  # freed global columns
        self.rows = np.empty(0, dtype=np.int64)  # global rows, in HiGHS order
        self.rounds = 0
        self.h = solver._highs
        self.h.clearModel()
        self.h.setOptionValue("simplex_strategy", 1)  # dual simplex for the first round
        if self.tts:
            # r rises from the baseline's rate, never falls (losing capacity never helps),
            # so the rows left out stay satisfied: r only relaxes them.
            self.h.addCol(1.0, 0.0, highspy.kHighsInf, 0, np.empty(0, np.int32), np.empty(0))

    def release(self) -> None:
        s = self.s
        s._in_region[self.cols] = False
        s._row_local[self.rows] = -1

    def add(self, new_cols: np.ndarray) -> None:
        """Free ``new_cols``: append the rows they touch that are not in yet, then one
        deviation column per direction each may move in."""
        s, base, h = self.s, self.base, self.h
        col_pos, rows_nz, vals, offsets = _entries(*s._csc, new_cols)
        fresh = np.unique(rows_nz[s._row_local[rows_nz] < 0])
        if fresh.size:
            s._row_local[fresh] = len(self.rows) + np.arange(len(fresh))
            activity = base.activity[fresh]
            lower, upper = s._row_lower[fresh] - activity, s._row_upper[fresh] - activity
            lower = np.where(np.isinf(lower), -highspy.kHighsInf, lower)
            upper = np.where(np.isinf(upper), highspy.kHighsInf, upper)
            if self.tts:
                r_coef = s.r_coef[fresh]
                r_rows = np.flatnonzero(r_coef)
                starts = np.searchsorted(r_rows, np.arange(len(fresh))).astype(np.int32)
                h.addRows(len(fresh), lower, upper, len(r_rows), starts, np.zeros(len(r_rows), dtype=np.int32),
                          r_coef[r_rows])
            else:
                h.addRows(len(fresh), lower, upper, 0, np.zeros(len(fresh), dtype=np.int32),
                          np.empty(0, np.int32), np.empty(0))
            self.rows = np.concatenate([self.rows, fresh])
        local_rows = s._row_local[rows_nz].astype(np.int32)
        x = base.x[new_cols]
        top = s._upper[self.mode][new_cols].copy()
        for col, cap in self.capped.items():  # new_cols is sorted
            k = int(np.searchsorted(new_cols, col))
            if k < len(new_cols) and new_cols[k] == col:
                top[k] = cap
        cost = s._cost[self.mode][new_cols]
        counts = np.diff(offsets)
        bottom = s._lower[new_cols]
        # Up: [0, top - x] (absent when there is no room); down: [max(0, x - top), x - bottom].
        up_room = top - x
        for which, sign, lo, hi in (
            (up_room > 0, 1.0, None, up_room),
            (x > bottom, -1.0, np.maximum(0.0, -up_room), x - bottom),
        ):
            if not which.any():
                continue
            flat = np.flatnonzero(which[col_pos])
            starts = np.zeros(int(which.sum()), dtype=np.int32)
            np.cumsum(counts[which][:-1], out=starts[1:])
            lo = np.zeros(len(starts)) if lo is None else lo[which]
            hi = hi[which]
            h.addCols(len(starts), sign * cost[which], lo, np.where(np.isinf(hi), highspy.kHighsInf, hi),
                      len(flat), starts, local_rows[flat], sign * vals[flat])
        s._in_region[new_cols] = True
        self.cols = np.concatenate([self.cols, new_cols])

    def solve(self):
        """Solve; a LocalAnswer when that settles the scenario, else the columns to free
        next (None: give up and solve the whole LP)."""
        s, base, h = self.s, self.base, self.h
        if self.rounds == 1:
            h.setOptionValue("simplex_strategy", PRIMAL_LATER)  # later rounds start primal feasible
        self.rounds += 1
        h.run()
        status = h.getModelStatus()
        if status == INFEASIBLE:
            return self._infeasible()
        if status != OPTIMAL:
            return None
        value = base.value + h.getInfo().objective_function_value
        if value <= base.value + VALUE_TOLERANCE * max(VALUE_FLOOR[self.mode], abs(base.value)):
            # Feasible at the baseline's value, and losing capacity never helps.
            return LocalAnswer(value=base.value, region=self.cols, rounds=0)
        # Certificate: reduced costs of the fixed columns in the local rows, with the local
        # duals there and the baseline's duals (or zeros) everywhere else.
        y_local = np.asarray(h.getSolution().row_dual)
        outside = 0.0 if base.row_duals is None else base.row_duals[self.rows]
        row_pos, cols_nz, vals_nz, _ = _entries(*s._csr, self.rows)
        keep = ~s._in_region[cols_nz] & (cols_nz != s.r_col)
        touched, inverse = np.unique(cols_nz[keep], return_inverse=True)
        change = np.bincount(inverse, weights=vals_nz[keep] * (outside - y_local)[row_pos[keep]],
                             minlength=len(touched))
        reduced = (s._cost[self.mode][touched] if base.reduced is None else base.reduced[touched]) + change
        wrong = s._mispriced(self.mode, touched, reduced, base.x)
        if not wrong.any():
            return LocalAnswer(value=value, region=self.cols, rounds=0)
        return touched[wrong]

    def _infeasible(self):
        """The local LP has no solution. Free the fixed columns of the rows in HiGHS's
        infeasibility proof (else of every local row). When there are none, the local rows
        hold every column that appears in them, so the whole LP is infeasible too (for TTS:
        TTS = 0; r's raised lower bound cannot be the cause, as r only relaxes rows)."""
        s = self.s
        _, has_ray, ray = self.h.getDualRay()
        movable = s._movable[self.mode]
        candidates = np.empty(0, dtype=np.int64)
        if has_ray:
            ray = np.abs(np.asarray(ray))
            support = self.rows[ray > 1e-12 * max(1.0, ray.max(initial=0.0))]
            _, cols_nz, _, _ = _entries(*s._csr, support)
            candidates = cols_nz[~s._in_region[cols_nz] & movable[cols_nz]]
        if candidates.size == 0:
            _, cols_nz, _, _ = _entries(*s._csr, self.rows)
            candidates = cols_nz[~s._in_region[cols_nz] & movable[cols_nz]]
        if candidates.size == 0:
            if not self.tts:
                return None  # PI is always feasible (demand may be lost): solve it whole
            return LocalAnswer(value=None, region=self.cols, rounds=0)
        return np.unique(candidates)


def _local_highs() -> highspy.Highs:
    h = new_highs()
    h.setOptionValue("presolve", "off")  # keeps infeasibility proofs (dual rays) available
    h.setOptionValue("dual_feasibility_tolerance", DUAL_TOLERANCE / 10)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    return h

