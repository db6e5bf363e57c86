"""A smoke run of benchmarks/bench_anchor.py at a tiny size: it runs, and its anchors are right."""

from __future__ import annotations

from benchmarks import bench_anchor


def test_bench_anchor_smoke() -> None:
    got = bench_anchor.run(annotations=40, paragraphs=4, repeat=1, sample=3)
    assert got["exact"]["correct"] == 1.0
    assert got["fuzzy"]["correct"] == 1.0
    assert got["exact"]["annotations"] > 0
    assert got["fuzzy"]["annotations"] > 0
    matchers = got["matchers"]
    for name in (
        "dmp_match_main_defaults",
        "dmp_match_main_distance_100000",
        "rapidfuzz_partial_ratio_alignment",
    ):
        assert matchers[name]["of"] > 0
    assert {"ratio", "annotations_per_second", "raw_matches_per_second"} <= set(got["fuzzy"])
