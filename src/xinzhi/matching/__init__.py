"""Matching ("产业出题、科技答题"): for a demand, ranked achievements, patents, experts and
institutions with the reasons; the reverse for an achievement; a demand-quality gate.

Built on the catalog's records and the search entries in ``core.search``; the hybrid lexical +
dense retrieval engine lands with the matching issue. Modules will follow the shared file
roles: ``models.py``, ``schemas.py``, ``service.py``, ``views.py`` (API), ``cli.py``, ``jobs.py``.
"""
