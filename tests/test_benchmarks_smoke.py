"""A smoke run of the whole benchmark suite at tiny sizes, so that it does not rot.

It checks that every benchmark runs and reports lexcsto's figure, the raw baseline and their ratio, and that
the runner reports missing or failing benchmarks as such. It asserts no timing: speed is what the suite
measures, not what the tests check.
"""

from __future__ import annotations

import doctest
import importlib
import json
import math
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import benchmarks
from benchmarks import bench_scale, run, synth


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run.run_suite(smoke=True, workdir=tmp_path_factory.mktemp("bench"))


def test_every_expected_benchmark_is_reported(suite: dict[str, Any]) -> None:
    assert set(run.EXPECTED) <= set(suite["benchmarks"])
    for name in run.EXPECTED:
        present = (run.HERE / f"bench_{name}.py").exists()
        assert (suite["benchmarks"][name]["status"] == "missing") is not present, name


def test_every_present_benchmark_returns_figures_and_ratios(suite: dict[str, Any]) -> None:
    ran = {n: b for n, b in suite["benchmarks"].items() if b["status"] != "missing"}
    assert {"load", "scale"} <= set(ran)
    for name, b in ran.items():
        assert b["status"] == "ok", (name, b.get("error"))
        assert b["rows"], name
        for r in b["rows"]:
            for key in ("lexcsto", "baseline", "ratio"):
                assert isinstance(r[key], int | float), (name, r["name"], key)
            assert math.isfinite(r["ratio"]), (name, r["name"])
            assert r["ratio"] == pytest.approx(r["lexcsto"] / r["baseline"], rel=0.01), (name, r["name"])


def test_load_and_scale_report_their_targets(suite: dict[str, Any]) -> None:
    load = {r["name"]: r for r in suite["benchmarks"]["load"]["rows"]}
    headline = next(r for n, r in load.items() if n.startswith("synthetic") and "load + validate" in n)
    assert headline["target"] == ">= 0.5"
    assert isinstance(headline["met"], bool)
    scale = suite["benchmarks"]["scale"]
    names = " | ".join(r["name"] for r in scale["rows"])
    for wanted in ("growth exponent", "peak memory", "as-at query", "provision as at a date"):
        assert wanted in names
    sizes = [s["instruments"] for s in scale["result"]["figures"]["sizes"]]
    assert sizes == list(run.SMOKE_SIZES)
    for entry in scale["result"]["figures"]["sizes"]:
        for op in bench_scale.OPS:
            assert "error" not in entry["ops"][op], (entry["instruments"], op, entry["ops"][op])
            assert entry["ops"][op]["peak_mb"] > 0


def test_markdown_has_the_machine_and_one_line_per_row(suite: dict[str, Any]) -> None:
    table = run.markdown(suite)
    assert suite["machine"]["cpu"] in table
    assert f"{suite['machine']['cores']} cores" in table
    rows = sum(len(b.get("rows", [])) for b in suite["benchmarks"].values())
    problems = sum(b["status"] != "ok" for b in suite["benchmarks"].values())
    body = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert (
        len([line for line in body if line.split("|")[1].strip() in suite["benchmarks"]]) == rows + problems
    )


def test_missing_and_failing_benchmarks_are_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run.run_one("no_such_area", {})["status"] == "missing"

    (tmp_path / "bench_boom.py").write_text("")
    (tmp_path / "bench_quiet.py").write_text("")

    def boom() -> dict[str, Any]:
        raise RuntimeError("kaboom")

    fake = {
        "benchmarks.bench_boom": types.SimpleNamespace(run=boom),
        "benchmarks.bench_quiet": types.SimpleNamespace(run=lambda: {"seconds": 1.0}),
    }
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.setattr(importlib, "import_module", fake.__getitem__)
    failed = run.run_one("boom", {})
    assert failed["status"] == "error"
    assert "kaboom" in failed["error"]
    assert run.run_one("quiet", {})["status"] == "no ratios"


def test_a_foreign_result_shape_is_read_for_its_ratios() -> None:
    result = {"exact": {"per_second": 50.0, "raw_per_second": 100.0, "ratio": 0.5}}
    (r,) = run._rows_from(result)
    assert (r["name"], r["lexcsto"], r["baseline"], r["ratio"]) == ("exact", 50.0, 100.0, 0.5)


def test_the_command_writes_json_and_markdown_and_fails_on_a_missing_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    status = run.main(
        ["--smoke", "--only", "load,not_there", "-o", str(out), "--workdir", str(tmp_path / "w")]
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["benchmarks"]["load"]["status"] == "ok"
    assert data["benchmarks"]["not_there"]["status"] == "missing"
    assert "not_there | **missing**" in out.with_suffix(".md").read_text(encoding="utf-8")
    assert status == 1


@pytest.mark.parametrize(
    ("ys", "slope"),
    [((2.0, 20.0, 200.0), 1.0), ((1.0, 100.0, 10000.0), 2.0), ((5.0, 5.0, 5.0), 0.0)],
)
def test_growth_exponent_is_the_log_log_slope(ys: tuple[float, ...], slope: float) -> None:
    assert bench_scale.exponent((1, 10, 100), ys) == pytest.approx(slope)


@pytest.mark.parametrize("module", [benchmarks, synth])
def test_docstring_examples(module: types.ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


def test_a_scale_child_reports_its_own_peak_memory_not_the_runners() -> None:
    held = bytearray(300 * 2**20)
    held[:: 2**12] = b"\1" * len(held[:: 2**12])  # touch every page: the runner is now 300 MB resident
    code = "from benchmarks.bench_scale import _rss_mb; print(_rss_mb())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=run.HERE.parent, capture_output=True, text=True, check=True
    )
    assert float(done.stdout) < 200
    assert len(held) == 300 * 2**20
