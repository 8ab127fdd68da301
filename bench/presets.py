"""The sizes of the generated data sets (issue 7), and scaling them down for quick runs."""

from __future__ import annotations

from dataclasses import dataclass, replace

DAYS = 730  # about two years of history, ending yesterday


@dataclass(frozen=True)
class Preset:
    """How much history to generate."""

    name: str
    scooters: int
    warehouses: int
    repairers: int
    repairs: int
    jobs: int
    days: int = DAYS
    postgres_only: bool = False

    @property
    def managers(self) -> int:
        """One manager per ten warehouses, at least one."""
        return max(1, self.warehouses // 10)

    def scaled(self, scale: float) -> Preset:
        """Every count multiplied by `scale` (at least one of each; a job per repair at least)."""
        if scale <= 0:
            raise ValueError("scale must be positive")
        if scale == 1:
            return self

        def n(value: int) -> int:
            return max(1, round(value * scale))

        repairs = n(self.repairs)
        return replace(
            self,
            name=f"{self.name}x{scale:g}",
            scooters=n(self.scooters),
            warehouses=n(self.warehouses),
            repairers=n(self.repairers),
            repairs=repairs,
            jobs=max(repairs, n(self.jobs)),
        )


PRESETS = {
    "large": Preset("large", 100_000, 300, 3_000, 2_000_000, 10_000_000, postgres_only=True),
    "medium": Preset("medium", 10_000, 50, 300, 200_000, 1_000_000),
    "small": Preset("small", 1_000, 10, 50, 20_000, 100_000),
}
