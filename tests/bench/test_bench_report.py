"""The benchmark's report: budgets judged from measures, results written between markers."""

from __future__ import annotations

from bench.bench_pages import Weight
from bench.bench_report import BEGIN, END, Run, budgets, markdown, write
from bench.bench_wrk import Measure


def _measure(name: str, connections: int, rps: float, p50: float, p99: float, **kw) -> Measure:
    seconds = 10.0
    fields = {
        "unexpected": 0,
        "first_unexpected_status": 0,
        "socket_errors": 0,
        "timeouts": 0,
        "bytes": 0,
        **kw,
    }
    return Measure(name, connections, int(rps * seconds), seconds, p50, p50, p99, p99, **fields)


def _run() -> Run:
    run = Run(meta={"date": "2026-11-26 08:00 UTC", "command": "scripts/benchmark"})
    run.baselines = [_measure("baseline", 16, 1000, 10, 50), _measure("baseline", 1, 500, 1, 2)]
    run.floors = [_measure("floor", 16, 4000, 2, 10), _measure("floor", 1, 1000, 0.5, 1)]
    run.loaded = [
        _measure("job_start", 16, 400, 30, 90),
        _measure("history_api", 16, 100, 100, 300),
        _measure("repair_screen", 16, 500, 20, 60),
    ]
    run.single = [
        _measure("history_api", 1, 100, 5, 12),
        _measure("card", 1, 50, 10, 20),
        _measure("stats", 1, 0, 0, 0, timeouts=3),
        _measure("history_first", 1, 10, 100, 120),
        _measure("history_deep", 1, 10, 110, 130),
    ]
    run.rss_mb = [120.0, 160.0]
    page = Weight("/t/")
    page.add("/t/", b"x" * 1000, 100)
    run.pages = [page]
    return run


def test_each_budget_is_judged_from_the_measures():
    verdicts = {label: met for label, _measured, met in budgets(_run())}

    assert verdicts["Repair-history API: p99 < 15 ms, one client"] is True
    assert verdicts["Scooter card page: p99 < 15 ms, one client"] is False
    assert verdicts["Statistics, 30 days, all warehouses: p99 < 300 ms, one client"] is False
    assert verdicts["History page 1,000 as fast as page 1 (p50 within 25 %)"] is True
    assert verdicts["Starting a job under load: ≥ 0.3 × baseline req/s"] is True
    assert verdicts["Repair-history API under load: ≥ 0.5 × baseline req/s"] is False
    assert verdicts["Repair screen under load: ≥ 0.4 × baseline req/s"] is True
    assert verdicts["Tablet first load < 60 KB compressed (heaviest page)"] is True
    assert verdicts["Worker memory < 150 MB after the run"] is False


def test_results_replace_only_the_previous_results(tmp_path):
    doc = tmp_path / "PERFORMANCE.md"
    doc.write_text(f"# Performance\n\nprose before\n\n{BEGIN}\nold\n{END}\n\nprose after\n")

    write(doc, markdown(_run()))

    text = doc.read_text()
    assert "prose before" in text and "prose after" in text and "old" not in text
    assert text.count(BEGIN) == 1 and "| Start a job" not in text  # titles default to names
    assert (
        "| job_start | 16 | 400.0 | 0.40 | 0.10 | 30.0 | 3.00 | 15.00 | 90.0 | 1.80 | 9.00 |"
        in text
    )
    assert "| floor | 1 | 1000.0 | 2.00 | 1.00 |" in text  # both baselines listed, both ratios


def test_without_the_second_baseline_its_ratios_are_dashes():
    run = _run()
    run.floors = []

    text = markdown(run)

    assert "| job_start | 16 | 400.0 | 0.40 | – | 30.0 | 3.00 | – | 90.0 | 1.80 | – |" in text
