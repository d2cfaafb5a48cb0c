"""Evaluation indices: entropy/CRITIC weights, TOPSIS variants, coupling coordination, obstacle
degree, Dagum Gini, kernel density and Moran's I over region × year panels.

Each index will be a pure kernel, a validated wrapper and an explainable result.
"""
