"""Who may do what: one table, consulted by pages, API and CLI alike.

Each row is a domain; each column a role; each cell the actions allowed ("v" view, "c" change).
Scope (which records a role sees inside a domain it may view) is applied by selectors through
`steadfast.core.scoping`, never here.
"""

from __future__ import annotations

from steadfast.core.roles import Role

VIEW = "view"
CHANGE = "change"
_ACTIONS = {"v": VIEW, "c": CHANGE}

ROLE_COLUMNS = (
    Role.ADMINISTRATOR,
    Role.RISK_ANALYST,
    Role.PRIVACY_OFFICER,
    Role.CONTINUITY_MANAGER,
    Role.INCIDENT_MANAGER,
    Role.AUDITOR,
    Role.SUPPLIER_RESPONDENT,
    Role.CUSTOMER_VIEWER,
    Role.REGULATOR,
)

# fmt: off
_TABLE = (
    # domain               admin  analys privac contin incid. audit. suppl. cust.  regulator
    ("home",               "v",   "v",   "v",   "v",   "v",   "v",   "v",   "v",   "v"),
    ("profile",            "vc",  "vc",  "vc",  "vc",  "vc",  "vc",  "vc",  "vc",  "vc"),
    ("jobs",               "vc",  "vc",  "vc",  "vc",  "vc",  "v",   "",    "",    ""),
    ("audit",              "v",   "",    "",    "",    "",    "v",   "",    "",    ""),
    ("users",              "vc",  "",    "",    "",    "",    "v",   "",    "",    ""),
    # the business map: suppliers, sites, items, sources, BOM, customers, networks, contracts
    ("network",            "vc",  "vc",  "v",   "vc",  "v",   "v",   "v",   "v",   "v"),
    ("network.import",     "vc",  "vc",  "",    "vc",  "",    "",    "",    "",    ""),
    ("network.export",     "v",   "v",   "v",   "v",   "v",   "v",   "v",   "v",   ""),
    # supplier security: frameworks, tiering, campaigns, findings, SBOM/KEV signals
    ("security",           "vc",  "vc",  "v",   "v",   "v",   "v",   "",    "",    ""),
    ("security.review",    "vc",  "vc",  "",    "",    "",    "v",   "",    "",    ""),
    # the supplier portal: respondents answer their own supplier's assessments and findings
    ("security.portal",    "v",   "v",   "",    "",    "",    "v",   "vc",  "",    ""),
    # major incidents in customer networks: customer viewers see their own networks' incidents and
    # the published updates only (selectors); monitoring systems post alerts with their own tokens
    ("incidents",          "vc",  "v",   "v",   "v",   "vc",  "v",   "",    "v",   "v"),
    ("incidents.alerts",   "vc",  "",    "",    "",    "vc",  "",    "",    "",    ""),
    ("incidents.figures",  "v",   "v",   "v",   "v",   "v",   "v",   "",    "",    ""),
    ("incidents.config",   "vc",  "",    "",    "",    "v",   "v",   "",    "",    ""),
    # business continuity: analyses, scenarios, BIA, plans, exercises (no scoped role sees any of it)
    ("continuity",         "vc",  "v",   "",    "vc",  "v",   "v",   "",    "",    ""),
    # privacy: DPAs (suppliers see their own), records of processing and transfers, supplier signing
    ("privacy",            "vc",  "v",   "vc",  "",    "v",   "v",   "v",   "",    ""),
    ("privacy.records",    "vc",  "v",   "vc",  "",    "v",   "v",   "",    "",    ""),
    ("privacy.portal",     "v",   "",    "v",   "",    "",    "v",   "vc",  "",    ""),
    # transparency: the figures computed from the records, their drill-downs and signed publications
    # (administrators publish; the public trust page needs no role)
    ("transparency",       "vc",  "v",   "v",   "v",   "v",   "v",   "",    "",    ""),
    # transparency centres: the register, the calendar, evaluations (customers and regulators see and
    # book their own; the country scope narrows regulators), findings; staff approve and report
    ("transparency.centres", "vc", "v",  "v",   "v",   "v",   "v",   "",    "v",   "v"),
    ("transparency.booking", "vc", "",   "",    "",    "",    "",    "",    "vc",  "vc"),
    # the gated portal: stakeholders request, accept the NDA, download; owners upload, approve, read the log
    ("transparency.portal", "vc",  "v",   "v",   "",    "",    "v",   "",    "vc",  "vc"),
    ("transparency.documents", "vc", "vc", "vc", "",    "",    "v",   "",    "",    ""),
    ("transparency.regulators", "vc", "",  "",    "",    "",    "v",   "",    "",    ""),
)
# fmt: on

POLICY: dict[str, dict[Role, frozenset[str]]] = {
    domain: {role: frozenset(_ACTIONS[c] for c in cell) for role, cell in zip(ROLE_COLUMNS, cells, strict=True)}
    for domain, *cells in _TABLE
}


def allowed(role: str, domain: str, action: str) -> bool:
    """True when the role may perform the action in the domain. Unknown domains allow nothing."""
    try:
        return action in POLICY[domain][Role(role)]
    except (KeyError, ValueError):
        return False


def can(user, domain: str, action: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and allowed(user.role, domain, action))


def domains_for(user, action: str = VIEW) -> set[str]:
    return {domain for domain in POLICY if can(user, domain, action)}
