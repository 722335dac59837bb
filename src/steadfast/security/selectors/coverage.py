"""Control coverage of suppliers' accepted answers, per framework grouping: NIST CSF 2.0 functions and
categories, SP 800-53 families (definitions in coverage_math.py and docs/security.md).

Each supplier counts with its latest accepted assessment, and each assessment with the
question→control mapping of the template version it was answered on. A page costs a fixed handful
of queries whatever the number of suppliers: the latest assessments, the mapping of their versions,
their credited answers (credit computed in SQL), and the catalog of the framework.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.network.models import Supplier
from steadfast.security.models import Answer, Assessment, Control, Framework, Question
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.selectors import coverage_math as math
from steadfast.security.services.scoring import COVERAGE_CREDIT

SCORED_TYPE = Question.AnswerType.YES_NO_PARTIAL_NA


@dataclass(frozen=True)
class Level:
    """One way of grouping a framework's controls."""

    key: str  # "function", "category", "family"
    label: str  # "CSF 2.0 function"

    def group_of(self, control: CatalogControl) -> str:
        if self.key == "category":  # GV.SC-07 and GV.SC itself → GV.SC
            return control.control_id.split("-")[0]
        return control.group_path.split("/")[0].upper()  # GV; ac → AC


@dataclass(frozen=True)
class FrameworkKind:
    key: str  # the API's framework=…
    label: str
    name_contains: str  # how an imported Framework row is recognised
    levels: tuple[Level, ...]
    # The controls a question is expected to map (a gap is one of these that no question maps):
    # CSF subcategories (they have a category as parent), SP 800-53 base controls (no parent).
    assessable_has_parent: bool

    def matches(self, framework_name: str) -> bool:
        return self.name_contains.lower() in framework_name.lower()


FRAMEWORKS = {
    "csf": FrameworkKind("csf", "NIST CSF 2.0", "Cybersecurity Framework",
                         (Level("function", "CSF 2.0 function"), Level("category", "CSF 2.0 category")), True),
    "sp800-53": FrameworkKind("sp800-53", "NIST SP 800-53 Rev. 5", "800-53", (Level("family", "SP 800-53 family"),),
                              False),
}


@dataclass(frozen=True)
class CoverageFilter:
    framework: str = ""  # "" = every framework
    tier: tuple[int, ...] = ()  # security tiers (effective: an override wins)

    @classmethod
    def from_params(cls, params: Mapping) -> CoverageFilter:
        framework = str(params.get("framework") or "").strip().lower()
        if framework and framework not in FRAMEWORKS:
            raise ValidationError({"framework": f"framework must be one of {', '.join(FRAMEWORKS)}, not {framework!r}"})
        raw = params.getlist("tier") if hasattr(params, "getlist") else params.get("tier") or []
        raw = raw if isinstance(raw, list | tuple) else [raw]
        try:
            tiers = tuple(sorted({int(part) for value in raw for part in str(value).split(",") if part.strip()}))
        except ValueError:
            raise ValidationError({"tier": "tier must be whole numbers 1 to 4"}) from None
        if any(t not in (1, 2, 3, 4) for t in tiers):
            raise ValidationError({"tier": "tier must be whole numbers 1 to 4"})
        return cls(framework=framework, tier=tiers)

    def kinds(self) -> list[FrameworkKind]:
        return [FRAMEWORKS[self.framework]] if self.framework else list(FRAMEWORKS.values())


@dataclass(frozen=True)
class CatalogControl:
    pk: int
    control_id: str
    label: str
    title: str
    group_path: str
    group_title: str
    parent_id: int | None
    parent_title: str
    withdrawn: bool
    sort_order: int
    framework_id: int


@dataclass
class GroupRow:
    key: str
    title: str
    controls_in_catalog: int = 0  # assessable, not withdrawn
    controls_mapped: int = 0  # mapped by a question of the versions in play
    controls_answered: int = 0  # reached by at least one credited answer
    suppliers_assessed: int = 0
    mean_coverage: float | None = None  # %
    below_half: int = 0  # suppliers under 50 %


@dataclass
class LevelCoverage:
    framework: FrameworkKind
    level: Level
    rows: list[GroupRow]
    overall: GroupRow  # the whole framework as one group


