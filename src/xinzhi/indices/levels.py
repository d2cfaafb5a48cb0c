"""Classification schemes of the coupling coordination degree D and the lag type (DOMAIN.md §4.4).

- "10": ten levels in [0.1) steps (origin usually credited to 廖重斌 1999, 热带地理 19(2):171–177);
- "6":  cut-offs 0.45/0.55/0.65/0.75/0.85 (third-party code, DOMAIN.md §4.4 file 56246880929);
- "5":  cut-offs 0.2/0.4/0.6/0.8 (third-party code, DOMAIN.md §4.4 file 56605757328).
Intervals are closed on the left, [a, b); the top one includes 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from xinzhi.core.errors import InvalidInput


@dataclass(frozen=True)
class Level:
    lower: float
    level: str
    category: str


_DECLINE, _TRANSITION, _COORDINATED = "失调衰退类", "过渡类", "协调发展类"

SCHEMES: dict[str, tuple[Level, ...]] = {
    "10": (
        Level(0.0, "极度失调", _DECLINE),
        Level(0.1, "严重失调", _DECLINE),
        Level(0.2, "中度失调", _DECLINE),
        Level(0.3, "轻度失调", _DECLINE),
        Level(0.4, "濒临失调", _TRANSITION),
        Level(0.5, "勉强协调", _TRANSITION),
        Level(0.6, "初级协调", _COORDINATED),
        Level(0.7, "中级协调", _COORDINATED),
        Level(0.8, "良好协调", _COORDINATED),
        Level(0.9, "优质协调", _COORDINATED),
    ),
    "6": (
        Level(0.0, "极度失调", _DECLINE),
        Level(0.45, "濒临失调", _TRANSITION),
        Level(0.55, "初级协调", _COORDINATED),
        Level(0.65, "中级协调", _COORDINATED),
        Level(0.75, "良好协调", _COORDINATED),
        Level(0.85, "优质协调", _COORDINATED),
    ),
    "5": (
        Level(0.0, "极度失调", _DECLINE),
        Level(0.2, "中度失调", _DECLINE),
        Level(0.4, "勉强协调", _TRANSITION),
        Level(0.6, "良好协调", _COORDINATED),
        Level(0.8, "优质协调", _COORDINATED),
    ),
}

SCHEME_SOURCES = {
    "10": "廖重斌 (1999) 热带地理 19(2):171-177; DOMAIN.md §4.4",
    "6": "third-party code (DOMAIN.md §4.4, file 56246880929)",
    "5": "third-party code (DOMAIN.md §4.4, file 56605757328)",
}


def classify(d: float, scheme: str = "10") -> Level:
    """The level of D ∈ [0, 1] under ``scheme`` (the lower bound of each interval is included)."""
    if not 0.0 <= d <= 1.0 + 1e-12:
        raise InvalidInput(f"coupling coordination degree {d} is outside [0, 1]")
    chosen = SCHEMES[scheme][0]
    for level in SCHEMES[scheme]:
        if d >= level.lower:
            chosen = level
    return chosen


def lag_type(u1: float, u2: float, names: list[str], threshold: float = 0.1) -> str:
    """同步 when |U₁ − U₂| ≤ threshold, else the lower subsystem lags ("产业创新滞后") [MEM]."""
    if abs(u1 - u2) <= threshold:
        return "同步"
    return f"{names[1] if u1 > u2 else names[0]}滞后"
