"""The Art. 28 checklist rules, read from data/art28_rules.json (documented in docs/privacy.md).

Pure Python, no Django: the CLI, the services and the tests share it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "art28_rules.json"

# The eleven clauses, in the article's order; the keys of `steadfast dpas check --json`.
CLAUSE_KEYS: tuple[str, ...] = ("28(2)", "28(3)(a)", "28(3)(b)", "28(3)(c)", "28(3)(d)", "28(3)(e)", "28(3)(f)",
                                "28(3)(g)", "28(3)(h)", "28(3)-final", "28(4)")


@dataclass(frozen=True)
class Phrasing:
    required: tuple[re.Pattern, ...]
    excluded: tuple[re.Pattern, ...]

    def matches(self, passage: str) -> bool:
        return (all(p.search(passage) for p in self.required)
                and not any(p.search(passage) for p in self.excluded))


@dataclass(frozen=True)
class ClauseRule:
    key: str
    title: str
    article_text: str
    phrasings: tuple[Phrasing, ...]

    def matches(self, passage: str) -> bool:
        return any(phrasing.matches(passage) for phrasing in self.phrasings)


def _compile(patterns: list[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def load_rules(path: Path = RULES_PATH) -> tuple[ClauseRule, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = tuple(
        ClauseRule(key=entry["key"], title=entry["title"], article_text=entry["article_text"],
                   phrasings=tuple(Phrasing(_compile(p["all"]), _compile(p.get("none", []))) for p in entry["phrasings"]))
        for entry in data["clauses"])
    keys = tuple(rule.key for rule in rules)
    if keys != CLAUSE_KEYS:
        raise ValueError(f"{path}: clauses must be exactly {', '.join(CLAUSE_KEYS)} in that order (got {', '.join(keys)})")
    return rules


@cache
def rules() -> tuple[ClauseRule, ...]:
    return load_rules()


def rule_for(key: str) -> ClauseRule:
    return next(rule for rule in rules() if rule.key == key)
