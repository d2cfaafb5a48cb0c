"""Patent export formats for the catalog importer: named profiles, readers and transforms.

Each format is a YAML profile in ``profiles/`` (column mapping, detection headers, list
separator, value transforms, reader) registered with
:mod:`xinzhi.catalog.importing.profiles`, so every format goes through the one column-mapping
importer (``xinzhi import patents FILE [--profile NAME]``). Readers for non-tabular inputs:
:mod:`.sqldump` (MySQL dumps) and :mod:`.uspto` (USPTO XML). See docs/patent-import.md.
"""

from __future__ import annotations

from pathlib import Path

from xinzhi.catalog.importing import profiles as registry
from xinzhi.patents.formats.sqldump import read_sql_dump
from xinzhi.patents.formats.transforms import TRANSFORMS
from xinzhi.patents.formats.uspto import read_uspto_xml

PROFILE_DIR = Path(__file__).parent / "profiles"

registry.TRANSFORMS.update(TRANSFORMS)
registry.READERS.update({"mysql_dump": read_sql_dump, "uspto_xml": read_uspto_xml})
for _path in sorted(PROFILE_DIR.glob("*.yaml")):
    registry.register(registry.load_profile_file(_path))
