"""The enterprise profile: what every rule pack, risk indicator and policy condition reads.

``profile`` is the validated shape (money in 万元, unknown never zero); ``profile_io`` reads
profiles from JSON, CSV and Excel. This package imports nothing else of ``enterprise``, so the
rule engine, risk and policies all build on it. The tables that store profiles are
``enterprise.models`` and the use cases ``enterprise.service``, as in every domain.
"""
