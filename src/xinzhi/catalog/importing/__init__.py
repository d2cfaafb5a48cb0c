"""Catalog import and export: files in, records out, and nothing lost or mangled on the way.

``import_file`` reads .xlsx, .csv, .tsv and .json (optionally gzip-compressed) into any
importable entity; ``export_file`` writes records back in a form that re-imports unchanged;
``preview_file`` feeds the web upload page. See docs/import.md.
"""

from __future__ import annotations

from xinzhi.catalog.importing.export import ExportResult, export_file, export_records
from xinzhi.catalog.importing.preview import preview_file
from xinzhi.catalog.importing.report import ImportRejected, ImportReport
from xinzhi.catalog.importing.run import ImportOptions, import_file

__all__ = [
    "ExportResult",
    "ImportOptions",
    "ImportRejected",
    "ImportReport",
    "export_file",
    "export_records",
    "import_file",
    "preview_file",
]
