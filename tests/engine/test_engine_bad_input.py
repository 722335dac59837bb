"""Every class of bad input exits non-zero naming the file, line, column and reason."""

from __future__ import annotations

import pytest

from steadfast.engine.cli import main

NODES = "id,part,site,capacity,inventory,demand,profit,ttr\n" \
        "a,A,s1,10,5,,,\n" \
        "a2,A,s2,5,0,,,\n" \
        "b,B,s1,,,,,\n" \
        "p,P,s3,8,0,6,3,\n"
EDGES = "from,to,qty\na,p,1\na2,p,1\nb,p,2\n"


def replace_line(text: str, line: int, new: str) -> str:
    lines = text.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


CASES = {
    # name: (file to change, its new text, scenario file or None, file named, line, column, reason)
    "unknown node in edge": ("edges.csv", EDGES + "b,nowhere,1\n", None, "edges.csv", 5, "to", "unknown node 'nowhere'"),
    "duplicate id": ("nodes.csv", NODES + "a,X,s9,1,,,,\n", None, "nodes.csv", 6, "id", "duplicate node id 'a'"),
    "negative value": ("nodes.csv", replace_line(NODES, 3, "a2,A,s2,-5,0,,,"), None, "nodes.csv", 3, "capacity",
                       "must be >= 0"),
    "non-numeric value": ("nodes.csv", replace_line(NODES, 2, "a,A,s1,10,lots,,,"), None, "nodes.csv", 2,
                          "inventory", "must be a number"),
    "non-positive qty": ("edges.csv", replace_line(EDGES, 4, "b,p,0"), None, "edges.csv", 4, "qty", "must be > 0"),
    "alternatives with different qty": ("edges.csv", replace_line(EDGES, 3, "a2,p,2"), None, "edges.csv", 3, "qty",
                                        "different qty"),
    "part demand for an unknown part": ("parts.csv", "part,demand,profit\nA,5,1\nZ,3,1\n", None, "parts.csv", 3,
                                        "part", "unknown part 'Z'"),
    "negative part demand": ("parts.csv", "part,demand\nA,-5\n", None, "parts.csv", 2, "demand", "must be >= 0"),
    "part listed twice": ("parts.csv", "part,demand\nA,5\nA,6\n", None, "parts.csv", 3, "part",
                          "part 'A' appears twice (first on line 2)"),
    "demand on the part and on a node": ("parts.csv", "part,demand\nP,5\n", None, "nodes.csv", 5, "demand",
                                         "give the demand once, on the part"),
    "missing required column": ("nodes.csv", NODES.replace("id,part", "name,part", 1), None, "nodes.csv", None, "id",
                                "required column 'id' is missing"),
    "scenario names unknown node": (None, None, "scenario,node,ttr\nx,a,5\nx,ghost,5\n", "sc.csv", 3, "node",
                                    "unknown node 'ghost'"),
    "scenario names unknown site": (None, None, "scenario,site\nx,s1\ny,atlantis\n", "sc.csv", 3, "site",
                                    "unknown site 'atlantis'"),
    "ttr differs within a scenario": (None, None, "scenario,node,ttr\nx,a,5\ny,b,9\nx,b,6\n", "sc.csv", 4, "ttr",
                                      "has ttr 6 here but 5 on line 2"),
    "loss of zero": (None, None, "scenario,node,loss\nx,a,0\n", "sc.csv", 2, "loss", "loss must be in (0, 1]"),
    "loss above one": (None, None, "scenario,node,loss\nx,a,0.5\nx,b,1.5\n", "sc.csv", 3, "loss",
                       "loss must be in (0, 1]"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_reported_with_its_location(case, tmp_path, capsys):
    changed, text, scenario_text, named, line, column, reason = CASES[case]
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "nodes.csv").write_text(NODES)
    (folder / "edges.csv").write_text(EDGES)
    if changed:
        (folder / changed).write_text(text)
    argv = [str(folder), "--all-nodes"]
    if scenario_text is not None:
        (tmp_path / "sc.csv").write_text(scenario_text)
        argv = [str(folder), "--scenarios", str(tmp_path / "sc.csv")]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert named in err
    if line is not None:
        assert f"line {line}" in err
    assert f"column {column!r}" in err
    assert reason in err


def test_cycle_message_names_its_nodes(tmp_path, capsys):
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "nodes.csv").write_text(NODES + "c,C,s1,,,,,\n")
    (folder / "edges.csv").write_text("from,to\na,b\nb,c\nc,a\nc,p\n")
    assert main([str(folder), "--all-nodes"]) != 0
    err = capsys.readouterr().err
    assert "cycle: a -> b -> c -> a" in err or "cycle: b -> c -> a -> b" in err or "cycle: c -> a -> b -> c" in err
    assert "line 2" in err or "line 3" in err or "line 4" in err


@pytest.mark.parametrize("missing", ["nodes.csv", "edges.csv"])
def test_missing_required_file(tmp_path, capsys, missing):
    folder = tmp_path / "net"
    folder.mkdir()
    for name, text in (("nodes.csv", NODES), ("edges.csv", EDGES)):
        if name != missing:
            (folder / name).write_text(text)
    assert main([str(folder), "--all-nodes"]) != 0
    err = capsys.readouterr().err
    assert missing in err and "required file is missing" in err


def test_missing_scenario_file(tmp_path, capsys):
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / "nodes.csv").write_text(NODES)
    (folder / "edges.csv").write_text(EDGES)
    assert main([str(folder), "--scenarios", str(tmp_path / "nope.csv")]) != 0
    assert "nope.csv" in capsys.readouterr().err
