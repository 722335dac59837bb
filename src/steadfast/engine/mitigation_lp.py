"""The mitigation optimiser's scenario subproblems (docs/model.md, "Mitigation optimiser").

For a scenario s, a horizon T and extra stock x, v_s(x) is the least sum of lost-demand
fractions in the scenario's rate LP at r = 1/T with x added to the stock: 0 exactly when
the scenario survives T days. Extra stock enters as fixed columns z = x / T, so the
reduced costs of those columns at an optimum give the Benders cut
v_s(x) >= v_s(x^) + d . (x - x^).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from .highs import OPTIMAL, SolverError, new_highs, solve
from .lp import build_rate_lp, rate_lp_model
from .mitigation_stock import stock_incidence
from .model import Network
from .reference import _scenario_capacity
from .scenarios import Scenario

# -- the scenario subproblem ------------------------------------------------------------------
# Reduced costs within this of the right sign count as right (local LPs solve to 1e-10).
DUAL_TOLERANCE = 1e-9
BOUND_TOLERANCE = 1e-9
# A local LP freeing more than this share of the columns, or taking more rounds, hands the
# scenario to the whole LP.
REGION_SHARE = 0.2
MAX_ROUNDS = 40
# Nodes downstream of the disrupted ones freed in the first round.
SEED_DOWNSTREAM = 200


@dataclass(frozen=True)
class Cut:
    """The subproblem's answer at a plan x^: its value v_s(x^); d v_s / d x per stockable
    node (<= 0 up to round-off), sparse: ``gradient_at`` and ``gradient``; and the stock
    that covers its lost demand at the products, sparse (``repair_at`` None when some lost
    demand has no unlimited stockable node to cover it). Sparse, as workers send them back."""

    value: float
    gradient_at: np.ndarray
    gradient: np.ndarray
    repair_at: np.ndarray | None
    repair: np.ndarray | None


class ScenarioLP:
    """Every modelled node's rate LP in PI form, with lost-demand fractions as costs and one
    fixed column z_i = x_i / T per stockable node i, solved per scenario on a local region
    with a dual certificate (as region.py does for analysis) or, failing that, whole."""

    def __init__(self, network: Network, stockable: np.ndarray, cost: np.ndarray, max_extra: np.ndarray, *,
                 region_share: float = REGION_SHARE) -> None:
        """``stockable``: network indices of the nodes that may take extra stock (they must
        reach a product); ``cost`` and ``max_extra`` per stockable node. ``region_share``
        only changes speed (the tests vary it to exercise both paths)."""
        self.network = network
        self.region_share = region_share
        nodes = np.flatnonzero(network.reaches_product)
        self.lp = lp = build_rate_lp(network, nodes)
        local = np.full(network.num_nodes, -1, dtype=np.int64)
        local[nodes] = np.arange(len(nodes))
        self.local = local
        stock = stock_incidence(network, lp)[:, local[stockable]].tocsc()
        self.num_z = len(stockable)
        self.z_start = lp.num_cols
        self.z_cols = np.arange(self.z_start, self.z_start + self.num_z, dtype=np.int64)
        self.csc = sp.hstack([lp.matrix, stock], format="csc")
        self.csr = self.csc.tocsr()
        self.num_cols = self.csc.shape[1]
        self.row_lower, self.row_upper = lp.row_lower, lp.row_upper
        # Each l' column sits in its product's demand row: cost 1 / demand there, so the
        # objective is the sum of the fractions of demand lost, in any units.
        l_rows = self.csc.indices[self.csc.indptr[lp.l_cols]]
        self.cost = np.zeros(self.num_cols)
        self.cost[lp.l_cols] = 1.0 / lp.row_lower[l_rows]
        self.upper = np.full(self.num_cols, np.inf)
        self.upper[: len(nodes)] = lp.capacity
        self.max_extra = max_extra
        # Stock that covers lost demand: per demand row, the cheapest unlimited stockable node
        # whose stock enters it.
        rows = stock.tocsr()
        self.cover = np.full(len(l_rows), -1, dtype=np.int64)
        for k, row in enumerate(l_rows):
            members = rows.indices[rows.indptr[row] : rows.indptr[row + 1]]
            members = members[(rows.data[rows.indptr[row] : rows.indptr[row + 1]] > 0) & np.isinf(max_extra[members])]
            if members.size:
                self.cover[k] = members[np.argmin(cost[members])]
        self._groups(network, nodes, local[stockable])
        self._anchor: tuple[np.ndarray | None, float] | None = None  # (x*, r*), on first use
        self._full: highspy.Highs | None = None
        # Per (scenario, horizon): the region and optimal basis of its last certified local
        # solve, the start of its next one (only the fixed z columns move between plans).
        self._warm: dict[tuple[str, float], _Warm] = {}
        # Per (scenario, horizon): the stockable nodes whose z columns enter the rows of its
        # last certified local LP, their extra stock then, and the cut found.
        self._last: dict[tuple[str, float], tuple[np.ndarray, np.ndarray, Cut]] = {}
        self._stock_rows = self.csc[:, self.z_cols].tocsr()
        self.stats = {"local": 0, "rounds": 0, "full": 0, "reused": 0}

    # -- set-up ------------------------------------------------------------------------------
    def _groups(self, network: Network, nodes: np.ndarray, z_node: np.ndarray) -> None:
        """Columns of each node (its u, l', z and the y columns of alternative edges in and
        out of it), the nodes of each column, and each node's consumers."""
        lp, local, n = self.lp, self.local, len(nodes)
        y_cols = n + np.arange(len(lp.edges))
        y_from, y_to = local[network.edge_from[lp.edges]], local[network.edge_to[lp.edges]]
        owner = np.concatenate([np.arange(n), y_from, y_to, local[lp.products], z_node])
        member = np.concatenate([np.arange(n), y_cols, y_cols, lp.l_cols, self.z_cols])
        self.node_group = sp.csr_matrix((np.ones(len(owner)), (owner, member)), shape=(n, self.num_cols))
        self.col_nodes = self.node_group.T.tocsr()
        inside = (local[network.edge_from] >= 0) & (local[network.edge_to] >= 0)
        self.consumers = sp.csr_matrix(
            (np.ones(int(inside.sum())), (local[network.edge_from[inside]], local[network.edge_to[inside]])),
            shape=(n, n))

    @property
    def anchor(self) -> tuple[np.ndarray | None, float]:
        if self._anchor is None:
            self._anchor = self._baseline()
        return self._anchor

    def _baseline(self) -> tuple[np.ndarray | None, float]:
        """A lean l' = 0 solution x* of the undisrupted LP at its least rate r* (TTS mode,
        then least total production at r*). It stays feasible for any r >= r* and any
        extra stock (both only relax rows), so it anchors every local solve; None when
        the network cannot meet demand at all (everything then goes to the whole LP)."""
        lp = self.lp
        h = rate_lp_model(lp, mode="tts")
        if solve(h) != OPTIMAL:
            return None, np.inf
        r_star = float(h.getSolution().col_value[lp.r_col])
        h.changeColBounds(lp.r_col, r_star, r_star)
        h.changeColsCost(len(lp.nodes), np.arange(len(lp.nodes), dtype=np.int32), np.ones(len(lp.nodes)))
        h.changeColCost(lp.r_col, 0.0)
        if solve(h) != OPTIMAL:
            raise SolverError("mitigation: the lean baseline LP ended without an optimum")
        return np.concatenate([np.asarray(h.getSolution().col_value), np.zeros(self.num_z)]), r_star

    # -- solving -----------------------------------------------------------------------------
    def solve(self, scenario: Scenario, horizon: float, extra: np.ndarray | None) -> Cut:
        """v_s at ``horizon`` days with ``extra`` stock per stockable node (None: as much as
        each may take, to learn whether anything can save the scenario)."""
        rate = 1.0 / horizon
        cols = np.array(sorted({int(self.local[k]) for k in scenario.nodes if self.local[k] >= 0}), dtype=np.int64)
        lower = np.zeros(self.num_cols)
        upper = self.upper.copy()
        upper[cols] = _scenario_capacity(self.network, scenario)[self.lp.nodes[cols]]
        lower[self.lp.r_col] = upper[self.lp.r_col] = rate
        if extra is None:
            upper[self.z_cols] = self.max_extra * rate
        else:
            lower[self.z_cols] = upper[self.z_cols] = extra * rate
        answer = None
        x_star, r_star = self.anchor
        key = (scenario.name, horizon)
        last = self._last.pop(key, None) if extra is not None else None
        if last is not None and np.array_equal(extra[last[0]], last[1]):
            # The plan moved no stock that enters the rows of this scenario's last
            # certified local LP: the local LP, its optimum and its certificate (the reduced
            # costs of the movable columns in those rows) are exactly the same, so is the cut.
            self._last[key] = last
            self.stats["reused"] += 1
            return last[2]
        if x_star is not None and rate >= r_star:
            # A plan's subproblem starts from the same scenario's last certified region and
            # basis; the "can it be saved" pass (extra None: z movable) starts cold.
            warm = self._warm.get(key) if extra is not None else None
            answer = self._local(x_star, cols, lower, upper, warm)
            if answer is not None and extra is not None:
                self._warm[key] = warm = answer[3]
            elif answer is None:
                self._warm.pop(key, None)
        if answer is None:
            self.stats["full"] += 1
            try:
                answer = self._whole(lower, upper)
            except SolverError as exc:
                raise SolverError(f"scenario {scenario.name!r}: {exc}") from None
        else:
            self.stats["local"] += 1
        value, y_dot_a, lost = answer[:3]
        at = np.flatnonzero(y_dot_a)
        gradient = -y_dot_a[at] * rate  # d v / d z = 0 - a_z . y, and z = x * rate
        repair_at = repair = None
        needed = lost > 0
        if extra is not None and np.all(self.cover[needed] >= 0):
            repair_at, position = np.unique(self.cover[needed], return_inverse=True)
            repair = np.bincount(position, weights=lost[needed] * horizon, minlength=len(repair_at))
        cut = Cut(value=value, gradient_at=at, gradient=gradient, repair_at=repair_at, repair=repair)
        if extra is not None and len(answer) > 3:
            z_at = np.unique(self._stock_rows[warm.rows].indices)
            self._last[key] = (z_at, extra[z_at].copy(), cut)
        return cut

    def _local(self, x_star: np.ndarray, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray,
               warm: _Warm | None = None):
        """(value, a_z . y per z column, l' values, warm start) from a local LP proved
        optimal, or None. ``warm``: start from that region (grown as needed) and basis."""
        point = np.minimum(np.maximum(x_star, lower), np.where(np.isinf(upper), np.inf, np.maximum(upper, lower)))
        point[cols] = x_star[cols]  # disrupted columns move anyway
        movable = upper > lower
        region = np.zeros(self.num_cols, dtype=bool)
        region[cols] = True  # even when fixed at 0: their rows must be in the local LP
        if warm is not None:
            grow = warm.free
        else:
            grow = self._group_cols(self._downstream(cols))
        limit = self.region_share * self.num_cols
        start = warm
        for _ in range(MAX_ROUNDS):
            region[grow[movable[grow]]] = True
            if region.sum() > limit:
                return None
            self.stats["rounds"] += 1
            outcome, start = self._round(region, point, lower, upper, start)
            if isinstance(outcome, tuple):
                return outcome
            if outcome is None:
                return None
            fresh = outcome[~region[outcome]]
            if fresh.size == 0:
                return None
            grow = np.union1d(fresh, self._group_cols(np.unique(self.col_nodes[fresh].indices)))
        return None

    def _downstream(self, cols: np.ndarray) -> np.ndarray:
        """The disrupted nodes and up to SEED_DOWNSTREAM nodes fed by them, breadth first."""
        seen = set(cols.tolist())
        frontier = cols
        while frontier.size and len(seen) < len(cols) + SEED_DOWNSTREAM:
            following = np.unique(self.consumers[frontier].indices)
            following = following[[k not in seen for k in following.tolist()]] if following.size else following
            seen.update(following.tolist())
            frontier = following
        return np.fromiter(seen, dtype=np.int64)

    def _group_cols(self, nodes: np.ndarray) -> np.ndarray:
        return np.unique(self.node_group[nodes].indices).astype(np.int64)

    def _round(self, region: np.ndarray, point: np.ndarray, lower: np.ndarray, upper: np.ndarray,
               start: _Warm | None):
        """Solve the local LP over ``region`` (other columns fixed at ``point``), from
        ``start``'s basis extended to the region when given: (its answer when the
        certificate holds, else the columns to free next (None: give up); the warm start
        for a next round or plan, None when it ended without an optimum)."""
        free = np.flatnonzero(region)
        if start is not None and len(start.free) == len(free) and np.array_equal(start.free, free):
            # The same region as the start (a next plan): its rows, blocks and basis as they are.
            rows, block, local, edge, edge_cols = start.rows, start.block, start.local, start.edge, start.edge_cols
            basis = start.basis
        else:
            rows = np.unique(self.csc[:, free].indices)
            block = self.csr[rows]
            local = block[:, free].tocsc()
            # The columns the certificate prices: in the local rows, outside the region and
            # movable (the same for every plan: plans only move the fixed z columns).
            edge_cols = np.unique(block.indices)
            edge_cols = edge_cols[~region[edge_cols] & (upper[edge_cols] > lower[edge_cols])]
            edge = block[:, edge_cols].tocsc()
            basis = None if start is None else start.extended(free, rows, lower[free], upper[free])
        activity = block @ point - local @ point[free]
        h = _local_model(local, self.cost[free], lower[free], upper[free],
                         self.row_lower[rows] - activity, self.row_upper[rows] - activity)
        if basis is not None:
            h.setBasis(basis)
        try:
            status = solve(h)
        except SolverError:
            return None, None  # no clear answer locally: the whole LP decides
        if status != OPTIMAL:  # infeasible: free everything that touches the local rows
            return np.unique(block.indices), None
        warm = _Warm(free=free, rows=rows, basis=h.getBasis(), block=block, local=local, edge=edge,
                     edge_cols=edge_cols)
        solution = h.getSolution()
        y = np.asarray(solution.row_dual)
        # Reduced costs of the priced columns (local duals in the local rows, zeros elsewhere).
        touched = edge_cols
        d = self.cost[touched] - edge.T @ y
        value = point[touched]
        top = upper[touched]
        at_lower = value <= lower[touched] + BOUND_TOLERANCE * np.maximum(1.0, np.abs(lower[touched]))
        at_upper = np.isfinite(top) & (value >= top - BOUND_TOLERANCE * np.maximum(1.0, np.where(np.isfinite(top), top, 0)))
        wrong = ((d < -DUAL_TOLERANCE) & ~at_upper) | ((d > DUAL_TOLERANCE) & ~at_lower)
        if wrong.any():
            return touched[wrong], warm
        x_local = np.asarray(solution.col_value)
        lost = point[self.lp.l_cols]
        in_region = region[self.lp.l_cols]
        lost[in_region] = x_local[np.searchsorted(free, self.lp.l_cols[in_region])]
        objective = float(self.cost[self.lp.l_cols] @ lost)
        a_z_y = self._stock_rows[rows].T @ y  # a_z . y per z column (zero outside the local rows)
        return (objective, a_z_y, lost, warm), warm

    def _whole(self, lower: np.ndarray, upper: np.ndarray):
        """(value, a_z . y, l') from the whole LP, hot-started from its previous solve."""
        if self._full is None:
            self._full = _local_model(self.csc, self.cost, lower, upper, self.row_lower, self.row_upper)
        else:
            self._full.changeColsBounds(self.num_cols, np.arange(self.num_cols, dtype=np.int32),
                                        lower, np.where(np.isinf(upper), highspy.kHighsInf, upper))
        h = self._full
        status = solve(h)
        if status != OPTIMAL:  # l' may absorb any loss, so this LP always has an optimum
            raise SolverError(f"mitigation LP ended {h.modelStatusToString(status)!r}")
        solution = h.getSolution()
        y = np.asarray(solution.row_dual)
        x = np.asarray(solution.col_value)
        a_dot_y = self.csc[:, self.z_cols].T @ y
        return float(h.getInfo().objective_function_value), a_dot_y, x[self.lp.l_cols]


