"""The benchmark's results as text: a table of ratios to the two baselines, and the budgets.

Two baselines of the same app, measured in the same run: `/api/openapi.json` (a prepared JSON
document: what the budgets are ratios to) and `/healthz` (the cheapest route there is: no
database, no session, a tiny answer; what Flask, gunicorn and the app's per-request hooks cost
by themselves). Each figure is shown against both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_pages import Weight
from bench.bench_wrk import Measure

BEGIN, END = "<!-- benchmark:begin -->", "<!-- benchmark:end -->"


@dataclass
class Run:
    """Everything one benchmark run found, and how it was run."""

    meta: dict[str, str]
    baselines: list[Measure] = field(default_factory=list)
    floors: list[Measure] = field(default_factory=list)  # the second baseline, /healthz
    loaded: list[Measure] = field(default_factory=list)
    single: list[Measure] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    pages: list[Weight] = field(default_factory=list)
    swaps: list[Weight] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    def base(self, connections: int) -> tuple[float, float, float]:
        """Baseline (req/s, p50, p99) at this many connections: the mean of its runs."""
        return _mean(self.baselines, connections)

    def floor(self, connections: int) -> tuple[float, float, float]:
        """The second baseline (/healthz), likewise; zeros when it was not measured."""
        return _mean(self.floors, connections)

    def find(self, measures: list[Measure], name: str) -> Measure | None:
        """The measure of scenario `name`, if it ran."""
        return next((m for m in measures if m.scenario == name), None)


def _mean(measures: list[Measure], connections: int) -> tuple[float, float, float]:
    runs = [m for m in measures if m.connections == connections] or measures
    n = len(runs)
    if not n:
        return (0.0, 0.0, 0.0)
    return (
        sum(m.rps for m in runs) / n,
        sum(m.p50_ms for m in runs) / n,
        sum(m.p99_ms for m in runs) / n,
    )


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}" if base else "–"


def table(run: Run, measures: list[Measure]) -> list[str]:
    """Markdown rows: each scenario's req/s, p50 and p99, and each as a ratio to both baselines
    (× base: /api/openapi.json; × min: /healthz)."""
    lines = [
        "| scenario | conns | req/s | × base | × min | p50 ms | × base | × min "
        "| p99 ms | × base | × min | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        rps, p50, p99 = run.base(m.connections)
        rps_min, p50_min, p99_min = run.floor(m.connections)
        failed = f"{m.failed} (HTTP {m.first_unexpected_status})" if m.unexpected else str(m.failed)
        title = run.titles.get(m.scenario, m.scenario) + (f" ({m.note})" if m.note else "")
        if not m.requests:
            lines.append(
                f"| {title} | {m.connections} | 0 | – | – | no answer | – | – | – | – | – "
                f"| {failed} |"
            )
            continue
        lines.append(
            f"| {title} | {m.connections} | {m.rps:.{1 if m.rps >= 1 else 2}f} | "
            f"{_ratio(m.rps, rps)} | {_ratio(m.rps, rps_min)} | {m.p50_ms:.1f} | "
            f"{_ratio(m.p50_ms, p50)} | {_ratio(m.p50_ms, p50_min)} | {m.p99_ms:.1f} | "
            f"{_ratio(m.p99_ms, p99)} | {_ratio(m.p99_ms, p99_min)} | {failed} |"
        )
    return lines


def budgets(run: Run) -> list[tuple[str, str, bool | None]]:
    """(budget, measured, met) for every budget of issue 7; met is None when not measured."""
    out: list[tuple[str, str, bool | None]] = []

    def single_p99(name: str, label: str, limit: float) -> None:
        m = run.find(run.single, name)
        budget = f"{label}: p99 < {limit:g} ms, one client"
        if m is None:
            out.append((budget, "not run", None))
        elif not m.requests or m.failed:
            out.append((budget, f"{m.failed} of the requests failed or timed out", False))
        else:
            out.append((budget, f"{m.p99_ms:.1f} ms (p50 {m.p50_ms:.1f})", m.p99_ms < limit))

    single_p99("history_api", "Repair-history API", 15)
    single_p99("card", "Scooter card page", 15)
    single_p99("stats", "Statistics, 30 days, all warehouses", 300)
    first, deep = run.find(run.single, "history_first"), run.find(run.single, "history_deep")
    if first and deep and first.requests and deep.requests:
        ratio = deep.p50_ms / first.p50_ms
        out.append(
            (
                "History page 1,000 as fast as page 1 (p50 within 25 %)",
                f"{first.p50_ms:.1f} / {deep.p50_ms:.1f} ms (× {ratio:.2f})",
                ratio <= 1.25,
            )
        )
    for name, label, share in (
        ("job_start", "Starting a job", 0.3),
        ("history_api", "Repair-history API", 0.5),
        ("repair_screen", "Repair screen", 0.4),
    ):
        m = run.find(run.loaded, name)
        base = run.base(m.connections)[0] if m else 0
        out.append(
            (
                f"{label} under load: ≥ {share:g} × baseline req/s",
                f"{m.rps / base:.2f} × ({m.rps:.0f} req/s)" if m and base else "not run",
                m.rps >= share * base if m and base else None,
            )
        )
    if run.pages:
        heaviest = max(run.pages, key=lambda w: w.sent)
        out.append(
            (
                "Tablet first load < 60 KB compressed (heaviest page)",
                f"{heaviest.sent / 1024:.1f} KB ({heaviest.path})",
                heaviest.sent < 60 * 1024,
            )
        )
    if run.swaps:
        heaviest = max(run.swaps, key=lambda w: w.sent)
        out.append(
            (
                "htmx swap < 5 KB compressed (heaviest fragment)",
                f"{heaviest.sent / 1024:.1f} KB ({heaviest.path})",
                heaviest.sent < 5 * 1024,
            )
        )
    if run.rss_mb:
        out.append(
            (
                "Worker memory < 150 MB after the run",
                " / ".join(f"{mb:.0f}" for mb in run.rss_mb) + " MB",
                max(run.rss_mb) < 150,
            )
        )
    return out


def markdown(run: Run) -> str:
    """The whole results section."""
    meta = run.meta
    lines = [BEGIN, f"## Results of {meta['date']}", "", f"Command: `{meta['command']}`", ""]
    lines += [f"- {key}: {value}" for key, value in meta.items() if key not in ("date", "command")]
    bases = run.baselines + run.floors
    loaded = [m for m in bases if m.connections > 1] + run.loaded
    single = [m for m in bases if m.connections == 1] + run.single
    lines += [
        "",
        "× base: the ratio to `GET /api/openapi.json`, the budgets' baseline; × min: to "
        "`GET /healthz`, the cheapest route of the app (no database, no session).",
    ]
    lines += ["", "### Under load", "", *table(run, loaded)]
    lines += ["", "### One client at a time", "", *table(run, single)]
    lines += ["", "### Budgets", "", "| budget | measured | met |", "|---|---|---|"]
    for label, measured, met in budgets(run):
        verdict = "not measured" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {label} | {measured} | {verdict} |")
    lines += ["", "### Page weight (as sent to a browser that takes gzip)", ""]
    lines += ["| what | raw KB | sent KB | files |", "|---|---:|---:|---:|"]
    for w in run.pages + run.swaps:
        lines.append(f"| {w.path} | {w.raw / 1024:.1f} | {w.sent / 1024:.1f} | {len(w.files)} |")
    return "\n".join(lines + ["", END])


def write(path: Path, section: str) -> None:
    """Put `section` into the document at `path`, replacing the previous results only."""
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = (text.rstrip() + "\n\n" if text else "") + section + "\n"
    path.write_text(text)
