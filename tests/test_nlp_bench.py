"""A smoke run of benchmarks/bench_nlp.py at a tiny size: it reports its figures and ratios (never a
judgement on the target: speed is measured by the benchmark, not asserted by a test), and its rounds are
interleaved as it says."""

from __future__ import annotations

import math
from typing import Any

import pytest

from benchmarks import bench_nlp


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return bench_nlp.run(words=1_500, repeat=2)


def test_every_row_reports_both_figures_and_their_ratio(result: dict[str, Any]) -> None:
    names = [r["name"] for r in result["rows"]]
    assert names == [
        "nlp pipeline (eng)",
        "nlp annotate to values (eng)",
        "nlp pipeline (rus)",
        "nlp annotate to values (rus)",
    ]
    for r in result["rows"]:
        assert r["lexcsto"] > 0, r
        assert r["baseline"] > 0, r
        assert math.isfinite(r["ratio"])
        assert r["ratio"] == pytest.approx(r["lexcsto"] / r["baseline"])
        assert r["unit"] == "words/s"
    headline = [r for r in result["rows"] if r["name"].startswith("nlp pipeline")]
    assert all(r["target"] == ">= 0.7" and isinstance(r["met"], bool) for r in headline)


def test_the_figures_say_what_was_measured(result: dict[str, Any]) -> None:
    figures = result["figures"]
    for lang in ("eng", "rus"):
        f = figures[lang]
        assert f["words"] >= 1_500
        assert f["rounds"] == 2
        assert f["slices"] == math.ceil(f["paragraphs"] / bench_nlp.SLICE)
        assert f["lexcsto_refs"] > 0
        assert f["lexcsto_entities"] > 0
        assert f["baseline_entities"] > 0
        spread = f["pipeline_ratio_per_round"]
        assert spread["min"] <= spread["median"] <= spread["max"]
        assert set(f["seconds_per_round"]) == {"base", "ours", "found"}
    assert len(figures["load_average_start"]) == len(figures["load_average_end"]) == 3


def test_rounds_are_interleaved_and_no_side_always_goes_first() -> None:
    calls: list[tuple[str, str]] = []

    def side(name: str) -> Any:
        def run(piece: list[str]) -> str:
            calls.append((name, piece[0]))
            return name + piece[0]

        return run

    slices = [["a"], ["b"], ["c"]]
    times, results = bench_nlp.interleaved({n: side(n) for n in ("x", "y", "z")}, slices, repeat=3)
    assert len(calls) == 3 * 3 * 3
    # within a slice of a round every side runs once, one after the other
    for k in range(0, len(calls), 3):
        assert {name for name, _ in calls[k : k + 3]} == {"x", "y", "z"}
        assert len({piece for _, piece in calls[k : k + 3]}) == 1
    firsts = [calls[k][0] for k in range(0, len(calls), 3)]
    assert {n: firsts.count(n) for n in "xyz"} == {"x": 3, "y": 3, "z": 3}
    assert all(len(per_round) == 3 for per_slice in times.values() for per_round in per_slice)
    assert results["y"] == ["ya", "yb", "yc"]
