"""The stage rule: forward one step at a time; 已终止 from any stage that is not final."""

from __future__ import annotations

from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.engagements.messages import STAGES, TERMINATION_REASONS, both

ORDER: tuple[str, ...] = (
    "recommended",
    "contacted",
    "interested",
    "negotiating",
    "signed",
    "implementing",
    "completed",
)
TERMINATED = "terminated"
FINAL = frozenset({"completed", TERMINATED})
OPEN_STAGES: tuple[str, ...] = ORDER[:-1]
SIGNED_OR_LATER = frozenset(ORDER[ORDER.index("signed") :])


def rank(stage: str) -> int:
    """Position in :data:`ORDER` (terminated has none: -1)."""
    return ORDER.index(stage) if stage in ORDER else -1


def next_stage(stage: str) -> str | None:
    """The one stage an engagement may move forward to, or None when it is final."""
    if stage in FINAL:
        return None
    return ORDER[rank(stage) + 1]


def check_transition(current: str, target: str, reason: str | None, note: str) -> None:
    """Raise :class:`Conflict` for a move the order forbids, :class:`InvalidInput` for a bad
    code or a termination without its reason."""
    if target not in STAGES:
        raise InvalidInput(
            f"未知阶段 {target!r}，应为 {'、'.join(STAGES)} 之一 (unknown stage)",
            details=[{"field": "stage", "value": target}],
        )
    if current in FINAL:
        raise Conflict(
            f"对接已处于最终阶段「{both(STAGES, current)}」，不能再变更 "
            f"(the engagement is {current}; no further stage change)"
        )
    if target == TERMINATED:
        _check_reason(reason, note)
        return
    allowed = next_stage(current)
    if target != allowed:
        assert allowed is not None
        raise Conflict(
            f"不能从「{both(STAGES, current)}」变更为「{both(STAGES, target)}」："
            f"下一阶段只能是「{both(STAGES, allowed)}」，或以原因终止 "
            f"(stage changes go forward one step: next allowed stage is {allowed!r}, "
            "or terminated with a reason)",
            details=[{"field": "stage", "current": current, "allowed": [allowed, TERMINATED]}],
        )


def _check_reason(reason: str | None, note: str) -> None:
    if reason not in TERMINATION_REASONS:
        choices = "、".join(f"{code} {label[0]}" for code, label in TERMINATION_REASONS.items())
        raise InvalidInput(
            f"终止对接须给出原因，应为：{choices} (terminating needs a reason from the list)",
            details=[{"field": "reason", "value": reason}],
        )
    if reason == "other" and not note.strip():
        raise InvalidInput(
            "终止原因为「其他」时须在 note 中说明 (reason 'other' needs a note)",
            details=[{"field": "note"}],
        )
