"""A thin API client for tests: the bearer header and JSON bodies, nothing more."""

from __future__ import annotations

from typing import Any


class ApiClient:
    """Calls the JSON API through Flask's test client with a bearer token."""

    def __init__(self, client, token: str, vehicle_ids: list[str]) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.vehicle_ids = vehicle_ids

    def vehicle(self, n: int = 1) -> str:
        """The id of the n-th scooter of the simulator's fleet (1-based)."""
        return self.vehicle_ids[n - 1]

    def post(self, path: str, json: Any = None, query: dict | None = None):
        """POST a JSON body (or only a query string) to `path`."""
        return self.client.post(path, json=json, query_string=query, headers=self.headers)

    def get(self, path: str, query: dict | None = None):
        """GET `path` with a query string."""
        return self.client.get(path, query_string=query, headers=self.headers)

    def start_repair(self, repair_id="r-1", performer_id="rep-1", vehicle_id=None, place_id="wh-1"):
        """POST /api/repair/start (on the fleet's first scooter unless told otherwise)."""
        return self.post(
            "/api/repair/start",
            {
                "repair_id": repair_id,
                "performer_id": performer_id,
                "vehicle_id": vehicle_id or self.vehicle(1),
                "place_id": place_id,
            },
        )

    def end_repair(self, repair_id="r-1", status: str | None = None):
        """POST /api/repair/end."""
        body = {"repair_id": repair_id} | ({"status": status} if status else {})
        return self.post("/api/repair/end", body)

    def start_job(self, job_id="j-1", repair_id="r-1", job_type="grips"):
        """POST /api/repair-job/start."""
        return self.post(
            "/api/repair-job/start", {"repair_id": repair_id, "job_id": job_id, "type": job_type}
        )

    def end_job(self, job_id="j-1", status: str | None = None):
        """POST /api/repair-job/end."""
        body = {"job_id": job_id} | ({"status": status} if status else {})
        return self.post("/api/repair-job/end", body)
