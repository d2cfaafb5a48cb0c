"""Patent navigation (专利导航, GB/T 39551): landscape, life cycle (S-curves), burst detection,
watchlists with warnings and reports.

Patent records themselves live in ``xinzhi.catalog`` (``Patent``, ``PatentCitation``) and are
imported with ``xinzhi import patents``; this package adds the analytics over them.
"""
