"""Technology readiness (TRL) on the NASA, EU and GB/T scales: evidence-gated assessments with
history, an automatic prior, and a track's maturity.

Achievements store ``trl`` together with ``trl_scale`` (``nasa`` | ``eu`` | ``gbt``) so no value
is ever read without its scale. ``scales`` (level definitions as versioned data, ``convert``),
``checklist`` (criteria per level and hw/sw track), ``prior`` (``trl_prior`` from text and linked
patents), ``track`` (``track_maturity``), ``service`` (assess, answer, evidence, approve,
history) and ``cli`` (``xinzhi maturity``). See ``docs/maturity.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinzhi.core.lazy import lazy_getattr

if TYPE_CHECKING:
    from xinzhi.maturity.prior import trl_prior
    from xinzhi.maturity.scales import convert
    from xinzhi.maturity.track import track_maturity

# Public names load on first use (PEP 562): importing the models does not load jieba.
_MODULE_OF = {"convert": "scales", "trl_prior": "prior", "track_maturity": "track"}

__all__ = ["convert", "track_maturity", "trl_prior"]

__getattr__ = lazy_getattr("xinzhi.maturity", globals(), _MODULE_OF)
