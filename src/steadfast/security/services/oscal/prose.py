"""Parameters rendered into statement prose the way NIST renders its catalogs:
values if the catalog (or a resolved profile) sets them, else "[Selection (one or more): a; b]" for a
choice, else "[Assignment: label]"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

INSERT = re.compile(r"\{\{\s*insert:\s*([\w-]+)\s*,\s*([^\s}]+)\s*\}\}")
MAX_DEPTH = 5  # a choice may insert another parameter; a cycle must not recurse for ever


class ParamRenderer:
    def __init__(self, params: dict[str, dict[str, Any]], *, fail: Callable[[str, str], None]):
        self.params = params
        self.fail = fail

    def render(self, prose: str, *, where: str, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            self.fail(where, "parameters insert each other more than five levels deep (a cycle?)")

        def substitute(match: re.Match) -> str:
            kind, ref = match.group(1), match.group(2)
            if kind != "param":
                return match.group(0)
            if ref not in self.params:
                self.fail(where, f"inserts parameter {ref!r}, which the catalog does not declare")
            return self.param_text(ref, where=where, depth=depth)

        return INSERT.sub(substitute, prose)

    def param_text(self, param_id: str, *, where: str, depth: int) -> str:
        param = self.params[param_id]
        path = param.get("_path", where)
        values = param.get("values")
        if values:
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                self.fail(f"{path}.values", "must be a list of strings")
            return ", ".join(self.render(v, where=path, depth=depth + 1) for v in values)
        select = param.get("select")
        if select is not None:
            if not isinstance(select, dict) or not isinstance(select.get("choice", []), list):
                self.fail(f"{path}.select", "must be an object with a list of choices")
            choices = [self.render(str(c), where=path, depth=depth + 1).strip() for c in select.get("choice", [])]
            many = " (one or more)" if select.get("how-many") == "one-or-more" else ""
            return f"[Selection{many}: {'; '.join(choices)}]"
        label = param.get("label")
        if isinstance(label, str) and label.strip():
            return f"[Assignment: {self.render(label.strip(), where=path, depth=depth + 1)}]"
        return f"[Assignment: {param_id}]"
