"""``steadfast analyze`` end to end: output format, options, and every bad-input message."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import steadfast
from steadfast.engine.cli import main

SRC = Path(steadfast.__file__).resolve().parent.parent


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_all_nodes_output_format(capsys, small_folder):
    code, out, err = run(capsys, small_folder, "--all-nodes")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "scenario,ttr,tts,pi,rei,at_risk"
    table = rows(out)
    assert [r["scenario"] for r in table] == ["a", "a2", "b", "p", "q"]
    by_name = {r["scenario"]: r for r in table}
    assert by_name["a"] == {"scenario": "a", "ttr": "14", "tts": "10", "pi": "24", "rei": by_name["a"]["rei"],
                            "at_risk": "true"}
    assert by_name["a2"]["tts"] == "inf" and by_name["a2"]["at_risk"] == "false" and by_name["a2"]["pi"] == "0"
    assert by_name["b"]["ttr"] == "30"  # the node's own ttr
    assert by_name["q"]["tts"] == "0"
    assert max(float(r["rei"]) for r in table) == 1.0
    for r in table:  # plain decimals only
        for column in ("ttr", "tts", "pi", "rei"):
            assert "e" not in r[column].replace("inf", ""), r
        assert r["at_risk"] in ("true", "false")
    assert "analyse" in err  # the progress bar goes to stderr


def test_all_sites_and_default_ttr(capsys, small_folder):
    code, out, _ = run(capsys, small_folder, "--all-sites", "--ttr", "7")
    assert code == 0
    table = {r["scenario"]: r for r in rows(out)}
    assert list(table) == ["s1", "s2", "s3"]
    assert table["s1"]["ttr"] == "30"  # largest ttr among its nodes (b gives 30)
    assert table["s2"]["ttr"] == "7"  # none given: the run's default


def test_scenario_file_and_out_file(capsys, small_folder, tmp_path):
    scenarios = tmp_path / "sc.csv"
    scenarios.write_text("loss,site,node,scenario,ttr\n0.5,,a,half-a,14\n,s2,,half-a,14\n,,q,z-q,3\n")
    target = tmp_path / "result.csv"
    code, out, _ = run(capsys, small_folder, "--scenarios", scenarios, "--out", target)
    assert code == 0 and out == ""
    table = rows(target.read_text())
    assert [r["scenario"] for r in table] == ["half-a", "z-q"]
    assert table[1]["ttr"] == "3"


def test_scenarios_csv_in_the_network_folder_is_the_default(capsys, small_folder):
    (small_folder / "scenarios.csv").write_text("scenario,node\nonly-q,q\n")
    code, out, _ = run(capsys, small_folder)
    assert code == 0 and [r["scenario"] for r in rows(out)] == ["only-q"]


def test_baseline_row(capsys, small_folder):
    code, out, err = run(capsys, small_folder, "--all-nodes", "--baseline")
    assert code == 0
    table = rows(out)
    assert table[0]["scenario"] == "(baseline)" and table[0]["tts"] == "inf" and table[0]["at_risk"] == "false"
    assert [r["scenario"] for r in table[1:]] == ["a", "a2", "b", "p", "q"]
    assert "baseline TTS: inf" in err


def test_workers_give_identical_output(capsys, small_folder):
    _, single, _ = run(capsys, small_folder, "--all-nodes")
    _, double, _ = run(capsys, small_folder, "--all-nodes", "--workers", "2")
    assert single == double


def test_python_dash_m_writes_only_csv_to_stdout(small_folder, capsys):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "steadfast.engine", str(small_folder), "--all-nodes"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    _, in_process, _ = run(capsys, small_folder, "--all-nodes")
    assert proc.stdout == in_process  # no solver banner, no progress bar
    assert "HiGHS" not in proc.stdout


def test_requires_a_scenario_source(capsys, small_folder):
    with pytest.raises(SystemExit) as exit_info:
        main([str(small_folder)])
    assert exit_info.value.code != 0
    assert "--all-nodes" in capsys.readouterr().err
