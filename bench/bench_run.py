"""One benchmark session against a running server: the scenarios, and measuring each of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench import bench_pages, bench_setup, bench_wrk
from bench.bench_database import cancel_queries, forget_started_jobs
from bench.bench_report import Run
from bench.bench_wrk import Measure, Scenario
from devtools.server import Server

LOADED = [
    "job_types",
    "job_start",
    "history_api",
    "card",
    "card_drive",
    "tablet_home",
    "repair_screen",
    "stats",
    "history_first",
    "history_deep",
    "board",
]
SINGLE = ["history_api", "card", "card_drive", "stats", "history_first", "history_deep", "board"]
SWAPS = ("jobs", "commands", "finish-complete")  # the repair screen's self-refreshing widgets


def scenarios(work: Path, targets: bench_setup.Targets) -> dict[str, Scenario]:
    """Every scenario, by name; their list and header files are written into `work`."""
    (work / "job_repairs.txt").write_text("\n".join(targets.job_repairs))
    (work / "numbers.txt").write_text("\n".join(targets.card_numbers))
    (work / "vehicles.txt").write_text("\n".join(targets.history_vehicles))
    api, tablet, manager = work / "api.txt", work / "tablet.txt", work / "manager.txt"
    api.write_text(f"Authorization: Bearer {targets.token}\nContent-Type: application/json\n")
    # Completed repairs on both pages: page 1 of all repairs would list the benchmark's own
    # performing ones, which have no jobs, and compare a light page with a full one.
    completed = "/manager/history?status=completed"
    deep = f"{completed}&after={targets.deep_cursor}"
    screen = f"/t/repairs/{targets.screen_repair}"
    history = "/api/scooter/repair-history?vehicle_id={}"
    found = [
        Scenario("baseline", "Baseline: GET /api/openapi.json", "/api/openapi.json"),
        Scenario("floor", "Second baseline: GET /healthz (no database, no session)", "/healthz"),
        Scenario(
            "job_types",
            "For scale: GET /api/job-types (token + 1 read)",
            "/api/job-types",
            None,
            api,
        ),
        Scenario(
            "job_start",
            "Start a job (POST /api/repair-job/start)",
            "/api/repair-job/start",
            work / "job_repairs.txt",
            api,
            201,
            "job",
        ),
        Scenario("history_api", "Repair-history API", history, work / "vehicles.txt", api),
        Scenario(
            "card", "Scooter card /t/scooter/N", "/t/scooter/{}", work / "numbers.txt", tablet
        ),
        Scenario(
            "card_drive",
            "For scale: the card's live part from Drive /t/scooter/N/drive",
            "/t/scooter/{}/drive",
            work / "numbers.txt",
            tablet,
        ),
        Scenario(
            "tablet_home",
            "For scale: tablet home page /t/ (logged in, on shift)",
            "/t/",
            None,
            tablet,
        ),
        Scenario("repair_screen", "Repair screen /t/repairs/ID", screen, None, tablet),
        Scenario("stats", "Statistics, 30 days, all warehouses", "/manager/stats", None, manager),
        Scenario(
            "history_first",
            "History /manager/history, completed repairs, page 1",
            completed,
            None,
            manager,
        ),
        Scenario(
            "history_deep",
            "History, completed repairs, page 1,000 (keyset cursor)",
            deep,
            None,
            manager,
        ),
        Scenario(
            "board",
            "Warehouse board /manager/board (the first warehouse: waiting, in repair, ready)",
            "/manager/board",
            None,
            manager,
        ),
    ]
    return {s.name: s for s in found}


@dataclass
class Bench:
    """The server, the logged-in browsers, and how each scenario is measured."""

    server: Server
    work: Path
    targets: bench_setup.Targets
    database_url: str
    application_name: str
    nonce: str
    pin: str
    wrk_threads: int
    seconds: float
    warmup: float
    timeout: float
    browsers: dict[str, requests.Session] = field(default_factory=dict)
    stats_refreshes: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        base, targets = self.server.base, self.targets
        bench_setup.start_repairs(base, targets, self.nonce)
        performer, place = targets.repairers[-1]
        self.browsers["tablet.txt"] = bench_setup.log_in(base, performer, self.pin, place)
        self.browsers["manager.txt"] = bench_setup.log_in(base, targets.manager, self.pin)
        self.defined = scenarios(self.work, targets)
        self.empty = self.work / "none.txt"
        self.empty.write_text("")

    def measure(self, name: str, connections: int) -> Measure:
        """Warm up, then measure one scenario; leave the server idle again afterwards."""
        scenario = self.defined[name]
        if name == "stats":
            # As the timer of a deployment would every few minutes (README, "Statistics").
            self.stats_refreshes.append(self.server.flask("stats", "refresh"))
        if scenario.headers and scenario.headers.name in self.browsers:
            home = "/t/" if scenario.headers.name == "tablet.txt" else "/manager/"
            browser = self.browsers[scenario.headers.name]
            cookie = bench_setup.cookie_header(browser, self.server.base, home)
            scenario.headers.write_text(f"Cookie: {cookie}\n")
        common = {
            "threads": self.wrk_threads,
            "nonce": self.nonce,
            "empty_headers": self.empty,
            "timeout_s": self.timeout,
        }
        if self.warmup and connections > 1:  # the first measure of a scenario
            bench_wrk.visit_each(scenario, self.server.base, self.timeout, self.empty)
        if self.warmup:
            self._settle(
                bench_wrk.run(
                    scenario,
                    self.server.base,
                    connections=min(4, connections),
                    seconds=self.warmup,
                    **common,
                )
            )
        result = bench_wrk.run(
            scenario, self.server.base, connections=connections, seconds=self.seconds, **common
        )
        self._settle(result)
        if connections == 1 and result.requests < 3:
            result = bench_wrk.sequential(scenario, self.server.base, 3, self.timeout, self.empty)
        if name == "job_start":
            forget_started_jobs(self.database_url, self.targets.job_repairs)
        print(
            f"  {name:14} c={connections:<3} {result.rps:8.1f} req/s  p50 {result.p50_ms:8.1f}"
            f" ms  p99 {result.p99_ms:8.1f} ms  failed {result.failed}",
            flush=True,
        )
        return result

    def _settle(self, _result: Measure) -> None:
        """Stop the queries wrk abandoned, and wait until the server answers again."""
        cancel_queries(self.database_url, self.application_name)
        requests.get(f"{self.server.base}/api/openapi.json", timeout=600).raise_for_status()

    def measure_all(self, run: Run, connections: int, only: set[str]) -> None:
        """Both baselines, every scenario under load, both baselines again; then one client
        each, after both baselines."""
        run.titles = {name: s.title for name, s in self.defined.items()}
        print("Under load:", flush=True)
        run.baselines.append(self.measure("baseline", connections))
        run.floors.append(self.measure("floor", connections))
        run.loaded += [self.measure(n, connections) for n in LOADED if not only or n in only]
        run.baselines.append(self.measure("baseline", connections))
        run.floors.append(self.measure("floor", connections))
        print("One client:", flush=True)
        run.baselines.append(self.measure("baseline", 1))
        run.floors.append(self.measure("floor", 1))
        run.single += [self.measure(n, 1) for n in SINGLE if not only or n in only]
        run.rss_mb = self.server.worker_rss_mb()
        if not only or "downtime" in only:
            # The true downtime (issue 14) is computed with the report behind the page; timed
            # here on its own, as one run of its own command, over the last 30 and 90 days.
            took = [self.server.flask("stats", "downtime", "--days", d) for d in ("30", "90")]
            run.meta["downtime"] = (
                "true downtime computed by `flask stats downtime` "
                f"(30 days: {took[0]:.1f} s, 90 days: {took[1]:.1f} s, process start included)"
            )
        if self.stats_refreshes:
            seconds = ", ".join(f"{s:.1f}" for s in self.stats_refreshes)
            run.meta["statistics"] = (
                "snapshots made by `flask stats refresh` before each statistics scenario, "
                f"as a timer would every few minutes ({seconds} s)"
            )

    def weigh_pages(self, run: Run) -> None:
        """First loads of the tablet's find page, card and repair screen; the screen's swaps."""
        base, tablet = self.server.base, self.browsers["tablet.txt"]
        screen = f"/t/repairs/{self.targets.screen_repair}"
        for path in ("/t/", f"/t/scooter/{self.targets.card_numbers[0]}", screen):
            run.pages.append(bench_pages.first_load(tablet, base, path))
        run.swaps += [bench_pages.swap(tablet, base, screen, part) for part in SWAPS]

    def finish(self) -> None:
        """End the benchmark's repairs."""
        bench_setup.end_repairs(self.server.base, self.targets)
