"""OSCAL catalog XML → the JSON shape, for the subset a control catalog needs.

Parsed with defusedxml: a DTD, entity declarations or external references are refused, so a hostile
file cannot expand entities or reach the network. Prose markup (p, ol/li, em, a, insert...) becomes
plain text with `{{ insert: param, ID }}` placeholders, exactly as OSCAL JSON carries it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as defused_parse

from .errors import OscalError

NS = "http://csrc.nist.gov/ns/oscal/1.0"
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "blockquote"}


def _local(tag: str) -> str:
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def read_xml(path: Path) -> dict[str, Any]:
    try:
        root = defused_parse(str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True).getroot()
    except DefusedXmlException as exc:
        raise OscalError(path.name, "", f"refused: {exc.__class__.__name__} (DTDs and entities are not allowed)") from None
    except ET.ParseError as exc:
        raise OscalError(path.name, f"line {exc.position[0]}, column {exc.position[1]}", f"not well-formed XML ({exc.msg})") from None
    if root.tag != f"{{{NS}}}catalog":
        raise OscalError(path.name, f"/{_local(root.tag)}", f"root element must be <catalog> in the namespace {NS}")
    return {"catalog": _catalog(root)}


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return element.findall(f"{{{NS}}}{name}")


def _text(element: ET.Element | None) -> str | None:
    return None if element is None else _prose(element).strip()


def _catalog(root: ET.Element) -> dict[str, Any]:
    metadata = root.find(f"{{{NS}}}metadata")
    catalog: dict[str, Any] = {"uuid": root.get("uuid"), "_path": "/catalog"}
    if metadata is not None:
        catalog["metadata"] = {
            "title": _text(metadata.find(f"{{{NS}}}title")),
            "version": _text(metadata.find(f"{{{NS}}}version")),
            "oscal-version": _text(metadata.find(f"{{{NS}}}oscal-version")),
            "last-modified": _text(metadata.find(f"{{{NS}}}last-modified")),
            "props": [_prop(p) for p in _children(metadata, "prop")],
        }
    catalog["params"] = [_param(p, f"/catalog/param[{i}]") for i, p in enumerate(_children(root, "param"), 1)]
    catalog["groups"] = [_group(g, f"/catalog/group[{i}]") for i, g in enumerate(_children(root, "group"), 1)]
    catalog["controls"] = [_control(c, f"/catalog/control[{i}]") for i, c in enumerate(_children(root, "control"), 1)]
    return catalog


def _prop(element: ET.Element) -> dict[str, Any]:
    return {"name": element.get("name"), "value": element.get("value"), "class": element.get("class"), "ns": element.get("ns")}


def _where(path: str, element: ET.Element) -> str:
    """`/catalog/group[3]` becomes `/catalog/group[@id='ac']` when the element has an id."""
    if not element.get("id"):
        return path
    return f"{path.rsplit('[', 1)[0]}[@id='{element.get('id')}']"


def _group(element: ET.Element, path: str) -> dict[str, Any]:
    path = _where(path, element)
    return {
        "_path": path, "id": element.get("id"), "class": element.get("class"),
        "title": _text(element.find(f"{{{NS}}}title")),
        "props": [_prop(p) for p in _children(element, "prop")],
        "params": [_param(p, f"{path}/param[{i}]") for i, p in enumerate(_children(element, "param"), 1)],
        "parts": [_part(p, f"{path}/part[{i}]") for i, p in enumerate(_children(element, "part"), 1)],
        "groups": [_group(g, f"{path}/group[{i}]") for i, g in enumerate(_children(element, "group"), 1)],
        "controls": [_control(c, f"{path}/control[{i}]") for i, c in enumerate(_children(element, "control"), 1)],
    }


def _control(element: ET.Element, path: str) -> dict[str, Any]:
    path = _where(path, element)
    return {
        "_path": path, "id": element.get("id"), "class": element.get("class"),
        "title": _text(element.find(f"{{{NS}}}title")),
        "props": [_prop(p) for p in _children(element, "prop")],
        "links": [{"href": link.get("href"), "rel": link.get("rel")} for link in _children(element, "link")],
        "params": [_param(p, f"{path}/param[{i}]") for i, p in enumerate(_children(element, "param"), 1)],
        "parts": [_part(p, f"{path}/part[{i}]") for i, p in enumerate(_children(element, "part"), 1)],
        "controls": [_control(c, f"{path}/control[{i}]") for i, c in enumerate(_children(element, "control"), 1)],
    }


def _param(element: ET.Element, path: str) -> dict[str, Any]:
    param: dict[str, Any] = {"_path": _where(path, element), "id": element.get("id")}
    label = element.find(f"{{{NS}}}label")
    if label is not None:
        param["label"] = _text(label)
    values = [_text(v) for v in _children(element, "value")]
    if values:
        param["values"] = values
    select = element.find(f"{{{NS}}}select")
    if select is not None:
        param["select"] = {"how-many": select.get("how-many"),
                           "choice": [_prose(c).strip() for c in _children(select, "choice")]}
    return param


def _part(element: ET.Element, path: str) -> dict[str, Any]:
    path = _where(path, element)
    prose_blocks = [child for child in element if _local(child.tag) not in {"title", "prop", "link", "part"}]
    prose = "\n".join(text for text in (_prose(block).strip() for block in prose_blocks) if text)
    return {
        "_path": path, "id": element.get("id"), "name": element.get("name"),
        "props": [_prop(p) for p in _children(element, "prop")],
        "title": _text(element.find(f"{{{NS}}}title")),
        "prose": prose,
        "parts": [_part(p, f"{path}/part[{i}]") for i, p in enumerate(_children(element, "part"), 1)],
    }


def _prose(element: ET.Element) -> str:
    """Mixed content as text; <insert type="param" id-ref="x"/> becomes the JSON placeholder.
    Whitespace inside a block collapses to single spaces; block elements (p, li...) become lines."""
    pieces: list[str] = [(element.text or "").replace("\n", " ")]
    for child in element:
        name = _local(child.tag)
        if name == "insert":
            pieces.append(f"{{{{ insert: {child.get('type') or 'param'}, {child.get('id-ref')} }}}}")
        else:
            inner = _prose(child)
            pieces.append(f"\n{inner}\n" if name in BLOCKS else inner)
        pieces.append((child.tail or "").replace("\n", " "))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)
