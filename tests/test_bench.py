"""The bench's verdicts on the speed targets: met, not met, or not measured at this size."""

from __future__ import annotations

from typing import Any

from kg.bench import targets


def _result(projects: int, **figures: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "projects": projects,
        "build_s": 11.0,
        "triples_per_s": 340_000,
        "load_s": 6.0,
        "query_p50_ms": 12.0,
        "query_p95_ms": 900.0,
        "network_s": 2.5,
        "peak_rss_build_main_mb": 700.0,
        "peak_rss_build_worker_mb": 300.0,
        "baseline": {"end_to_end_ratio": 7.5},
    }
    return result | figures


def test_each_target_is_judged_against_its_goal() -> None:
    verdicts = {what: verdict for what, _, _, verdict in targets(_result(10_000))}
    assert verdicts["build, 10,000 projects"] == "met"
    assert verdicts["load kg.ttl, 10,000 projects"] == "not met"
    assert verdicts["library queries p50"] == "met"
    assert verdicts["library queries p95"] == "not met"
    assert verdicts["network page from the graph"] == "met"
    assert verdicts["end to end against plain rdflib"] == "not met"
    assert verdicts["build, 100,000 projects"] == "not measured"
    small = {w: v for w, _, _, v in targets(_result(30, baseline={"end_to_end_ratio": 25.0}))}
    assert set(small.values()) == {"not measured"}


def test_the_national_targets_are_judged_only_at_100000_projects() -> None:
    rows = {what: (got, verdict) for what, _, got, verdict in targets(_result(100_000))}
    assert rows["build, 100,000 projects"] == ("11.0 s", "met")
    assert rows["peak memory per process, 100,000 projects"] == ("700.0 MB", "met")
    assert rows["build, 10,000 projects"][1] == "not measured"
    slow = targets(_result(100_000, build_s=151.0, peak_rss_build_worker_mb=2100.0))
    assert {w: v for w, _, _, v in slow}["build, 100,000 projects"] == "not met"
    assert {w: v for w, _, _, v in slow}["peak memory per process, 100,000 projects"] == "not met"
