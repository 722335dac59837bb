"""Which controls are no longer current.

OSCAL marks a withdrawn control with the prop `status = withdrawn` (SP 800-53 does, 182 times). The
NIST CSF 2.0 catalog also carries the CSF 1.1 categories and subcategories (ID.BE, PR.AC, DE.CM-04…)
without any such mark. In that file they are recognisable: a CSF 1.1 category has no statement text,
and every CSF 2.0 subcategory comes with implementation examples while no carried-over 1.1
subcategory has one. So, for a catalog that declares itself NIST CSF (metadata prop
`framework-identifier = CSF`) and gives examples at all:
  - a control with an empty statement is withdrawn, and so are the controls nested in it;
  - a subcategory (a nested control) without implementation examples is withdrawn.
This yields the 22 categories and 106 subcategories of CSF 2.0 as current.
"""

from __future__ import annotations

from typing import Any


def is_csf(metadata_props: list[Any]) -> bool:
    return any(isinstance(p, dict) and p.get("name") == "framework-identifier" and p.get("value") == "CSF"
               for p in metadata_props)


def mark_legacy_controls(catalog, metadata_props: list[Any]) -> None:
    if not is_csf(metadata_props) or not any(c.examples for c in catalog.controls):
        return
    withdrawn: set[str] = set()
    for control in catalog.controls:  # parents come before their children
        if control.parent_id in withdrawn or not control.statement:
            withdrawn.add(control.control_id)
        elif control.parent_id is not None and control.examples == 0:
            withdrawn.add(control.control_id)
    for control in catalog.controls:
        if control.control_id in withdrawn:
            control.withdrawn = True
