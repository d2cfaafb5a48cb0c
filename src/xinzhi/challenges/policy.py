"""The department's policy figures, read from settings at the boundary and handed to services.

None of these numbers is fixed by an official 揭榜挂帅 text (ANCHORS §H1 ✘): they are settings,
documented in docs/settings.md and docs/challenges.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Policy:
    trim_from: int = 5
    spread_limit: float = 15.0
    defence_weight: float = 0.3
    conflict_years: int = 3
    race_startup_share: float = 0.1
    compensation_share: float = 0.3
    compensation_cap_wan: float = 100.0

    @classmethod
    def of(cls, settings: Any) -> Policy:
        return cls(
            trim_from=settings.challenge_trim_from,
            spread_limit=settings.challenge_spread_limit,
            defence_weight=settings.challenge_defence_weight,
            conflict_years=settings.challenge_conflict_years,
            race_startup_share=settings.challenge_race_startup_share,
            compensation_share=settings.challenge_compensation_share,
            compensation_cap_wan=settings.challenge_compensation_cap_wan,
        )
