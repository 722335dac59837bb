"""Control coverage arithmetic: arrays in, arrays out (numpy and scipy.sparse, no Django).

Definitions (docs/security.md, "Control coverage", has a worked example):

- An answer's *credit*: yes 1, partial 0.5, no 0. "Not applicable", an empty answer (a question
  hidden by its condition, or an optional one left blank), answers of other types (documents,
  numbers, text) and answers to informational questions (weight 0, like the gate "do you make
  products?") carry no credit and are left out: they neither raise nor lower coverage.
- A control's credit in one assessment: the mean credit of the answers of the questions mapping to
  it in the template version that assessment was answered on. A control no credited answer reaches
  is *unanswered* (not in any denominator).
- A group's coverage (a CSF function or category, an SP 800-53 family) in one assessment:
  100 × the mean credit over the group's answered controls; None when none of them was answered.
- Across the portfolio: the mean of the suppliers' group coverages (each supplier's latest accepted
  assessment, suppliers with no answered control in the group left out), and how many suppliers
  fall below 50 %.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

BELOW = 50.0  # a supplier under this coverage of a group is counted in "below 50 %"


@dataclass(frozen=True)
class Grid:
    """Per assessment (rows) and control (columns): mean credit (nan when unanswered)."""

    credit: np.ndarray  # float (n_assessments × n_controls), 0..1 or nan
    answered: np.ndarray  # bool, same shape


def control_credit(*, n_assessments: int, n_questions: int, n_controls: int,
                   answers: tuple[np.ndarray, np.ndarray, np.ndarray],
                   mapping: tuple[np.ndarray, np.ndarray]) -> Grid:
    """answers = (assessment index, question index, credit 0..1), one per credited answer;
    mapping = (question index, control index), one per question-control link. A question belongs
    to exactly one template version, so an assessment only reaches the links of its own version."""
    a_idx, q_idx, credit = (np.asarray(x) for x in answers)
    shape = (n_assessments, n_questions)
    earned = sparse.csr_matrix((credit.astype(float), (a_idx, q_idx)), shape=shape)
    counted = sparse.csr_matrix((np.ones(len(a_idx)), (a_idx, q_idx)), shape=shape)
    mq, mc = (np.asarray(x) for x in mapping)
    links = sparse.csr_matrix((np.ones(len(mq)), (mq, mc)), shape=(n_questions, n_controls))
    total = (earned @ links).toarray()
    count = (counted @ links).toarray()
    answered = count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(answered, total / np.where(answered, count, 1), np.nan)
    return Grid(credit=mean, answered=answered)


def group_coverage(grid: Grid, control_group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(coverage %, answered controls) per assessment and group; coverage is nan where a group has
    no answered control. control_group[c] is the group index of control c (-1: in no group)."""
    control_group = np.asarray(control_group)
    keep = control_group >= 0
    member = sparse.csr_matrix((np.ones(int(keep.sum())), (np.flatnonzero(keep), control_group[keep])),
                               shape=(grid.credit.shape[1], n_groups))
    earned = np.where(grid.answered, grid.credit, 0.0) @ member
    answered = grid.answered.astype(float) @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(answered > 0, 100.0 * earned / np.where(answered > 0, answered, 1), np.nan)
    return coverage, answered.astype(int)


@dataclass(frozen=True)
class Summary:
    assessed: int  # assessments (suppliers) with at least one answered control
    mean: float | None  # mean coverage %, None when nobody was assessed
    below: int  # assessed suppliers under BELOW %


def summarise(values: np.ndarray) -> Summary:
    """The portfolio line of one group (or control) from its column of per-supplier values (nan: not
    assessed)."""
    values = np.asarray(values, dtype=float)
    assessed = values[~np.isnan(values)]
    if not len(assessed):
        return Summary(assessed=0, mean=None, below=0)
    return Summary(assessed=len(assessed), mean=round(float(assessed.mean()), 1),
                   below=int((assessed < BELOW).sum()))
