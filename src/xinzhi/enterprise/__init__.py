"""Enterprise services: 专精特新 tier assessment by versioned rule packs, risk early warning,
policy matching and R&D super-deduction estimates.

``assess(profile, rules="miit-2026")`` runs every tier of a rule set on an
:class:`~xinzhi.enterprise.profiles.profile.EnterpriseProfile` and explains each result; see
docs/enterprise.md. Sub-packages by role, imported one way (profiles ← rules ← policies, risk ←
this level): ``rules`` (the rule engine and its YAML packs), ``profiles`` (the profile shape and
its files), ``policies`` (policy conditions, matching, super deduction, the policy seed) and
``risk`` (risk indicators, title warnings, portfolio). This level keeps the domain's usual roles
(``models``, ``schemas``, ``service``, ``cli``) and what combines the sub-packages
(``assessment``, ``report``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xinzhi.enterprise.rules.result import Assessment


def assess(profile: Any, rules: str = "miit-2026", **options: Any) -> Assessment:
    """Assess a profile (a model or a dict) under a rule set; see ``assessment.assess``."""
    from xinzhi.enterprise.assessment import assess as run

    return run(profile, rules, **options)


__all__ = ["assess"]
