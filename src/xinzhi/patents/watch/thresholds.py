"""What a watchlist run is set up with: its thresholds, and how competitor names are compared.

Shared by the snapshot (:mod:`xinzhi.patents.watch.evaluate`), the triggers
(:mod:`xinzhi.patents.watch.triggers`) and the stored watchlists (:mod:`.service`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from xinzhi.core.errors import InvalidInput

BURST_FIELDS = ("query", "keyword", "ipc", "applicant", "inventor", "province")


@dataclass(frozen=True)
class Thresholds:
    """The parameters of a run: Kleinberg's s and γ, term selection, S-curve and thresholds."""

    s: float = 2.0
    gamma: float = 1.0
    min_total: int = 5
    min_duration: int = 1
    top_terms: int = 20
    burst_fields: tuple[str, ...] = ("query", "keyword", "ipc", "applicant")
    model: str = "logistic"
    censored_years: int = 1
    maturity: tuple[float, ...] = (0.25, 0.5, 0.75)

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Thresholds:
        raw = dict(raw or {})
        unknown = set(raw) - set(cls.__dataclass_fields__)
        if unknown:
            raise InvalidInput(f"unknown threshold(s): {', '.join(sorted(unknown))}")
        for key in ("burst_fields", "maturity"):
            if key in raw:
                raw[key] = tuple(raw[key])
        made = cls(**raw)
        made.check()
        return made

    def check(self) -> None:
        if not self.s > 1 or not self.gamma > 0:
            raise InvalidInput("s must be > 1 and gamma > 0")
        bad = [f for f in self.burst_fields if f not in BURST_FIELDS]
        if bad:
            raise InvalidInput(f"unknown burst field(s) {bad}; use {', '.join(BURST_FIELDS)}")
        if self.model not in ("logistic", "gompertz"):
            raise InvalidInput("model must be logistic or gompertz")
        if any(not 0 < t < 1.5 for t in self.maturity):
            raise InvalidInput("maturity thresholds are shares of K: between 0 and 1.5")
        if self.min_total < 1 or self.min_duration < 1 or self.top_terms < 1:
            raise InvalidInput("min_total, min_duration and top_terms must be ≥ 1")
        if self.censored_years < 0:
            raise InvalidInput("censored_years must be ≥ 0")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return data | {"burst_fields": list(self.burst_fields), "maturity": list(self.maturity)}


def fold(name: str) -> str:
    """NFKC (full-width → half-width), no white space, case-folded: how names are compared."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()