@dataclass
class Coverage:
    assessments: int  # suppliers counted (latest accepted assessment each)
    filters: CoverageFilter
    levels: list[LevelCoverage] = field(default_factory=list)


# --- reads ---------------------------------------------------------------------------------------

def latest_accepted(*, user, tiers: tuple[int, ...] = (), supplier_id: int | None = None) -> QuerySet[Assessment]:
    """Each supplier's latest accepted assessment (by acceptance time, then id), in the user's scope."""
    accepted = Assessment.objects.filter(status=AssessmentStatus.ACCEPTED)
    later = accepted.filter(supplier=OuterRef("supplier")).filter(
        Q(accepted_at__gt=OuterRef("accepted_at")) | Q(accepted_at=OuterRef("accepted_at"), pk__gt=OuterRef("pk")))
    qs = scoped(accepted, user=user, supplier="supplier").filter(~Exists(later))
    if supplier_id is not None:
        qs = qs.filter(supplier_id=supplier_id)
    if tiers:
        qs = qs.annotate(effective_tier=Coalesce("supplier__risk_profile__tier_override",
                                                 "supplier__risk_profile__tier")).filter(effective_tier__in=tiers)
    return qs


def imported_frameworks(kinds: list[FrameworkKind]) -> dict[int, FrameworkKind]:
    """Framework id → its kind (every imported version of it)."""
    return {pk: kind for pk, name in Framework.objects.values_list("pk", "name")
            for kind in kinds if kind.matches(name)}


def catalog_controls(framework_ids) -> dict[int, CatalogControl]:
    rows = (Control.objects.filter(framework_id__in=framework_ids).order_by("framework_id", "sort_order")
            .values_list("pk", "control_id", "label", "title", "group_path", "group_title", "parent_id",
                         "parent__title", "withdrawn", "sort_order", "framework_id"))
    return {r[0]: CatalogControl(*r[:7], r[7] or "", *r[8:]) for r in rows}


def credited_answers(assessments: QuerySet[Assessment], question_ids) -> np.ndarray:
    """(assessment id, question id, credit in halves: yes 2, partial 1, no 0) per yes/partial/no
    answer, as an n × 3 integer array. The credit is computed in SQL and the rows are read straight
    from the cursor: no JSON decoded and no per-row converters in Python (about 200,000 rows for the
    portfolio of 4,000 suppliers)."""
    halves = Case(*(When(value=v, then=Value(int(2 * c))) for v, c in COVERAGE_CREDIT.items()),
                  default=None, output_field=IntegerField())
    query = (Answer.objects.filter(assessment__in=assessments.values("pk"), question_id__in=sorted(question_ids),
                                   value__in=list(COVERAGE_CREDIT))
             .annotate(halves=halves).order_by().values_list("assessment_id", "question_id", "halves"))
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


@dataclass
class _Basis:
    """What every coverage figure is computed from."""

    assessment_ids: list[int]
    links: list[tuple[int, int, str, int]]  # (question id, control id, answer type, weight)
    catalog: dict[int, CatalogControl]
    kind_of_framework: dict[int, FrameworkKind]
    answers: np.ndarray  # n × 3: assessment id, question id, credit in halves
    grid: math.Grid | None = None
    controls: list[int] = field(default_factory=list)  # column order of grid