_STATUS = list(highspy.HighsBasisStatus.__members__.values())
_BASIC = highspy.HighsBasisStatus.kBasic


@dataclass(frozen=True, eq=False)
class _Warm:
    """A local LP's free columns and rows (sorted global indices), its optimal basis and
    the blocks of the LP matrix it uses."""

    free: np.ndarray
    rows: np.ndarray
    basis: highspy.HighsBasis
    block: sp.csr_matrix  # the local rows, all columns
    local: sp.csc_matrix  # the local rows, the free columns
    edge: sp.csc_matrix  # the local rows, the columns the certificate prices
    edge_cols: np.ndarray

    def extended(self, free: np.ndarray, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray):
        """This basis for a local LP over a superset of the columns and rows: columns new
        to it nonbasic at a finite bound (or zero), rows new to it basic (their slacks),
        so the basis matrix stays block triangular and nonsingular. None when the region
        is not a superset (a fresh start then)."""
        col_at = np.searchsorted(free, self.free)
        row_at = np.searchsorted(rows, self.rows)
        if (np.any(col_at >= len(free)) or np.any(free[np.minimum(col_at, len(free) - 1)] != self.free)
                or np.any(row_at >= len(rows)) or np.any(rows[np.minimum(row_at, len(rows) - 1)] != self.rows)):
            return None
        code = np.where(np.isfinite(lower), 0, np.where(np.isfinite(upper), 2, 3))  # kLower, kUpper, kZero
        col_status = np.asarray(_STATUS, dtype=object)[code]
        col_status[col_at] = np.asarray(self.basis.col_status, dtype=object)
        row_status = np.full(len(rows), _BASIC, dtype=object)
        row_status[row_at] = np.asarray(self.basis.row_status, dtype=object)
        basis = highspy.HighsBasis()
        basis.col_status = col_status.tolist()
        basis.row_status = row_status.tolist()
        basis.valid = True
        return basis


def _local_model(matrix: sp.csc_matrix, cost, lower, upper, row_lower, row_upper) -> highspy.Highs:
    inf = highspy.kHighsInf
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = matrix.shape[1], matrix.shape[0]
    model.col_cost_ = np.asarray(cost, dtype=float)
    model.col_lower_ = np.asarray(lower, dtype=float)
    model.col_upper_ = np.where(np.isinf(upper), inf, upper)
    model.row_lower_ = np.where(np.isinf(row_lower), -inf, row_lower)
    model.row_upper_ = np.where(np.isinf(row_upper), inf, row_upper)
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    model.a_matrix_.index_ = matrix.indices.astype(np.int32)
    model.a_matrix_.value_ = matrix.data.astype(float)
    h = new_highs()
    h.setOptionValue("presolve", "off")
    h.setOptionValue("dual_feasibility_tolerance", DUAL_TOLERANCE / 10)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.passModel(model)
    return h
