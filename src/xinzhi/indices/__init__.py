"""Evaluation indices: entropy/CRITIC/std weights, TOPSIS variants, coupling coordination, obstacle
degree, Dagum Gini, kernel density and Moran's I over region × year panels.

Each method is a pure kernel (NumPy in, NumPy out), a validated wrapper (NumPy or pandas in,
:class:`~xinzhi.core.errors.InvalidInput` with a readable message) and an explainable result that
keeps intermediates and parameters (``to_frame()``, ``to_dict()``). Formulas, variants and where
sources disagree: ``docs/indices.md`` and DOMAIN.md §4.

The public names load on first use (PEP 562 ``__getattr__``): ``xinzhi.core.schema`` imports
``xinzhi.indices.models`` for Alembic, and that must not pull in NumPy, pandas and SciPy. No
submodule shares a name with a public function (``topsis_method``, not ``topsis``), because
importing a submodule would otherwise replace the function on the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinzhi.core.lazy import lazy_getattr

if TYPE_CHECKING:
    from xinzhi.indices.coupling import CouplingResult, coupling_coordination
    from xinzhi.indices.dagum import DagumResult, dagum_gini
    from xinzhi.indices.kde import DensityResult, kernel_density
    from xinzhi.indices.levels import SCHEMES, classify, lag_type
    from xinzhi.indices.moran import MoranResult, morans_i
    from xinzhi.indices.normalisation import ZERO_VARIANTS, Normalised, normalise
    from xinzhi.indices.obstacle import ObstacleResult, obstacle_degree
    from xinzhi.indices.topsis_method import VARIANTS as TOPSIS_VARIANTS
    from xinzhi.indices.topsis_method import TopsisResult, topsis
    from xinzhi.indices.weights import (
        PanelWeights,
        Weights,
        critic_weights,
        entropy_weights,
        panel_entropy_weights,
        std_weights,
    )

_PUBLIC = {
    "levels": ("SCHEMES", "classify", "lag_type"),
    "coupling": ("CouplingResult", "coupling_coordination"),
    "dagum": ("DagumResult", "dagum_gini"),
    "kde": ("DensityResult", "kernel_density"),
    "moran": ("MoranResult", "morans_i"),
    "normalisation": ("ZERO_VARIANTS", "Normalised", "normalise"),
    "obstacle": ("ObstacleResult", "obstacle_degree"),
    "topsis_method": ("TOPSIS_VARIANTS", "TopsisResult", "topsis"),
    "weights": (
        "PanelWeights",
        "Weights",
        "critic_weights",
        "entropy_weights",
        "panel_entropy_weights",
        "std_weights",
    ),
}
_ALIASES = {"TOPSIS_VARIANTS": "VARIANTS"}
_MODULE_OF = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = [
    "SCHEMES",
    "TOPSIS_VARIANTS",
    "ZERO_VARIANTS",
    "CouplingResult",
    "DagumResult",
    "DensityResult",
    "MoranResult",
    "Normalised",
    "ObstacleResult",
    "PanelWeights",
    "TopsisResult",
    "Weights",
    "classify",
    "coupling_coordination",
    "critic_weights",
    "dagum_gini",
    "entropy_weights",
    "kernel_density",
    "lag_type",
    "morans_i",
    "normalise",
    "obstacle_degree",
    "panel_entropy_weights",
    "std_weights",
    "topsis",
]


__getattr__ = lazy_getattr("xinzhi.indices", globals(), _MODULE_OF, _ALIASES)
