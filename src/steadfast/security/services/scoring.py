"""The automatic score of an assessment and the residual risk it leaves (formulas: docs/security-workflow.md).

Pure functions over plain values so that the formulas can be tested with hand-computed numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Credit each yes/no/partial answer earns; "na" is left out of the denominator, no answer earns 0.
COVERAGE_CREDIT = {"yes": 1.0, "partial": 0.5, "no": 0.0}
NOT_APPLICABLE = "na"
# Even full coverage leaves some risk: controls attested in a questionnaire are not proven effective.
CONTROL_EFFECTIVENESS = 0.8
# A supplier whose inherent risk was never computed is treated as the worst case until it is.
UNKNOWN_INHERENT_RISK = 100.0


@dataclass(frozen=True)
class ScoredQuestion:
    question_id: int
    weight: int
    visible: bool = True


@dataclass(frozen=True)
class Score:
    score: float | None  # 0-100, None when nothing applicable was scored
    earned: float
    possible: float


def coverage_score(questions: Iterable[ScoredQuestion], answers: Mapping[int, Any]) -> Score:
    """Weighted control coverage: 100 × Σ wᵢ·creditᵢ / Σ wᵢ over visible, weighted yes/no/partial
    questions, "na" answers excluded from both sums, unanswered ones counted with credit 0."""
    earned = possible = 0.0
    for question in questions:
        if not question.visible or question.weight <= 0:
            continue
        value = answers.get(question.question_id)
        if value == NOT_APPLICABLE:
            continue
        possible += question.weight
        earned += question.weight * COVERAGE_CREDIT.get(value, 0.0)
    score = round(100.0 * earned / possible, 2) if possible else None
    return Score(score=score, earned=earned, possible=possible)


def residual_risk(*, inherent: float | None, score: float | None) -> float:
    """residual = inherent × (1 − effectiveness × score / 100), both on 0-100."""
    base = UNKNOWN_INHERENT_RISK if inherent is None else float(inherent)
    coverage = 0.0 if score is None else float(score) / 100.0
    return round(base * (1.0 - CONTROL_EFFECTIVENESS * coverage), 2)