def _basis(assessments: QuerySet[Assessment], kinds: list[FrameworkKind]) -> _Basis:
    rows = list(assessments.order_by("pk").values_list("pk", "supplier_id", "template_id"))
    template_ids = {r[2] for r in rows}
    kind_of_framework = imported_frameworks(kinds)
    links = list(Question.controls.through.objects.filter(
        question__template_id__in=template_ids, control__framework_id__in=list(kind_of_framework))
        .values_list("question_id", "control_id", "question__answer_type", "question__weight"))
    # Informational questions (weight 0: "do you make products at all?") gate others; they evidence nothing.
    links = [(q, c, kind if weight > 0 else "informational", weight) for q, c, kind, weight in links]
    scored = {q for q, _c, kind, _w in links if kind == SCORED_TYPE}
    answers = credited_answers(assessments, scored) if scored and rows else np.zeros((0, 3), dtype=np.int64)
    catalog = catalog_controls(list(kind_of_framework))
    basis = _Basis([r[0] for r in rows], links, catalog, kind_of_framework, answers)
    questions = np.array(sorted(scored), dtype=np.int64)
    q_index = {int(pk): i for i, pk in enumerate(questions)}
    basis.controls = sorted({c for _q, c, _k, _w in links})
    c_index = {pk: i for i, pk in enumerate(basis.controls)}
    scored_links = [(q_index[q], c_index[c]) for q, c, kind, _w in links if kind == SCORED_TYPE]
    # ids → positions, vectorised (both id lists are sorted and hold every id the answers carry)
    a_pos = np.searchsorted(np.array(basis.assessment_ids, dtype=np.int64), answers[:, 0])
    q_pos = np.searchsorted(questions, answers[:, 1])
    basis.grid = math.control_credit(
        n_assessments=len(rows), n_questions=len(questions), n_controls=len(basis.controls),
        answers=(a_pos, q_pos, answers[:, 2] / 2.0),
        mapping=(np.array([q for q, _c in scored_links], dtype=int), np.array([c for _q, c in scored_links], dtype=int)))
    return basis


def _level_coverage(basis: _Basis, kind: FrameworkKind, level: Level) -> LevelCoverage:
    catalog = [c for c in basis.catalog.values() if basis.kind_of_framework[c.framework_id] is kind]
    groups: dict[str, GroupRow] = {}
    first_seen: dict[str, int] = {}
    for control in catalog:  # every group of the catalog, in catalog order, mapped or not
        key = level.group_of(control)
        row = groups.get(key)
        if row is None:
            row = groups[key] = GroupRow(key=key, title=group_title(level, control))
            first_seen[key] = control.sort_order
        if not control.withdrawn and (control.parent_id is not None) == kind.assessable_has_parent:
            row.controls_in_catalog += 1
    keys = list(groups)
    g_index = {k: i for i, k in enumerate(keys)}
    control_group = np.array([g_index[level.group_of(basis.catalog[c])]
                              if basis.kind_of_framework[basis.catalog[c].framework_id] is kind else -1
                              for c in basis.controls], dtype=int)
    coverage, answered = math.group_coverage(basis.grid, control_group, len(keys))
    ever_answered = basis.grid.answered.any(axis=0) if len(basis.assessment_ids) else np.zeros(len(basis.controls), bool)
    for c_pos, g in enumerate(control_group):
        if g >= 0:
            groups[keys[g]].controls_mapped += 1
            groups[keys[g]].controls_answered += bool(ever_answered[c_pos])
    for g, key in enumerate(keys):
        summary = math.summarise(coverage[:, g])
        row = groups[key]
        row.suppliers_assessed, row.mean_coverage, row.below_half = summary.assessed, summary.mean, summary.below
    mine = control_group >= 0
    overall_cov, _ = math.group_coverage(basis.grid, np.where(mine, 0, -1), 1)
    overall = math.summarise(overall_cov[:, 0])
    total = GroupRow(key="all", title=f"All of {kind.label}",
                     controls_in_catalog=sum(r.controls_in_catalog for r in groups.values()),
                     controls_mapped=int(mine.sum()), controls_answered=int(ever_answered[mine].sum()),
                     suppliers_assessed=overall.assessed, mean_coverage=overall.mean, below_half=overall.below)
    # Groups the catalog keeps only as withdrawn (CSF 1.1 categories) are shown only when mapped.
    shown = [groups[k] for k in keys if groups[k].controls_in_catalog or groups[k].controls_mapped]
    return LevelCoverage(framework=kind, level=level, rows=shown, overall=total)


def group_title(level: Level, control: CatalogControl) -> str:
    if level.key == "category":
        return control.parent_title if control.parent_id else control.title
    title = control.group_title
    return title.capitalize() if title.isupper() else title  # CSF functions are printed in capitals


def _coverage(assessments: QuerySet[Assessment], filters: CoverageFilter) -> Coverage:
    kinds = filters.kinds()
    basis = _basis(assessments, kinds)
    result = Coverage(assessments=len(basis.assessment_ids), filters=filters)
    for kind in kinds:
        for level in kind.levels:
            result.levels.append(_level_coverage(basis, kind, level))
    return result


