"""Read an OSCAL catalog (JSON or XML, plain or a resolved profile catalog) into flat control rows.

Validation happens here, before anything touches the database: a malformed file raises OscalError
naming the file and the place (a JSON path or an XPath-like element path) and nothing is imported.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import OscalError
from .prose import ParamRenderer
from .withdrawn import mark_legacy_controls
from .xml_reader import read_xml

MAX_CATALOG_BYTES = 64 * 1024 * 1024
MAX_NESTING = 12  # groups and controls deeper than this are not a real catalog


@dataclass
class ParsedControl:
    control_id: str
    label: str
    title: str
    statement: str
    guidance: str
    control_class: str
    group_path: str
    group_title: str
    parent_id: str | None
    withdrawn: bool
    sort_key: str
    examples: int = 0
    props: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedCatalog:
    name: str
    version: str
    uuid: str
    oscal_version: str
    last_modified: str
    source: str
    controls: list[ParsedControl]

    def digest(self) -> str:
        rows = [asdict(c) for c in self.controls]
        payload = json.dumps({"name": self.name, "version": self.version, "controls": rows}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


def read_catalog(path: str | Path) -> ParsedCatalog:
    path = Path(path)
    if not path.is_file():
        raise OscalError(str(path), "", "no such file")
    if path.stat().st_size > MAX_CATALOG_BYTES:
        raise OscalError(path.name, "", f"larger than {MAX_CATALOG_BYTES // (1024 * 1024)} MiB")
    head = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        document = read_xml(path)
    elif head.startswith(b"{"):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise OscalError(path.name, "", f"not valid JSON ({exc})") from None
    else:
        raise OscalError(path.name, "", "neither OSCAL JSON nor OSCAL XML")
    return _Reader(path.name).read(document)


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.controls: list[ParsedControl] = []
        self.seen: dict[str, str] = {}
        self.params: dict[str, dict[str, Any]] = {}

    def fail(self, where: str, reason: str):
        raise OscalError(self.file, where, reason)

    def read(self, document: Any) -> ParsedCatalog:
        if not isinstance(document, dict) or not isinstance(document.get("catalog"), dict):
            self.fail("$", "the document has no 'catalog' object (profiles must be resolved into a catalog first)")
        catalog = document["catalog"]
        root = catalog.get("_path", "catalog")
        metadata = self._object(catalog, "metadata", root)
        name = self._string(metadata, "title", f"{root}.metadata")
        version = self._string(metadata, "version", f"{root}.metadata")
        self._collect_params(catalog, root, depth=0)
        self.renderer = ParamRenderer(self.params, fail=self.fail)
        for index, group in enumerate(self._list(catalog, "groups", root)):
            self._group(group, self._path(group, f"{root}.groups[{index}]"), [], [], 0)
        for index, control in enumerate(self._list(catalog, "controls", root)):
            self._control(control, self._path(control, f"{root}.controls[{index}]"), [], "", None, 0)
        if not self.controls:
            self.fail(root, "the catalog holds no control")
        parsed = ParsedCatalog(name=name, version=version, uuid=str(catalog.get("uuid") or ""),
                               oscal_version=str(metadata.get("oscal-version") or ""),
                               last_modified=str(metadata.get("last-modified") or ""), source=self.file,
                               controls=self.controls)
        mark_legacy_controls(parsed, metadata.get("props") or [])
        return parsed

    # --- structure ---------------------------------------------------------------------------
    @staticmethod
    def _path(node: Any, fallback: str) -> str:
        return node.get("_path", fallback) if isinstance(node, dict) else fallback

    def _object(self, node: dict, key: str, where: str) -> dict:
        value = node.get(key)
        if not isinstance(value, dict):
            self.fail(where, f"'{key}' is missing or not an object")
        return value

    def _list(self, node: dict, key: str, where: str) -> list:
        value = node.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{where}.{key}", "must be a list")
        return value

    def _string(self, node: dict, key: str, where: str, *, required: bool = True) -> str:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(where, f"'{key}' is missing or empty")
            return ""
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", "must be a string")
        return value.strip()

    def _collect_params(self, node: dict, where: str, depth: int) -> None:
        # Parameter ids are unique in an OSCAL document, wherever they are declared.
        for index, param in enumerate(self._list(node, "params", where)):
            path = self._path(param, f"{where}.params[{index}]")
            if not isinstance(param, dict):
                self.fail(path, "a parameter must be an object")
            param_id = self._string(param, "id", path)
            if param_id in self.params:
                self.fail(path, f"parameter id {param_id!r} is declared twice")
            self.params[param_id] = {**param, "_path": path}
        if depth > MAX_NESTING:
            self.fail(where, f"nested deeper than {MAX_NESTING} levels")
        for key in ("groups", "controls"):
            for index, child in enumerate(self._list(node, key, where)):
                if not isinstance(child, dict):
                    self.fail(f"{where}.{key}[{index}]", "must be an object")
                self._collect_params(child, self._path(child, f"{where}.{key}[{index}]"), depth + 1)

    def _group(self, group: dict, path: str, ids: list[str], titles: list[str], depth: int) -> None:
        if not isinstance(group, dict):
            self.fail(path, "a group must be an object")
        path = self._path(group, path)
        ids = [*ids, self._string(group, "id", path, required=False) or f"group{len(ids)}"]
        titles = [*titles, self._string(group, "title", path)]
        for index, child in enumerate(self._list(group, "groups", path)):
            self._group(child, self._path(child, f"{path}.groups[{index}]"), ids, titles, depth + 1)
        for index, control in enumerate(self._list(group, "controls", path)):
            self._control(control, self._path(control, f"{path}.controls[{index}]"), ids, titles[-1], None, depth + 1)

    def _control(self, control: dict, path: str, group_ids: list[str], group_title: str, parent: str | None,
                 depth: int) -> None:
        if not isinstance(control, dict):
            self.fail(path, "a control must be an object")
        control_id = self._string(control, "id", path)
        if control_id in self.seen:
            self.fail(path, f"control id {control_id!r} appears twice (first at {self.seen[control_id]})")
        if len(control_id) > 64:
            self.fail(path, "control id longer than 64 characters")
        self.seen[control_id] = path
        props = {}
        for index, prop in enumerate(self._list(control, "props", path)):
            if not isinstance(prop, dict) or not isinstance(prop.get("name"), str):
                self.fail(f"{path}.props[{index}]", "a prop needs a name")
            if prop["name"] not in props and not prop.get("class"):
                props[prop["name"]] = str(prop.get("value") or "")
        parts = self._list(control, "parts", path)
        statement = "\n".join(self._render_part(p, f"{path}.parts[{i}]", 0) for i, p in enumerate(parts)
                              if isinstance(p, dict) and p.get("name") == "statement")
        guidance = "\n".join(self._render_part(p, f"{path}.parts[{i}]", 0) for i, p in enumerate(parts)
                             if isinstance(p, dict) and p.get("name") == "guidance")
        examples = sum(1 for p in parts if isinstance(p, dict) and p.get("name") == "example")
        self.controls.append(ParsedControl(
            control_id=control_id, label=props.get("label", "")[:64], title=self._string(control, "title", path)[:500],
            statement=statement.strip(), guidance=guidance.strip(),
            control_class=str(control.get("class") or "")[:64], group_path="/".join(group_ids)[:255],
            group_title=group_title[:255], parent_id=parent, withdrawn=props.get("status", "").lower() == "withdrawn",
            sort_key=props.get("sort-id", "")[:64], examples=examples,
            props={k: v for k, v in props.items() if k in ("risk-party",)},
        ))
        for index, child in enumerate(self._list(control, "controls", path)):
            self._control(child, self._path(child, f"{path}.controls[{index}]"), group_ids, group_title, control_id, depth + 1)

    def _render_part(self, part: dict, path: str, depth: int) -> str:
        path = self._path(part, path)
        if depth > MAX_NESTING:
            self.fail(path, f"parts nested deeper than {MAX_NESTING} levels")
        label = ""
        for prop in part.get("props") or []:
            if isinstance(prop, dict) and prop.get("name") == "label":
                label = str(prop.get("value") or "")
        prose = part.get("prose") or ""
        if not isinstance(prose, str):
            self.fail(f"{path}.prose", "must be a string")
        text = " ".join(self.renderer.render(prose, where=path).split())
        line = ("  " * max(depth - 1, 0) + f"{label} {text}".strip()) if (label or text) else ""
        lines = [line] if line else []
        for index, child in enumerate(self._list(part, "parts", path)):
            if isinstance(child, dict) and child.get("name") in ("item", "statement", None):
                rendered = self._render_part(child, f"{path}.parts[{index}]", depth + 1)
                if rendered:
                    lines.append(rendered)
        return "\n".join(lines)
