"""Evaluation indices: entropy/CRITIC/std weights, TOPSIS variants, coupling coordination, obstacle
degree, Dagum Gini, kernel density and Moran's I over region × year panels.

Each method is a pure kernel (NumPy in, NumPy out), a validated wrapper (NumPy or pandas in,
:class:`~xinzhi.core.errors.InvalidInput` with a readable message) and an explainable result that
keeps intermediates and parameters (``to_frame()``, ``to_dict()``). Formulas, variants and where
sources disagree: ``docs/indices.md`` and DOMAIN.md §4.
"""

from xinzhi.indices.classify import SCHEMES, classify, lag_type
from xinzhi.indices.coupling import CouplingResult, coupling_coordination
from xinzhi.indices.dagum import DagumResult, dagum_gini
from xinzhi.indices.kde import DensityResult, kernel_density
from xinzhi.indices.moran import MoranResult, morans_i
from xinzhi.indices.normalise import ZERO_VARIANTS, Normalised, normalise
from xinzhi.indices.obstacle import ObstacleResult, obstacle_degree
from xinzhi.indices.topsis import VARIANTS as TOPSIS_VARIANTS
from xinzhi.indices.topsis import TopsisResult, topsis
from xinzhi.indices.weights import (
    PanelWeights,
    Weights,
    critic_weights,
    entropy_weights,
    panel_entropy_weights,
    std_weights,
)

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