def portfolio_coverage(*, user, filters: CoverageFilter | None = None) -> Coverage:
    """Across suppliers' latest accepted assessments in the user's scope (optionally of some tiers)."""
    filters = filters or CoverageFilter()
    return _coverage(latest_accepted(user=user, tiers=filters.tier), filters)


def get_supplier(*, user, supplier_id: int) -> Supplier:
    return get_object_or_404(scoped(Supplier.objects.all(), user=user, supplier="pk"), pk=supplier_id)


def supplier_coverage(*, user, supplier_id: int, framework: str = "") -> tuple[Supplier, Assessment | None, Coverage]:
    """One supplier (404 outside the user's scope), from its latest accepted assessment."""
    supplier = get_supplier(user=user, supplier_id=supplier_id)
    filters = CoverageFilter(framework=framework)
    latest = latest_accepted(user=user, supplier_id=supplier.pk)
    assessment = latest.select_related("template").first()
    return supplier, assessment, _coverage(latest, filters)


# --- drill-down: the controls of one group ------------------------------------------------------

@dataclass
class ControlRow:
    control: CatalogControl
    statement: str
    # (template id, code, text, template version, scored: a weighted yes/no/partial question)
    questions: list[tuple[int, str, str, str, bool]] = field(default_factory=list)
    suppliers_assessed: int = 0
    mean_coverage: float | None = None
    below_half: int = 0

    @property
    def mapped(self) -> bool:
        return bool(self.questions)


def group_controls(*, assessments: QuerySet[Assessment], framework: str, level: str,
                   group: str) -> tuple[FrameworkKind, Level, str, list[ControlRow]]:
    """The controls of one group: each mapped control with the questions mapping it (in the versions
    the assessments were answered on) and its coverage; the assessable controls no question maps
    follow as gaps. Raises ValidationError naming the parameter that is wrong."""
    kind = FRAMEWORKS.get(framework)
    if kind is None:
        raise ValidationError({"framework": f"framework must be one of {', '.join(FRAMEWORKS)}"})
    chosen = next((lv for lv in kind.levels if lv.key == level), None)
    if chosen is None:
        raise ValidationError({"level": f"level must be one of {', '.join(lv.key for lv in kind.levels)}"})
    basis = _basis(assessments, [kind])
    members = [c for c in basis.catalog.values() if chosen.group_of(c) == group]
    if not members:
        raise ValidationError({"group": f"{group!r} is not a {chosen.label} of the imported catalog"})
    title = group_title(chosen, members[0])
    c_pos = {pk: i for i, pk in enumerate(basis.controls)}
    member_ids = {m.pk for m in members}
    question_info = {q: row for q, *row in Question.objects.filter(
        pk__in={q for q, c, _k, _w in basis.links if c in member_ids})
        .values_list("pk", "template_id", "code", "text", "template__name", "template__version")}
    scored = {q for q, _c, kind, _w in basis.links if kind == SCORED_TYPE}
    statements = dict(Control.objects.filter(pk__in=[m.pk for m in members]).values_list("pk", "statement"))
    questions_of: dict[int, list] = defaultdict(list)
    for q, c, _k, _w in basis.links:
        if q in question_info:
            template_id, code, text, name, version = question_info[q]
            questions_of[c].append((template_id, code, text, f"{name} v{version}", q in scored))
    for listed in questions_of.values():
        listed.sort(key=lambda q: (q[3], q[1]))
    rows = []
    for member in members:
        row = ControlRow(control=member, statement=statements.get(member.pk, ""), questions=questions_of.get(member.pk, []))
        if member.pk in c_pos and len(basis.assessment_ids):
            summary = math.summarise(100.0 * basis.grid.credit[:, c_pos[member.pk]])
            row.suppliers_assessed, row.mean_coverage, row.below_half = summary.assessed, summary.mean, summary.below
        assessable = not member.withdrawn and (member.parent_id is not None) == kind.assessable_has_parent
        if row.mapped or assessable:
            rows.append(row)
    rows.sort(key=lambda r: (not r.mapped, r.control.sort_order))
    return kind, chosen, title, rows
