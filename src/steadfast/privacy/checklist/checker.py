"""Find each Art. 28 clause in an agreement's text: per clause, present or missing, and the passage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from steadfast.privacy.checklist.rules import CLAUSE_KEYS, ClauseRule, rules

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
# A sentence ends at . ; or : followed by space and a capital, a digit or an opening bracket.
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[\"'“(A-Z0-9])")
_HYPHENATED_LINE_BREAK = re.compile(r"(\w)-\n(\w)")


def normalise(text: str) -> str:
    """The text the checklist reads (and that passages point into): one paragraph per blank-line
    block, lines inside a paragraph joined, runs of spaces collapsed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u00ad", "")
    text = _HYPHENATED_LINE_BREAK.sub(r"\1\2", text)
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        joined = re.sub(r"\s+", " ", block).strip()
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ClauseResult:
    key: str
    present: bool
    passage: Passage | None


def passages(normalised: str):
    """Every sentence, then every pair of consecutive sentences in the same paragraph, with offsets."""
    offset = 0
    pairs = []
    for paragraph in normalised.split("\n\n"):
        sentences = []
        cursor = 0
        for match in _SENTENCE_END.finditer(paragraph):
            sentences.append((cursor, match.start()))
            cursor = match.end()
        sentences.append((cursor, len(paragraph)))
        for start, end in sentences:
            yield Passage(offset + start, offset + end, paragraph[start:end])
        for (start, _), (_, end) in zip(sentences, sentences[1:], strict=False):
            pairs.append(Passage(offset + start, offset + end, paragraph[start:end]))
        offset += len(paragraph) + 2
    yield from pairs


def check_text(normalised: str) -> dict[str, ClauseResult]:
    """The checklist for text already passed through `normalise`."""
    candidates = list(passages(normalised))
    results = {}
    for rule in rules():
        results[rule.key] = ClauseResult(rule.key, *_first_match(rule, candidates))
    return results


def _first_match(rule: ClauseRule, candidates: list[Passage]) -> tuple[bool, Passage | None]:
    for passage in candidates:
        if rule.matches(passage.text):
            return True, passage
    return False, None


def as_json(results: dict[str, ClauseResult]) -> dict:
    """The CLI's shape: {"clauses": {key: {"present": bool, "passage": str}}} with the eleven keys."""
    return {"clauses": {key: {"present": results[key].present,
                              "passage": results[key].passage.text if results[key].passage else ""}
                        for key in CLAUSE_KEYS}}
